import SendCheckCore
import Testing

/// Rules and fields are named in packs, not in Swift: `measure:` says which rule feeds which DfE
/// measure and `roles:` which fields carry team, caseworker and exception, each checked as the pack
/// loads.
@Suite("Measures and roles named in packs")
struct PackNamesTests {
    static let statutory = BundledRules.files.first { $0.path == "rules/statutory.yaml" }!.text

    /// The statutory pack with a council's own ids and field names.
    static let council: String = {
        var text = statutory
        for (from, to) in [
            ("reg5-assessment-decision", "la-six-week-decision"), ("reg10-not-to-issue", "la-not-to-issue"),
            ("reg13-final-plan", "la-final-plan"), ("reg20-review-decision", "la-review-decision"), ("s44-annual-review", "la-annual-review"),
        ] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        return text.replacingOccurrences(of: "pack: statutory", with: "pack: council")
    }()

    static func measures(_ ruleSet: RuleSet) -> [String] {
        var generator = SyntheticCases(seed: 5, asOf: Fixtures.day("2026-01-15"))
        var csv = ""
        generator.generate(count: 800) { csv += $0 }
        var measures = SEN2Measures(ruleSet: ruleSet, year: 2025, asOf: Fixtures.day("2026-01-15"))
        Fixtures.read(csv, ruleSet: ruleSet).subjects.forEach { measures.add($0) }
        #expect(measures.missingMeasures.isEmpty)
        return measures.measures.map { "\($0.id) \($0.count)/\($0.total) \($0.sumDays)" }
    }

    @Test("a council's pack with its own rule ids keeps every DfE measure, with the same figures")
    func councilIDs() throws {
        let (bundled, problems) = Fixtures.load(Self.statutory)
        #expect(!problems.contains { $0.contains(": error:") }, "\(problems)")
        let (council, councilProblems) = Fixtures.load(Self.council, path: "council.yaml")
        #expect(!councilProblems.contains { $0.contains(": error:") })
        let b = try #require(bundled)
        let c = try #require(council)
        #expect(c.rules.first { $0.measure == .finalPlans }?.id == "la-final-plan")
        let figures = Self.measures(b)
        #expect(figures.contains { $0.hasPrefix("plans-20-weeks-excluding-exceptions") && !$0.contains(" 0/0 ") })
        #expect(Self.measures(c) == figures)
    }

    @Test("without 'measure:', a measure is missing, and says so")
    func missing() throws {
        let text = Self.statutory.replacingOccurrences(of: "    measure: final-plan-20-weeks\n", with: "")
        let (set, problems) = Fixtures.load(text)
        #expect(!problems.contains { $0.contains(": error:") }, "\(problems)")
        let measures = SEN2Measures(ruleSet: try #require(set), year: 2025, asOf: Fixtures.day("2026-01-15"))
        #expect(measures.missingMeasures == [.finalPlans])
    }

    @Test(
        "a bad 'measure' is a located error",
        arguments: [
            ("    measure: final-plan-20-weeks\n", "    measure: final-plans-20-weeks\n", "did you mean 'final-plan-20-weeks'"),
            (
                "    measure: review-decisions-4-weeks\n", "    measure: final-plan-20-weeks\n",
                "both say 'measure: final-plan-20-weeks'; one rule feeds each measure"
            ),
            (
                "    measure: decisions-6-weeks", "    measure: annual-reviews",
                "counts the cycles of a 'repeat: chain' rule; rule 'reg5-assessment-decision' is not one"
            ),
        ])
    func badMeasure(from: String, to: String, expected: String) {
        let (_, problems) = Fixtures.load(Self.statutory.replacingOccurrences(of: from, with: to), path: "rules/statutory.yaml")
        #expect(problems.contains { $0.hasPrefix("rules/statutory.yaml:") && $0.contains(expected) }, "\(problems)")
    }

    @Test("roles name the fields; a pack that names none gets the conventional names")
    func roles() throws {
        let renamed = Self.statutory
            .replacingOccurrences(of: "roles: {team: team, caseworker: caseworker, exception: exception}", with: "roles: ROLES")
            .replacingOccurrences(of: "  team: {type: text", with: "  service: {type: text")
            .replacingOccurrences(of: "  caseworker: {type: text", with: "  officer: {type: text")
            .replacingOccurrences(of: "  exception:\n", with: "  reg10_exception:\n")
            .replacingOccurrences(of: "field: exception\n", with: "field: reg10_exception\n")
            .replacingOccurrences(of: " exception: ", with: " reg10_exception: ")
            .replacingOccurrences(of: "{exception: ", with: "{reg10_exception: ")
            .replacingOccurrences(of: "roles: ROLES", with: "roles: {team: service, caseworker: officer, exception: reg10_exception}")
        let (set, problems) = Fixtures.load(renamed)
        #expect(!problems.contains { $0.contains(": error:") }, "\(problems)")
        let schema = try #require(set?.schemas["case"])
        #expect(schema.slot(of: .team).map { schema.fields[$0].name } == "service")
        #expect(schema.slot(of: .caseworker).map { schema.fields[$0].name } == "officer")
        #expect(schema.slot(of: .exception).map { schema.fields[$0].name } == "reg10_exception")
        // An older pack, with no roles: the fields named team, caseworker and exception.
        let (old, _) = Fixtures.load(
            Self.statutory.replacingOccurrences(of: "roles: {team: team, caseworker: caseworker, exception: exception}\n", with: ""))
        let oldSchema = try #require(old?.schemas["case"])
        #expect(FieldRole.allCases.allSatisfy { oldSchema.slot(of: $0) == oldSchema.slot(of: $0.rawValue) })
    }

    @Test(
        "a bad role is a located error",
        arguments: [
            ("{team: team, casewrker: caseworker}", "unknown role 'casewrker'"),
            ("{team: teem}", "role 'team' must name a field declared in 'fields'"),
            ("{team: request_received}", "role 'team' needs a text field; 'request_received' is a date field"),
            ("{exception: team}", "role 'exception' needs a code field"),
        ])
    func badRole(roles: String, expected: String) {
        let text = Self.statutory.replacingOccurrences(
            of: "roles: {team: team, caseworker: caseworker, exception: exception}", with: "roles: \(roles)")
        let (_, problems) = Fixtures.load(text, path: "rules/statutory.yaml")
        #expect(problems.contains { $0.hasPrefix("rules/statutory.yaml:19:") && $0.contains(expected) }, "\(problems)")
    }
}
