import SendCheckCore
import Testing

@Suite("SEN2 mapping")
struct SEN2MappingTests {
    static func value(_ subject: Subject, _ field: String) -> Value {
        subject.values[Fixtures.statutory.schemas["case"]!.slot(of: field)!]
    }

    static func code(_ field: String, _ word: String) -> Value {
        guard case .code(let set) = Fixtures.statutory.schemas["case"]!.field(field)!.type else { return .invalid }
        return .code(set.index(of: word)!)
    }

    @Test("each request is a subject with its own decision, assessment, plan and active-plan details")
    func fieldByField() throws {
        let (subjects, stats, _) = SEN2Fixtures.read(SEN2Fixtures.sample)
        #expect(stats.rowsRead == 12 && stats.rowsRejected == 1 && subjects.count == 11)
        let alpha = subjects.filter { $0.id.hasSuffix("-20250106") || $0.id.hasSuffix("-20250303") }
        #expect(alpha.count == 2)
        #expect(Set(alpha.map { $0.id.split(separator: "-")[0] }).count == 1, "one person, one reference")
        let refused = try #require(alpha.first { $0.id.hasSuffix("-20250106") })
        #expect(Self.value(refused, "request_outcome") == Self.code("request_outcome", "not_assess"))
        #expect(Self.value(refused, "plan_start") == .missing, "the later request's plan is not the refused request's")
        let planned = try #require(alpha.first { $0.id.hasSuffix("-20250303") })
        #expect(Self.value(planned, "request_received") == .date(Fixtures.day("2025-03-03")))
        #expect(Self.value(planned, "assessment_outcome") == Self.code("assessment_outcome", "issue"))
        #expect(Self.value(planned, "assessment_outcome_date") == .date(Fixtures.day("2025-07-18")))
        #expect(Self.value(planned, "plan_start") == .date(Fixtures.day("2025-07-18")))
        #expect(Self.value(planned, "exception") == .missing)
        #expect(Self.value(planned, "date_of_birth") == .date(Fixtures.day("2021-04-11")))

        let bravo = try #require(subjects.first { $0.id.hasSuffix("-20191001") })
        #expect(Self.value(bravo, "request_received") == .missing, "H: decided before the period, no clock")
        #expect(Self.value(bravo, "request_outcome") == Self.code("request_outcome", "historical"))
        #expect(Self.value(bravo, "plan_start") == .date(Fixtures.day("2020-02-14")))
        #expect(Self.value(bravo, "review_meeting") == .date(Fixtures.day("2025-03-10")))
        #expect(Self.value(bravo, "last_review") == .date(Fixtures.day("2025-03-24")))
        #expect(Self.value(bravo, "amendment_notice") == .date(Fixtures.day("2025-04-01")))
        #expect(Self.value(bravo, "transfer_year") == .int(2025))
        #expect(Self.value(bravo, "transfer_type") == Self.code("transfer_type", "school"))
        #expect(Self.value(bravo, "phase_transfer_final") == .date(Fixtures.day("2025-02-12")))

        let delta = try #require(subjects.first { $0.id.hasSuffix("-20250113") })
        #expect(Self.value(delta, "exception") == Self.code("exception", "unspecified"))
    }

    @Test("references are stable for a key, differ between keys, and carry no personal data")
    func pseudonyms() throws {
        let first = SEN2Fixtures.read(SEN2Fixtures.sample).subjects.map(\.id)
        let again = SEN2Fixtures.read(SEN2Fixtures.sample).subjects.map(\.id)
        #expect(first == again)
        let person = SEN2Person(SEN2Fixtures.blocks(SEN2Fixtures.sample).persons[0])
        let a = try #require(SEN2Pseudonym(key: "one-key-of-sixteen+").reference(for: person))
        let b = try #require(SEN2Pseudonym(key: "another-key-of-16+").reference(for: person))
        #expect(a != b)
        #expect(a.count == 17 && a.hasPrefix("P"))
        for id in first {
            for personal in ["Z0000", "Synthetic", "Alpha", "ZZ99", "9000000008", "2021-04-11", "20210411"] {
                #expect(!id.contains(personal), "\(id) contains \(personal)")
            }
        }
        // The council's own id is used as it is when configuration names its element.
        let own = SEN2Fixtures.wrap("<Person><LAChildID>C-1234</LAChildID><Requests><ReceivedDate>2025-03-03</ReceivedDate></Requests></Person>")
        var diagnostics = Diagnostics()
        var mapped = Diagnostics()
        var ids: [String] = []
        let bytes = Array(own.utf8)
        _ = bytes.withUnsafeBytes { raw in
            SEN2XMLReader(path: "x.xml", personID: "LAChildID").read(raw, diagnostics: &diagnostics) { h, p in
                let m = SEN2Mapping(
                    path: "x.xml", schema: Fixtures.statutory.schemas["case"]!, header: h, pseudonym: SEN2Pseudonym(key: SEN2Fixtures.key))
                ids += m.map(p, diagnostics: &mapped).subjects.map(\.id)
            }
        }
        #expect(diagnostics.items.isEmpty && mapped.items.isEmpty)
        #expect(ids == ["C-1234-20250303"])
    }

    @Test("a mapping serves every header with its year and reference date, and no other")
    func servesHeaders() {
        var header = SEN2Header()
        header.year = 2025
        header.referenceDate = Day(year: 2025, month: 1, day: 16)
        header.lea = "999"
        let m = SEN2Mapping(
            path: "x.xml", schema: Fixtures.statutory.schemas["case"]!, header: header, pseudonym: SEN2Pseudonym(key: SEN2Fixtures.key))
        var other = header
        other.lea = "888"
        other.location = SourceLocation(path: "y.xml", line: 3, column: 3)
        #expect(m.serves(header) && m.serves(other))
        other.year = 2024
        #expect(!m.serves(other))
        other = header
        other.referenceDate = Day(year: 2025, month: 1, day: 17)
        #expect(!m.serves(other))
    }

    @Test("data quality: each problem is reported where it is, and no date of birth is shown")
    func dataQuality() {
        let diagnostics = SEN2Fixtures.read(SEN2Fixtures.sample).diagnostics
        #expect(
            diagnostics == [
                "sen2.xml:296:7: warning: RequestOutcome Y has no RequestOutcomeDate",
                "sen2.xml:299:9: warning: Week20 is missing for an issued plan: the 20-week exceptions are taken as not applying",
                "sen2.xml:303:24: warning: StartDate 2025-05-01 is before ReceivedDate 2025-05-12: the plan starts before its request was received",
                "sen2.xml:308:23: warning: LastReview 2025-11-20 is before ReviewMeeting 2025-12-01: the review decision is dated before the meeting",
                "sen2.xml:311:7: error: request rejected: a duplicate of the request at line 296 (same person, same ReceivedDate 2025-05-12)",
                "sen2.xml:317:29: error: RequestOutcomeDate: '2025-02-30' is not a real day (2025-2-30 does not exist)",
                "sen2.xml:318:25: error: RequestOutcome: 'X' is not a SEN2 code (expected A, H, N, W, Y)",
            ])
        let bad = SEN2Fixtures.wrap("<Person><UPN>Z9</UPN><PersonBirthDate>2019-02-31</PersonBirthDate></Person>")
        #expect(SEN2Fixtures.read(bad).diagnostics == ["sen2.xml:5:39: error: PersonBirthDate is not a valid date (value not shown: personal data)"])
    }

    @Test("a person with nothing to reference them by is rejected with the count of requests lost")
    func noReference() {
        let xml = SEN2Fixtures.wrap("<Person><Sex>M</Sex><Requests><ReceivedDate>2025-03-03</ReceivedDate></Requests></Person>")
        let (subjects, stats, diagnostics) = SEN2Fixtures.read(xml)
        #expect(subjects.isEmpty && stats.rowsRead == 1 && stats.rowsRejected == 1)
        #expect(
            diagnostics == [
                "sen2.xml:5:1: error: person rejected: no UPN, ULN, name or birth date to give a stable reference (1 request(s) not checked)"
            ])
    }

    @Test("the fields a layout records: a 2023 return has no review meeting, so its review decisions are not checked")
    func layoutPresence() throws {
        let person =
            "<Person><UPN>Z1</UPN><Requests><RequestOutcome>H</RequestOutcome><Assessment><AssessmentOutcome>H</AssessmentOutcome><NamedPlan><StartDate>2020-01-06</StartDate></NamedPlan></Assessment><ActivePlans><LastReview>2025-03-01</LastReview></ActivePlans></Requests></Person>"
        let old = SEN2Fixtures.read(SEN2Fixtures.wrap(person, year: 2023)).subjects
        let new = SEN2Fixtures.read(SEN2Fixtures.wrap(person, year: 2025)).subjects
        let meeting = Fixtures.statutory.schemas["case"]!.slot(of: "review_meeting")!
        #expect(old[0].records(meeting) == false)
        #expect(new[0].records(meeting) == true)
    }

    @Test("an active plan with no plan start, and a refusal the assessment overrode, are reported")
    func unusualPlans() {
        let xml = SEN2Fixtures.wrap(
            """
            <Person><UPN>Z1</UPN><Requests><RequestOutcome>H</RequestOutcome><ActivePlans><LastReview>2025-03-01</LastReview></ActivePlans></Requests>
            <Requests><ReceivedDate>2025-01-06</ReceivedDate><RequestOutcome>N</RequestOutcome><RequestOutcomeDate>2025-02-14</RequestOutcomeDate><Assessment><AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>2025-07-01</AssessmentOutcomeDate><Week20>0</Week20></Assessment></Requests></Person>
            """)
        #expect(
            SEN2Fixtures.read(xml).diagnostics == [
                "sen2.xml:5:66: warning: <ActivePlans> without a plan start (NamedPlan StartDate): the annual review cannot be checked",
                "sen2.xml:6:1: warning: RequestOutcome N but the assessment went ahead (a refusal overturned?): the refusal closes the 20 weeks, so this request is not in the 20-week checks or measures",
            ])
    }

    @Test("an unreadable phase-transfer due date makes the phase-transfer rule invalid, not silent")
    func unreadablePhaseTransfer() {
        let xml = SEN2Fixtures.wrap(
            "<Person><UPN>Z1</UPN><Requests><RequestOutcome>H</RequestOutcome><Assessment><AssessmentOutcome>H</AssessmentOutcome><NamedPlan><StartDate>2020-01-06</StartDate></NamedPlan></Assessment><ActivePlans><PhaseTransferDueDate>2025-02-30</PhaseTransferDueDate></ActivePlans></Requests></Person>"
        )
        let result = SEN2Fixtures.check(xml)
        let statuses = result.findings.filter { result.ruleSet.rules[$0.rule].id == "reg18-phase-transfer" }.map(\.status)
        #expect(statuses == [.invalid])
    }

    @Test("a decision in the period with a historical assessment is reported; one before the period is not")
    func historicalAssessmentAfterDecision() {
        func diagnostics(_ decided: String) -> [String] {
            SEN2Fixtures.read(
                SEN2Fixtures.wrap(
                    "<Person><UPN>Z1</UPN><Requests><ReceivedDate>2024-11-04</ReceivedDate><RequestOutcome>Y</RequestOutcome><RequestOutcomeDate>\(decided)</RequestOutcomeDate><Assessment><AssessmentOutcome>H</AssessmentOutcome></Assessment></Requests></Person>"
                )
            ).diagnostics
        }
        #expect(
            diagnostics("2025-01-10") == [
                "sen2.xml:5:22: warning: RequestOutcome Y is dated 2025-01-10, within the period, but AssessmentOutcome is historical"
            ])
        #expect(diagnostics("2024-12-13") == [])
    }
}
