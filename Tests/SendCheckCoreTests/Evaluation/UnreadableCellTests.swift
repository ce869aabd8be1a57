import SendCheckCore
import Testing

/// An unreadable cell is never read as empty (`docs/semantics.md` section 2): a rule that reads it
/// gives `invalid`, never a status computed as if the cell were blank.
@Suite("Unreadable cells")
struct UnreadableCellTests {
    @Test(
        "an unreadable review decision date is invalid, never a false overdue",
        arguments: ["12/25/2024", "31/09/2025", "not yet", "2024-13-01"])
    func unreadableReviewDate(_ cell: String) throws {
        let csv = "case_id,plan_start,last_review\nC1,2021-03-10,\(cell)\n"
        let result = Fixtures.check(csv, asOf: "2025-10-01")
        #expect(Fixtures.summary(result) == ["s44-annual-review C1 invalid -"])
        let f = try #require(result.findings.first)
        #expect(f.detail == .invalidField(slot: try #require(Fixtures.statutory.schemas["case"]?.slot(of: "last_review"))))
        #expect(f.note(in: result.ruleSet)?.contains("last_review") == true)
    }

    @Test("an unreadable cell only a closing condition reads makes the clock invalid, and the start is kept")
    func unreadableClosingCode() throws {
        let csv = "case_id,request_received,request_outcome\nC1,2025-01-06,maybe\n"
        let result = Fixtures.check(csv, asOf: "2025-06-30")
        let f = try #require(result.findings.first { result.ruleSet.rules[$0.rule].id == "reg5-assessment-decision" })
        #expect(f.status == .invalid)
        #expect(f.start == Fixtures.day("2025-01-06"))
    }

    @Test("a rule that does not read the unreadable cell is unaffected")
    func otherRulesUnaffected() {
        let csv = "case_id,request_received,request_outcome,request_outcome_date,last_review\nC1,2025-01-06,assess,2025-02-10,N/A?\n"
        let result = Fixtures.check(csv, asOf: "2025-06-30")
        #expect(Fixtures.summary(result).contains("reg5-assessment-decision C1 met 2025-02-17"))
    }

    @Test("one unreadable occurrence in an event history makes the field unreadable")
    func unreadableOccurrence() {
        let csv = """
            case_id,event,date,value
            E1,plan_start,2021-01-10,
            E1,last_review,2022-01-05,
            E1,last_review,31/02/2023,
            E1,last_review,2024-01-05,

            """
        let (subjects, _, _) = Fixtures.read(csv)
        var accumulator = CheckAccumulator(
            ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2024-06-30"), since: Fixtures.day("2020-06-30"), listAll: true))
        subjects.forEach { accumulator.add($0) }
        let result = accumulator.result(ruleSet: Fixtures.statutory, inputs: [])
        #expect(Fixtures.summary(result) == ["s44-annual-review E1 invalid -"])
    }
}

/// Personal data never reaches a diagnostic: a date of birth is never quoted, right or wrong.
@Suite("Personal cells in diagnostics")
struct PersonalCellTests {
    @Test("a name typed into date_of_birth, or a mistyped date of birth, is 'not a date' without its value")
    func dateOfBirth() {
        let csv = "case_id,date_of_birth,plan_start\nC1,Jane Synthetic,2024-01-10\nC2,31/02/2019,2024-01-10\nC3,2019-05-01,SW1A 1AA\n"
        let (_, _, diagnostics) = Fixtures.read(csv)
        #expect(
            diagnostics == [
                "cases.csv:2:2: error: date_of_birth: not a date (the value is not shown: personal data) (case C1)",
                "cases.csv:3:2: error: date_of_birth: not a date (the value is not shown: personal data) (case C2)",
                "cases.csv:4:3: error: plan_start: not a date (the value holds words and is not shown; dates are written ISO 2024-03-15 or UK 15/03/2024) (case C3)",
            ])
        for d in diagnostics { #expect(!d.contains("Jane") && !d.contains("31/02/2019") && !d.contains("SW1A")) }
        // A mistyped date elsewhere is quoted: it is no one's.
        let (_, _, dates) = Fixtures.read("case_id,plan_start\nC1,12/25/2024\n")
        #expect(dates.first?.contains("'12/25/2024'") == true)
    }
}
