import SendCheckCore
import Testing

/// Made-up Blade module files (no real people): two persons, the first with two requests, one of which
/// has an assessment, a named plan naming two settings, and active plans with a placement and two needs.
@Suite("SEN2 Blade CSV")
struct SEN2BladeReaderTests {
    static let suffixes: [SEN2Name: String] = [
        .message: "sen2", .person: "person", .requests: "requests", .assessment: "assessment", .namedPlan: "namedplan",
        .planDetail: "plandetail", .activePlans: "activeplans", .placementDetail: "placementdetail", .senNeed: "senneed",
    ]

    static func path(_ module: SEN2Name) -> String { "blade/Blade-Export_07-03-2025_\(suffixes[module]!).csv" }

    static let sen2 = """
        NativeId,sen2tableid,collection,year,referencedate,lea,sen2orderseqcolumn,sourceid
        999,1,SEN2,2025,2025-Jan-16 00:00:00,999,1,1

        """
    static let person = """
        NativeId,PersonTableId,SEN2TABLEID,Surname,Forename,PersonBirthDate,Sex,UPN,personorderseqcolumn,sourceid
        999,10,1,Example,Alex,2016-Apr-11 00:00:00,M,A999999999991,2,1
        999,11,1,Sample,Sam,2013-11-05,F,A999999999992,1,1

        """
    static let requests = """
        NativeId,requeststableid,persontableid,receiveddate,requestoutcome,requestoutcomedate,requestsorderseqcolumn,sourceid
        999,100,10,2025-Jan-06 00:00:00,N,2025-Feb-14 00:00:00,1,1
        999,101,10,2025-Mar-03,Y,2025-Apr-11 00:00:00,2,1
        999,102,11,2019-Oct-01 00:00:00,H,,1,1

        """
    static let assessment = """
        assessmenttableid,requeststableid,assessmentoutcome,assessmentoutcomedate,week20
        200,101,Y,2025-Jul-18 00:00:00,false

        """
    static let namedPlan = """
        namedplantableid,assessmenttableid,startdate,planwpb,pb
        300,200,2025-Jul-18 00:00:00,A,0

        """
    static let planDetail = """
        plandetailtableid,namedplantableid,urn,placementrank,plandetailorderseqcolumn
        400,300,999002,2,2
        401,300,999001,1,1

        """
    static let activePlans = """
        activeplanstableid,requeststableid,reviewmeeting,lastreview
        500,101,28/09/2025,2025-Oct-02 00:00:00

        """
    static let placementDetail = """
        placementdetailtableid,activeplanstableid,urn,entrydate,leavingdate,wpb
        600,500,999001,2025-Sep-03 00:00:00,,0

        """
    static let senNeed = """
        senneedtableid,activeplanstableid,sentype,sentyperank
        700,500,ASD,1
        701,500,SLCN,2

        """

    static var all: [SEN2Name: String] {
        [
            .message: sen2, .person: person, .requests: requests, .assessment: assessment, .namedPlan: namedPlan,
            .planDetail: planDetail, .activePlans: activePlans, .placementDetail: placementDetail, .senNeed: senNeed,
        ]
    }

    struct Read {
        var summary: SEN2BladeReader.Summary
        var persons: [SEN2Block]
        var diagnostics: [Diagnostic]
    }

    /// Reads the given module texts as Blade files.
    static func read(_ texts: [SEN2Name: String], personID: String? = nil) -> Read {
        var buffers: [UnsafeMutableRawBufferPointer] = []
        defer { for buffer in buffers { buffer.deallocate() } }
        var files: [SEN2Name: SEN2BladeReader.File] = [:]
        for (module, text) in texts {
            let bytes = Array(text.utf8)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
            buffer.copyBytes(from: bytes)
            buffers.append(buffer)
            files[module] = SEN2BladeReader.File(path: path(module), bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]))
        }
        var diagnostics = Diagnostics()
        var persons: [SEN2Block] = []
        let summary = SEN2BladeReader(personID: personID).read(files, diagnostics: &diagnostics) { _, person in persons.append(person.tree) }
        return Read(summary: summary, persons: persons, diagnostics: diagnostics.items)
    }

    @Test("the nine modules are joined into the XML reader's nesting, in order")
    func nesting() throws {
        let read = Self.read(Self.all)
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics.map(\.description))")
        #expect(read.summary.persons == 2)
        #expect(read.summary.rowsRead == 14)
        #expect(read.summary.orphans == 0)
        #expect(read.summary.header.year == 2025)
        #expect(read.summary.header.referenceDate == Day(year: 2025, month: 1, day: 16))
        #expect(read.summary.header.lea == "999")
        #expect(read.summary.paths[.planDetail] == Self.path(.planDetail))
        #expect(read.summary.paths[.header] == Self.path(.message))

        // Persons follow personorderseqcolumn: Sam (1) before Alex (2).
        try #require(read.persons.count == 2)
        let (sam, alex) = (read.persons[0], read.persons[1])
        #expect(sam.name == .person && sam.value(.forename) == "Sam")
        #expect(alex.value(.forename) == "Alex")
        #expect(alex.line == 2 && alex.column == 1)
        #expect(sam.blocks(.requests).count == 1)
        #expect(sam.blocks(.requests).first?.value(.requestOutcomeDate) == nil)

        let requests = alex.blocks(.requests)
        try #require(requests.count == 2)
        #expect(requests.map { $0.value(.receivedDate) } == ["2025-01-06", "2025-03-03"])
        #expect(requests[0].children.isEmpty)
        let request = requests[1]
        #expect(request.children.map(\.name) == [.assessment, .activePlans])
        let assessment = try #require(request.blocks(.assessment).first)
        #expect(assessment.value(.assessmentOutcomeDate) == "2025-07-18")
        #expect(assessment.value(.week20) == "false")
        let plan = try #require(assessment.blocks(.namedPlan).first)
        #expect(plan.value(.startDate) == "2025-07-18")
        #expect(plan.value(.planWBP) == "A")
        // Plan details follow their order column, not file order.
        #expect(plan.blocks(.planDetail).map { $0.value(.urn) } == ["999001", "999002"])
        let active = try #require(request.blocks(.activePlans).first)
        #expect(active.value(.lastReview) == "2025-10-02")
        #expect(active.blocks(.placementDetail).count == 1)
        #expect(active.blocks(.placementDetail).first?.value(.wbp) == "0")
        #expect(active.blocks(.placementDetail).first?.item(.leavingDate) == nil)
        #expect(active.blocks(.senNeed).map { $0.value(.senType) } == ["ASD", "SLCN"])
    }

    @Test("Blade dates become ISO dates; other text is left for the mapping to report")
    func dates() throws {
        let read = Self.read(Self.all)
        let alex = try #require(read.persons.last)
        #expect(alex.value(.personBirthDate) == "2016-04-11")
        #expect(read.persons.first?.value(.personBirthDate) == "2013-11-05")
        let request = try #require(alex.blocks(.requests).last)
        #expect(request.value(.requestOutcomeDate) == "2025-04-11")
        let active = try #require(request.blocks(.activePlans).first)
        #expect(active.value(.reviewMeeting) == "28/09/2025")
        #expect(active.blocks(.placementDetail).first?.value(.entryDate) == "2025-09-03")

        var texts = Self.all
        texts[.person] = """
            persontableid,sen2tableid,personbirthdate
            10,1,2022-Sep-28 00:00:00
            11,1,2022-sep-8
            12,1,2022-Sept-28 12:30:00.000
            13,1,2022-Sep-28 midnight
            14,1,2022-Foo-28

            """
        let dates = Self.read(texts).persons.map { $0.value(.personBirthDate) }
        #expect(dates == ["2022-09-28", "2022-09-08", "2022-09-28", "2022-Sep-28 midnight", "2022-Foo-28"])
    }

    @Test("column names are compared without regard to case; items keep their cell's place")
    func caseInsensitiveHeaders() throws {
        var texts = Self.all
        texts[.person] = """
            PERSONTABLEID,Sen2TableID,SURNAME,forename,PERSONBIRTHDATE,UpN,CouncilRef,Unknown
            10,1,Example,Alex,2016-Apr-11 00:00:00,A999999999991,C-77,x
            11,1,Sample,Sam,2013-11-05,A999999999992,C-78,y

            """
        let read = Self.read(texts, personID: "councilref")
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics.map(\.description))")
        let alex = try #require(read.persons.first)
        #expect(alex.value(.surname) == "Example")
        #expect(alex.value(.upn) == "A999999999991")
        #expect(alex.value(.personID) == "C-77")
        #expect(alex.items.count == 5)
        let birth = try #require(alex.item(.personBirthDate))
        #expect(birth.line == 2 && birth.column == 5)
        #expect(alex.blocks(.requests).count == 2)
    }

    @Test("a row whose parent is not found is reported at its line and not read, with the rows under it")
    func orphan() throws {
        var texts = Self.all
        texts[.requests] = Self.requests + "999,103,17,2025-May-01 00:00:00,A,,3,1\n"
        texts[.assessment] = Self.assessment + "201,103,A,,0\n"
        let read = Self.read(texts)
        let warnings = read.diagnostics.filter { $0.severity == .warning }.map(\.description)
        #expect(
            warnings == [
                "\(Self.path(.requests)):5:1: warning: this Requests row's persontableid '17' matches no Person row: not read, nor any row under it"
            ])
        #expect(read.summary.orphans == 2)
        #expect(read.summary.persons == 2)
        #expect(read.persons.flatMap { $0.blocks(.requests) }.count == 3)
    }

    @Test("a row repeating its own table id is rejected")
    func duplicateID() throws {
        var texts = Self.all
        texts[.person] = """
            persontableid,sen2tableid,forename
            10,1,Alex
            11,1,Sam
            10,1,Again

            """
        let read = Self.read(texts)
        #expect(read.summary.rejected == 1)
        #expect(read.persons.map { $0.value(.forename) } == ["Alex", "Sam"])
        let errors = read.diagnostics.filter { $0.severity == .error }
        try #require(errors.count == 1)
        #expect(errors[0].location == SourceLocation(path: Self.path(.person), line: 4, column: 1))
        #expect(errors[0].message.contains("persontableid '10' appears on an earlier row (line 2)"))
    }

    @Test("a missing requests module or own id column is an error; a missing lower module is fine")
    func missing() throws {
        var texts = Self.all
        texts[.requests] = nil
        var read = Self.read(texts)
        #expect(read.persons.isEmpty)
        #expect(read.diagnostics.contains { $0.severity == .error && $0.message.contains("no Blade requests module") })

        texts = Self.all
        texts[.namedPlan] = nil
        texts[.planDetail] = nil
        texts[.senNeed] = "senneed_id,activeplanstableid,sentype\n700,500,ASD\n"
        read = Self.read(texts)
        #expect(read.summary.persons == 2)
        let errors = read.diagnostics.filter { $0.severity == .error }
        try #require(errors.count == 1)
        #expect(errors[0].location == SourceLocation(path: Self.path(.senNeed), line: 1, column: 1))
        #expect(errors[0].message.contains("no 'senneedtableid' column"))
        let active = try #require(read.persons.last?.blocks(.requests).last?.blocks(.activePlans).first)
        #expect(active.blocks(.senNeed).isEmpty && active.blocks(.placementDetail).count == 1)
        #expect(read.persons.last?.blocks(.requests).last?.blocks(.assessment).first?.children.isEmpty == true)
    }

    @Test("the module of a Blade file, from its name")
    func moduleNames() {
        #expect(SEN2BladeReader.module(ofFileNamed: "Blade-Export_07-03-2025_namedplan.csv") == .namedPlan)
        #expect(SEN2BladeReader.module(ofFileNamed: "exports/BLADE-EXPORT_18-04-2024_SENNeed.CSV") == .senNeed)
        #expect(SEN2BladeReader.module(ofFileNamed: "Blade-Export_31-03-2023_sen2.csv") == .message)
        #expect(SEN2BladeReader.module(ofFileNamed: "person.csv") == .person)
        #expect(SEN2BladeReader.module(ofFileNamed: "Blade-Export_07-03-2025_namedplan.xlsx") == nil)
        #expect(SEN2BladeReader.module(ofFileNamed: "cases.csv") == nil)
        #expect(SEN2BladeReader.module(ofFileNamed: "my_person.csv") == nil)
    }
}
