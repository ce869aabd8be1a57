import SendCheckCore
import Testing

/// A return cut short, broken or in another encoding says so, with the true reason at its place.
@Suite("SEN2 returns cut short or broken")
struct SEN2MalformedTests {
    static let whole = """
        <Message>
          <Header><CollectionDetails><Collection>SEN2</Collection><Year>2026</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails></Header>
          <Persons>
            <Person><UPN>Z1</UPN></Person>
            <Person><UPN>Z2</UPN></Person>
          </Persons>
        </Message>

        """

    static func summary(_ xml: String) -> (SEN2XMLReader.Summary, [String]) {
        var diagnostics = Diagnostics()
        let reader = SEN2XMLReader(path: "sen2.xml")
        let summary = Array(xml.utf8).withUnsafeBytes { reader.read($0, diagnostics: &diagnostics) { _, _ in } }
        if let (at, message) = reader.cutShort([summary]) { diagnostics.error(at, message) }
        return (summary, diagnostics.items.map(\.description))
    }

    @Test("a whole return ends properly")
    func whole() {
        let (summary, diagnostics) = Self.summary(Self.whole)
        #expect(summary.messageClosed && summary.persons == 2)
        #expect(diagnostics.isEmpty)
    }

    @Test("a return cut off after a person (no </Message>) is an error, with the persons read")
    func cutAfterPerson() {
        let cut = String(Self.whole[..<Self.whole.range(of: "  </Persons>")!.lowerBound])
        let (summary, diagnostics) = Self.summary(cut)
        #expect(summary.persons == 2 && !summary.messageClosed)
        #expect(
            diagnostics == [
                "sen2.xml:6:1: error: the file ends here, before the return does (no </Message>): it is cut short; the 2 persons read are checked, and any after this point are missing"
            ])
    }

    @Test("a return cut inside its header says it is cut short, and that nothing is checked")
    func cutInHeader() {
        let cut = String(Self.whole.prefix(60))
        let (summary, diagnostics) = Self.summary(cut)
        #expect(summary.persons == 0 && summary.stoppedEarly)
        #expect(diagnostics == ["sen2.xml:2:46: error: the file is cut short: the file ends inside an end tag; nothing in it is checked"])
    }

    @Test("a syntax error inside a person is named as one, not as the end of the file")
    func syntaxErrorInPerson() {
        let broken = Self.whole.replacingOccurrences(of: "<Person><UPN>Z2</UPN></Person>", with: "<Person><UPN a=\"Z2</UPN></Person>")
        let (summary, diagnostics) = Self.summary(broken)
        #expect(summary.persons == 1)
        #expect(diagnostics.contains("sen2.xml:5:5: error: the XML is broken inside this <Person>: it is not checked (0 request(s) not read)"))
        #expect(diagnostics.contains { $0.hasPrefix("sen2.xml:5:13: error: not XML from here:") })
        #expect(!diagnostics.contains { $0.contains("cut short") })
    }

    @Test("a UTF-16 return is named as such, not as 'no SEN2 Message'")
    func utf16() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array(Self.whole.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(
            bytes.withUnsafeBytes { SEN2XMLReader.encodingProblem($0) }
                == "the file is UTF-16 (little-endian), not UTF-8: save it as UTF-8 (XML in UTF-8)")
        #expect(Array(Self.whole.utf8).withUnsafeBytes { SEN2XMLReader.encodingProblem($0) } == nil)
    }
}
