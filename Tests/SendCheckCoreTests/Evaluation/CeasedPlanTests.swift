import SendCheckCore
import Testing

/// A ceased plan ends the clocks of the plan's own duties (`docs/semantics.md`, "Ceased plans").
@Suite("Ceased plans and partial exports")
struct CeasedPlanTests {
    @Test("a review missed before the plan ceased is breached, ended on the cease date, never overdue for ever")
    func endedByCease() throws {
        let csv = """
            case_id,plan_start,last_review,cease_date
            C1,2024-03-10,,2025-06-30
            C2,2024-03-10,,2024-12-01

            """
        let result = Fixtures.check(csv, asOf: "2026-01-15")
        let f = try #require(result.findings.first { result.ruleSet.rules[$0.rule].id == "s44-annual-review" && $0.subject == "C1" })
        #expect(f.status == .breached)
        #expect(f.completed == Fixtures.day("2025-06-30"))
        #expect(f.daysLate(asOf: result.asOf) == 113)
        #expect(f.note(in: result.ruleSet) == "ended: the plan ceased")
        // C2 ceased before its review was due: the duty lapsed with the plan.
        #expect(!result.findings.contains { $0.subject == "C2" })
        let text = TextReporter().render(result, context: ReportContext(toolVersion: "test"))
        #expect(text.contains("C1 s44-annual-review breached, due 2025-03-09, ended 2025-06-30 (113 days late)"))
        #expect(text.contains("(ended: the plan ceased)"))
        #expect(!text.contains("done 2025-06-30"))
    }

    @Test("the history window retires a clock ended by a cease 12 months after the cease")
    func retiredAfterTwelveMonths() {
        let csv = "case_id,plan_start,last_review,cease_date\nC1,2024-03-10,,2025-06-30\n"
        #expect(Fixtures.summary(Fixtures.check(csv, asOf: "2026-06-29")) == ["s44-annual-review C1 breached 2025-03-09"])
        #expect(Fixtures.summary(Fixtures.check(csv, asOf: "2026-07-01")).isEmpty)
    }

    @Test("request clocks are not ended by a cease date")
    func requestClocksRun() {
        let csv = "case_id,request_received,request_outcome,request_outcome_date,cease_date\nC1,2025-01-06,,,2025-01-20\n"
        #expect(Fixtures.summary(Fixtures.check(csv, asOf: "2025-06-30")).contains("reg5-assessment-decision C1 overdue 2025-02-17"))
    }

    @Test("a full review history: met cycles stay met, the open cycle is ended by the cease")
    func historyWithCease() {
        let csv = """
            case_id,event,date,value
            E1,plan_start,2022-01-10,
            E1,last_review,2022-12-15,
            E1,cease_date,2024-03-01,

            """
        let (subjects, _, diagnostics) = Fixtures.read(csv)
        #expect(diagnostics.isEmpty)
        var accumulator = CheckAccumulator(
            ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2024-06-30"), since: Fixtures.day("2022-06-30"), listAll: true))
        subjects.forEach { accumulator.add($0) }
        let result = accumulator.result(ruleSet: Fixtures.statutory, inputs: [])
        #expect(Fixtures.summary(result) == ["s44-annual-review E1 met 2023-01-09", "s44-annual-review E1 breached 2023-12-14"])
        #expect(Array(result.findings).last?.completed == Fixtures.day("2024-03-01"))
    }

    @Test("a duty whose start is after the cease never starts; a step after the cease does not count")
    func nothingAfterTheCease() {
        // A review meeting held after the plan ceased starts no review-decision clock (it stayed
        // overdue for ever before), and a review decision dated after the cease does not end the
        // annual review's clock: the cease ended it first.
        let csv = """
            case_id,plan_start,review_meeting,last_review,cease_date
            C1,2023-03-10,2025-05-26,,2025-01-02
            C2,2023-03-10,,2025-02-01,2025-01-02

            """
        let result = Fixtures.check(csv, asOf: "2025-10-01", since: "2024-01-01")
        #expect(
            Fixtures.summary(result) == ["s44-annual-review C1 breached 2024-03-09", "s44-annual-review C2 breached 2024-03-09"])
        for f in result.findings { #expect(f.completed == Fixtures.day("2025-01-02")) }
    }

    @Test("a full review history stops at the cease: no cycle opens after it")
    func historyStopsAtTheCease() {
        let csv = """
            case_id,event,date,value
            E1,plan_start,2022-01-10,
            E1,last_review,2022-12-15,
            E1,cease_date,2023-06-01,
            E1,last_review,2023-07-20,

            """
        let (subjects, _, _) = Fixtures.read(csv)
        var accumulator = CheckAccumulator(
            ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2025-06-30"), since: Fixtures.day("2022-06-30"), listAll: true))
        subjects.forEach { accumulator.add($0) }
        let result = accumulator.result(ruleSet: Fixtures.statutory, inputs: [])
        // The cycle after the 2022 review lapsed with the plan (ceased before it was due); the review
        // dated after the cease opens nothing.
        #expect(Fixtures.summary(result) == ["s44-annual-review E1 met 2023-01-09"])
    }

    @Test("a review decision alone shows a plan exists: the annual review runs without plan_start")
    func reviewAlone() {
        let csv = "case_id,last_review\nC1,2024-09-16\n"
        #expect(Fixtures.summary(Fixtures.check(csv, asOf: "2025-10-01")) == ["s44-annual-review C1 overdue 2025-09-15"])
    }

    @Test("not checked names the missing field the end depends on, not only its date")
    func notCheckedNamesWhatIsMissing() throws {
        // A final plan date with no outcome code cannot be told from a decision not to issue.
        let csv = "case_id,request_received,assessment_outcome_date\nC1,2025-01-06,2025-05-01\n"
        let result = Fixtures.check(csv, asOf: "2025-06-30")
        #expect(!Fixtures.summary(result).contains { $0.hasPrefix("reg13-final-plan") })
        let n = try #require(result.notChecked.first { $0.rule == "reg13-final-plan" })
        #expect(n.missing == ["assessment_outcome"])
        #expect(n.subjects == 1)
        // Alternatives: a phase transfer is checkable from last_review alone.
        let transfer = Fixtures.check("case_id,transfer_year,transfer_type,last_review\nC1,2026,school,2026-01-20\n", asOf: "2026-03-01")
        #expect(Fixtures.summary(transfer) == ["reg18-phase-transfer C1 met 2026-02-14", "s44-annual-review C1 pending 2027-01-19"])
        #expect(transfer.notChecked.isEmpty)
    }
}
