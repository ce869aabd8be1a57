import SendCheckCore
import Testing

/// RAG by a rule's weight in law, counts by severity, and the measures added with the second survey
/// of the law (average weeks to a plan, annual reviews completed).
@Suite("Legal weight and the DfE's newer measures")
struct LegalWeightTests {
    static let under5Overdue = """
        case_id,date_of_birth,plan_start,last_review
        C1,2023-03-01,2025-01-10,
        """

    @Test("by default RAG follows the status alone: an overdue guidance rule is red, as the contract says")
    func contractDefault() {
        let result = Fixtures.check(Self.under5Overdue, asOf: "2025-09-01")
        #expect(Fixtures.summary(result).contains("cop-under5-review C1 overdue 2025-07-09"))
        #expect(result.bySeverity[.guidance]?[.red] == 1)
        #expect(result.bySeverity[.statutory]?[.red] == nil)
    }

    @Test("rag: {guidance: amber, advisory: amber} caps guidance and advisory rules, never a rule's own rag")
    func ceilings() throws {
        var diagnostics = Diagnostics()
        let config = try #require(
            Configuration.parse("version: 1\nrag: {guidance: amber, advisory: amber}\n", path: "c.yaml", diagnostics: &diagnostics))
        #expect(diagnostics.items.isEmpty)
        let rules = try Fixtures.ruleSet().rules
        let under5 = try #require(rules.first { $0.id == "cop-under5-review" })
        let final = try #require(rules.first { $0.id == "reg13-final-plan" })
        let overdueAction = try #require(rules.first { $0.id == "plan-action-overdue" })
        #expect(config.rag.rag(.overdue, for: under5) == .amber)
        #expect(config.rag.rag(.overdue, for: final) == .red)
        #expect(config.rag.rag(.met, for: under5) == .green, "a cap never makes a finding worse")
        #expect(overdueAction.severity != .statutory)
        #expect(config.rag.rag(.overdue, for: overdueAction) == .red, "the pack's own rag: {overdue: red} is not capped")
        #expect(RAGMapping.standard.rag(.overdue, for: under5) == .red)
    }

    @Test("a ceiling must be red, amber or green, located")
    func badCeiling() {
        var diagnostics = Diagnostics()
        _ = Configuration.parse("version: 1\nrag: {guidance: blue}\n", path: "c.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.description).contains { $0.hasPrefix("c.yaml:2:17: error: the most a guidance rule can be rated") })
    }

    @Test("the average weeks to a plan, with and without exception cases")
    func averageWeeks() {
        let csv = """
            case_id,request_received,request_outcome,request_outcome_date,assessment_outcome,assessment_outcome_date,exception
            A,2025-01-06,assess,2025-02-10,issue,2025-05-26,
            B,2025-01-06,assess,2025-02-10,issue,2025-07-07,exceptional_circumstances
            """
        let (subjects, _, _) = Fixtures.read(csv)
        var measures = SEN2Measures(ruleSet: Fixtures.statutory, year: 2025, asOf: Fixtures.day("2026-01-15"))
        subjects.forEach { measures.add($0) }
        let byId = Dictionary(uniqueKeysWithValues: measures.measures.map { ($0.id, $0) })
        // A: 140 days (20 weeks); B: 182 days (26 weeks).
        #expect(byId["average-weeks-to-plan-including-exceptions"]?.value == 23)
        #expect(byId["average-weeks-to-plan-including-exceptions"]?.total == 2)
        #expect(byId["average-weeks-to-plan-excluding-exceptions"]?.value == 20)
        #expect(byId["average-weeks-to-plan-excluding-exceptions"]?.shown(20) == "20.0 weeks")
    }

    @Test("annual reviews completed: a review history counts each cycle due in the year; one row per case counts its latest review")
    func reviewsCompleted() {
        let wide = """
            case_id,plan_start,last_review
            W1,2023-03-01,2025-02-20
            W2,2023-06-01,2024-05-20
            W3,2024-09-01,
            """
        let (subjects, _, _) = Fixtures.read(wide)
        var measures = SEN2Measures(ruleSet: Fixtures.statutory, year: 2025, asOf: Fixtures.day("2026-01-15"))
        subjects.forEach { measures.add($0) }
        let m = measures.measures.first { $0.id == "annual-reviews-completed" }
        // W1 reviewed in 2025 (done); W2 due 2025-05-19, not reviewed (not done); W3 due 2025-08-31, not done.
        #expect(m?.count == 1)
        #expect(m?.total == 3)

        let events = """
            case_id,event,date
            E1,plan_start,2023-03-01
            E1,last_review,2024-02-20
            E1,last_review,2025-03-20
            """
        let (history, _, _) = Fixtures.read(events, layout: .long)
        var fromEvents = SEN2Measures(ruleSet: Fixtures.statutory, year: 2025, asOf: Fixtures.day("2026-01-15"))
        history.forEach { fromEvents.add($0) }
        let e = fromEvents.measures.first { $0.id == "annual-reviews-completed" }
        // The cycle due 2025-02-19 was done late (2025-03-20): due in 2025 and done.
        #expect(e?.count == 1)
        #expect(e?.total == 1)
    }

    @Test("England's figures after the latest verified year say which year is shown and why")
    func yearNote() {
        #expect(NationalFigures.yearNote(for: 2024) == nil)
        #expect(NationalFigures.yearNote(for: 2025)?.contains("England's figures are for 2024") == true)
    }
}
