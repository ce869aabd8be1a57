import SendCheckCore
import Testing

/// The bundled rule pack: the contract's rule ids, citations, and every worked example.
@Suite("Statutory pack")
struct StatutoryPackTests {
    static let required = [
        "reg5-assessment-decision", "reg10-not-to-issue", "reg13-final-plan", "reg13-draft-representations",
        "s44-annual-review", "reg20-review-decision", "reg22-amended-plan", "reg18-phase-transfer", "cop-under5-review",
    ]

    @Test("the bundled rules load without a diagnostic")
    func loads() throws {
        let set = try Fixtures.ruleSet()
        #expect(set.rules.count >= 9)
        #expect(set.calendar.name == "england-and-wales")
    }

    @Test("the nine rule ids of the contract are present with their severities")
    func requiredIDs() {
        let rules = Dictionary(uniqueKeysWithValues: Fixtures.statutory.rules.map { ($0.id, $0) })
        for id in Self.required { #expect(rules[id] != nil, "missing \(id)") }
        #expect(rules["cop-under5-review"]?.severity == .guidance)
        #expect(rules["reg13-draft-representations"]?.severity == .advisory)
        #expect(rules["reg13-final-plan"]?.severity == .statutory)
        #expect(rules["reg18-phase-transfer"]?.amberDays == 42)
        #expect(rules["reg13-final-plan"]?.amberDays == 14)
    }

    @Test("every rule has a citation, a certainty, an effective date and at least two examples")
    func metadata() {
        for rule in Fixtures.statutory.rules {
            #expect(!rule.citation.isEmpty, "\(rule.id)")
            #expect(rule.examples.count >= 2, "\(rule.id) has \(rule.examples.count) examples")
            #expect(rule.effectiveFrom >= Fixtures.day("2014-09-01"), "\(rule.id)")
        }
    }

    @Test("every worked example of every rule passes", arguments: Fixtures.statutory.rules.map(\.id))
    func examples(rule id: String) {
        let report = ExampleRunner.run(Fixtures.statutory, only: [id])
        #expect(report.failures.map(\.description) == [])
        #expect(report.passed > 0)
    }

    @Test("the examples cover every status the contract defines")
    func statusCoverage() {
        let seen = Set(Fixtures.statutory.rules.flatMap { $0.examples.flatMap { $0.expected.map(\.status) } })
        #expect(seen == Set(Status.allCases))
    }
}
