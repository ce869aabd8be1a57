import SendCheckCore
import Testing

@Suite("SEN2 XML reading")
struct SEN2XMLReaderTests {
    @Test("names match without regard to case or namespace prefix; unknown elements are passed through")
    func tolerant() {
        let xml = """
            <?xml version="1.0"?>
            <!-- a comment <Person> that is not one -->
            <s:message xmlns:s="urn:example">
              <S:HEADER><collectiondetails><YEAR>2025</YEAR><referenceDate>2025-01-16</referenceDate></collectiondetails></S:HEADER>
              <s:Persons>
                <s:Person><UPN>Z1</UPN>
                  <Wrapper><Requests><ReceivedDate>2024-03-04</ReceivedDate><requestoutcome>Y</requestoutcome>
                    <Unknown>ignored</Unknown></Requests></Wrapper>
                  <Requests><ReceivedDate><![CDATA[2024-05-06]]></ReceivedDate></Requests>
                </s:Person>
              </s:Persons>
            </s:message>
            """
        let (header, persons, diagnostics) = SEN2Fixtures.blocks(xml)
        #expect(diagnostics == [])
        #expect(header.year == 2025 && header.referenceDate == Fixtures.day("2025-01-16"))
        #expect(persons.count == 1)
        let requests = persons[0].blocks(.requests)
        #expect(requests.map { $0.value(.receivedDate) } == ["2024-03-04", "2024-05-06"])
        #expect(requests[0].value(.requestOutcome) == "Y")
        #expect(requests[0].items.count == 2)
    }

    @Test("values keep their line and column; entities are decoded")
    func positions() {
        let xml = "<Message><Persons>\n<Person>\n  <Surname>O&apos;Neil &amp; Co</Surname>\n  <UPN>\n    Z2\n  </UPN>\n</Person></Persons></Message>"
        let (_, persons, _) = SEN2Fixtures.blocks(xml)
        let surname = persons[0].item(.surname)
        #expect(surname?.text == "O'Neil & Co")
        #expect(surname.map { [$0.line, $0.column] } == [3, 12])
        let upn = persons[0].item(.upn)
        #expect(upn.map { [$0.line, $0.column] } == [5, 5])
        #expect(persons[0].line == 2 && persons[0].column == 1)
    }

    @Test("a block out of place, a stray end tag and a file that stops being XML are located")
    func located() {
        let xml = "<Message><Persons>\n<Assessment/>\n<Person><UPN>Z1</UPN></Person>\n</Nothing>\n<Person><UPN>Z2</UPN>\n<Requests>< bad"
        let (_, persons, diagnostics) = SEN2Fixtures.blocks(xml)
        #expect(persons.count == 1)
        #expect(
            diagnostics == [
                "sen2.xml:2:1: warning: <Assessment> is not inside <Requests>: ignored with everything in it",
                "sen2.xml:4:1: warning: this end tag matches no open element: ignored",
                "sen2.xml:6:11: error: not XML from here: '<' does not begin a tag; the persons before this point are checked, the rest of the file is not read",
                "sen2.xml:5:1: error: the XML is broken inside this <Person>: it is not checked (1 request(s) not read)",
            ])
    }

    @Test("line breaks are counted as a byte-by-byte count counts them, at any length and density")
    func lineBreaks() {
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        for (length, density) in [(0, 2), (15, 2), (16, 2), (63, 3), (64, 3), (65, 5), (1000, 7), (20_000, 1), (70_000, 40)] {
            // density 1: every byte a line break, the most a lane's counter must hold.
            let bytes: [UInt8] = (0..<length).map { _ in
                x ^= x << 13
                x ^= x >> 7
                x ^= x << 17
                return x % UInt64(density) == 0 ? 0x0A : 0x61
            }
            let expected = bytes.count { $0 == 0x0A }
            #expect(bytes.withUnsafeBytes { SEN2XMLReader.lineBreaks(in: $0) } == expected, "\(length) bytes")
        }
    }

    @Test("a file that is not a SEN2 return says so")
    func notSEN2() {
        #expect(
            SEN2Fixtures.blocks("<Other><Thing/></Other>").diagnostics == ["sen2.xml:1:1: error: no SEN2 <Message> here: is this a SEN2 XML return?"])
    }

    @Test("split at <Person> tags, the parts read on several cores give what one pass gives", arguments: [2, 3, 5])
    func segments(parts: Int) throws {
        var generator = SyntheticSEN2(seed: 5, year: 2025)
        var xml = ""
        generator.generate(count: 1500) { xml += $0 }
        let bytes = Array(xml.utf8)
        let whole = SEN2Fixtures.blocks(xml)
        try bytes.withUnsafeBytes { raw in
            let header = whole.header
            let segments = SEN2XMLReader.segments(raw, count: parts, header: header)
            #expect(segments.count == parts)
            var persons: [SEN2Block] = []
            var diagnostics = Diagnostics()
            // Each segment starts on the line after the line breaks before it, as the runtime counts them.
            for var segment in segments {
                let s = raw[segment.start...]
                #expect(segment.start == 0 || String(decoding: s.prefix(8), as: UTF8.self) == "<Person>")
                segment.line = 1 + SEN2XMLReader.lineBreaks(in: UnsafeRawBufferPointer(rebasing: raw[..<segment.start]))
                _ = SEN2XMLReader(path: "sen2.xml").read(raw, segment: segment, diagnostics: &diagnostics) { h, p in
                    #expect(h == header)
                    persons.append(p.tree)
                }
            }
            #expect(diagnostics.items.isEmpty)
            #expect(persons.count == whole.persons.count)
            let a = persons.map { [$0.line, $0.column] + $0.items.map(\.line) }
            let b = whole.persons.map { [$0.line, $0.column] + $0.items.map(\.line) }
            let firstDifference = Array(zip(a, b)).firstIndex { $0 != $1 }
            #expect(firstDifference == nil, "person \(firstDifference ?? -1) differs")
            _ = try #require(segments.last)
        }
    }

    @Test("the files the generator writes for each layout read without a diagnostic", arguments: [2023, 2024, 2025, 2026])
    func layouts(year: Int) {
        var generator = SyntheticSEN2(seed: 9, year: year)
        var xml = ""
        generator.generate(count: 400) { xml += $0 }
        let (subjects, stats, diagnostics) = SEN2Fixtures.read(xml)
        #expect(diagnostics == [])
        #expect(stats.rowsRead == subjects.count && stats.rowsRejected == 0 && subjects.count >= 400)
        #expect(xml.contains("<GenderCurrent>") == (year == 2023))
        #expect(xml.contains("<ReviewMeeting>") == (year >= 2024))
        #expect(xml.contains("<PhaseTransferDueDate>") == (year >= 2025))
    }

    @Test("a value around a comment or in CDATA is its text alone; the markup is never part of it")
    func commentsAndCDATA() {
        let xml = SEN2Fixtures.wrap(
            "<Person><UPN>Z1</UPN><Requests><ReceivedDate>\n <![CDATA[2025-01-06]]>\n</ReceivedDate><RequestOutcome> <!-- decided, see note --> N</RequestOutcome><RequestOutcomeDate>2025-02-14</RequestOutcomeDate></Requests></Person>"
        )
        let (subjects, _, diagnostics) = SEN2Fixtures.read(xml)
        #expect(diagnostics == [])
        #expect(subjects.map(\.id.count) == [26])
        let request = SEN2Fixtures.blocks(xml).persons[0].blocks(.requests)[0]
        #expect(request.value(.receivedDate) == "2025-01-06")
        #expect(request.value(.requestOutcome) == "N")
    }

    @Test("a value read whole as <Name>text</Name> and one read event by event come out the same")
    func leafAndGeneralPaths() {
        // The first of each pair is read in one step; the second (end tag in other case or with a
        // prefix, a space before '>', a comment inside) goes event by event.
        let xml = SEN2Fixtures.wrap(
            """
            <Person><UPN>Z1</UPN><Requests><ReceivedDate> 2025-01-06 </ReceivedDate><RequestOutcome>Y</RequestOutcome></Requests>
            <Requests><receiveddate> 2025-01-07 </ReceivedDate><s:RequestOutcome>y</s:requestoutcome ></Requests>
            <Requests><ReceivedDate>
            2025-01-08</ReceivedDate><RequestOutcome>N<!-- c --></RequestOutcome><RequestSource>A &amp; B &unknown; &#x41;</RequestSource></Requests></Person>
            """)
        let (_, persons, diagnostics) = SEN2Fixtures.blocks(xml)
        #expect(diagnostics == [])
        let requests = persons[0].blocks(.requests)
        #expect(requests.map { $0.value(.receivedDate) } == ["2025-01-06", "2025-01-07", "2025-01-08"])
        #expect(requests.map { $0.value(.requestOutcome) } == ["Y", "y", "N"])
        // Values are located at their first character, on whichever path they were read.
        #expect(requests.map { $0.item(.receivedDate).map { [$0.line, $0.column] } } == [[5, 47], [6, 26], [8, 1]])
        // Known entities are decoded; an ampersand that begins none is kept as written.
        #expect(requests[2].value(.requestSource) == "A & B &unknown; A")
    }

    @Test("values after any indentation keep their line and column (spaces, none, many, tabs, CRLF, text)")
    func indentation() {
        // Each value is one line's `<ReceivedDate>`; its expected place is found by searching the text.
        let lines = [
            "<Person><UPN>Z1</UPN>", "<Requests><ReceivedDate>2025-01-01</ReceivedDate></Requests>",
            "   <Requests>", "<ReceivedDate>2025-01-02</ReceivedDate>", "        <ReceivedDate>2025-01-03</ReceivedDate>",
            "                   <ReceivedDate>2025-01-04</ReceivedDate>", "\t\t<ReceivedDate>2025-01-05</ReceivedDate>",
            "  \r", "  <ReceivedDate>2025-01-06</ReceivedDate>\r", "   x <ReceivedDate>2025-01-07</ReceivedDate>", "</Requests></Person>",
        ]
        let xml = SEN2Fixtures.wrap(lines.joined(separator: "\n"))
        let (_, persons, _) = SEN2Fixtures.blocks(xml)
        let items = persons[0].blocks(.requests).flatMap { $0.items.filter { $0.name == .receivedDate } }
        // Lines as bytes: "\r\n" is one Character, so splitting the String would not split there.
        let textLines = xml.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let expected = (1...7).map { day -> [Int32] in
            let value = "2025-01-0\(day)"
            let line = textLines.firstIndex { $0.contains(value) }!
            let prefix = textLines[line].components(separatedBy: value)[0]
            return [Int32(line + 1), Int32(prefix.utf8.count + 1)]
        }
        #expect(items.map(\.text) == (1...7).map { "2025-01-0\($0)" })
        #expect(items.map { [$0.line, $0.column] } == expected)
    }

    @Test("a <Person> never closed ends where the next begins; the persons after it are still read")
    func unclosedPerson() {
        let xml = SEN2Fixtures.wrap(
            """
            <Person><UPN>Z1</UPN><Requests><ReceivedDate>2025-01-06</ReceivedDate></Requests>
            <Person><UPN>Z2</UPN><Requests><ReceivedDate>2025-02-03</ReceivedDate></Requests></Person>
            <Person><UPN>Z3</UPN><Requests><ReceivedDate>2025-03-03</ReceivedDate></Requests></Person>
            """)
        let (subjects, stats, diagnostics) = SEN2Fixtures.read(xml)
        #expect(subjects.count == 3 && stats.rowsRead == 3)
        #expect(diagnostics.first == "sen2.xml:5:1: warning: this <Person> is never closed; it ends where the next <Person> begins")
    }

    @Test("nesting deeper than any return is refused at once, not matched in quadratic time")
    func deepNesting() {
        let xml = "<Message><Persons>" + String(repeating: "<a>", count: 5000) + String(repeating: "</b>", count: 5000)
        let (_, persons, diagnostics) = SEN2Fixtures.blocks(xml)
        #expect(persons.isEmpty)
        #expect(diagnostics.first?.contains("error: not XML this reader accepts: elements nested more than 256 deep") == true)
    }
}
