import SendCheckCore
import Testing

/// Validation messages with exact positions. The whole rendered line is compared.
@Suite("Rule pack diagnostics")
struct RuleLoaderDiagnosticsTests {
    static let header = """
        version: 1
        kind: rule-pack
        pack: t
        title: Test
        subject: case
        id_field: case_id
        fields:
          received: date
          outcome: {type: code, values: [yes, no]}
          done: date
        rules:

        """

    static let goodRule = """
          - id: good
            title: A rule
            citation: Somewhere
            certainty: interpretation
            severity: statutory
            from: 2014-09-01
            start: received
            end: done
            limit: 6 weeks
            message: Late
            examples:
              - {name: on time, as_of: 2025-01-01, given: {received: 2024-01-01, done: 2024-01-02}, expect: {status: met}}

        """

    @Test("a clean pack loads with no diagnostics")
    func clean() {
        let (set, diagnostics) = Fixtures.load(Self.header + Self.goodRule)
        #expect(diagnostics == [])
        #expect(set?.rules.map(\.id) == ["good"])
    }

    @Test("every problem in one run, each at its exact position")
    func manyProblems() {
        let yaml =
            Self.header + """
                  - id: bad
                    title: A rule
                    citaton: Somewhere
                    certainty: sure
                    severity: statutory
                    from: 2014-09-31
                    start: recieved
                    end: lastest(done)
                    applies: outcome == 'maybe'
                    limit: 6 fortnights
                    message: Late
                    examples:
                      - {name: x, as_of: 2025-01-01, given: {received: 2024-01-01}, expect: {status: late}}

                """
        let (set, diagnostics) = Fixtures.load(yaml)
        #expect(set == nil)
        #expect(
            diagnostics == [
                "pack.yaml:14:5: error: unknown key 'citaton' in rule 'bad'; did you mean 'citation'?",
                "pack.yaml:12:5: error: rule 'bad' is missing the required key 'citation'",
                "pack.yaml:15:16: error: 'certainty' in rule 'bad' must be one of verified-primary, verified-secondary, from-memory, computed, interpretation, not 'sure'",
                "pack.yaml:17:11: error: 'from' in rule 'bad': '2014-09-31' is not a real day (2014-9-31 does not exist)",
                "pack.yaml:20:25: error: in 'applies' of rule 'bad': 'maybe' is not a code of outcome (yes, no)",
                "pack.yaml:18:12: error: in 'start' of rule 'bad': unknown field 'recieved'; did you mean 'received'?",
                "pack.yaml:19:10: error: in 'end' of rule 'bad': unknown function 'lastest'; did you mean 'latest'?",
                "pack.yaml:21:12: error: 'limit' of rule 'bad' must be a period such as '6 weeks', '12 months' or '15 working days', or a mapping; not '6 fortnights'",
            ])
    }

    @Test("YAML syntax errors and duplicate keys are located")
    func syntax() {
        let (_, d1) = Fixtures.load("version: 1\nkind: rule-pack\nrules: [a, b\n")
        #expect(d1.count == 1)
        #expect(d1.first?.hasPrefix("pack.yaml:4:1: error: invalid YAML: did not find expected ',' or ']'") == true)
        let (_, d2) = Fixtures.load("version: 1\nkind: rule-pack\nkind: rule-pack\n")
        #expect(d2 == ["pack.yaml:2:1: error: duplicate key 'kind' in this mapping"])
    }

    @Test("file-level problems: kind, version")
    func fileLevel() {
        let (_, d1) = Fixtures.load("version: 1\nkind: rules-pack\n")
        #expect(
            d1 == [
                "pack.yaml:2:1: error: the file must say 'kind: rule-pack' or 'kind: holiday-calendar', not 'rules-pack'; did you mean 'rule-pack'?"
            ])
        let (_, d2) = Fixtures.load(Self.header.replacingOccurrences(of: "version: 1", with: "version: 2") + Self.goodRule)
        #expect(d2 == ["pack.yaml:1:10: error: unsupported format version 2; this sendcheck reads version 1"])
    }

    @Test("fields: unknown type, code without values, dated_by a non-date")
    func fields() {
        let yaml = """
            version: 1
            kind: rule-pack
            pack: t
            title: t
            subject: case
            fields:
              a: datetime
              b: code
              c: {type: code, values: [x], dated_by: a}
            rules: []
            """
        let (_, d) = Fixtures.load(yaml)
        #expect(
            d == [
                "pack.yaml:7:6: error: unknown field type 'datetime'; use one of date, code, number, text, bool; did you mean 'date'?",
                "pack.yaml:8:6: error: a code field needs its values: {type: code, values: [...]}",
                "pack.yaml:9:42: error: 'dated_by' must name a date field; 'a' is not one",
            ])
    }

    @Test("rules without examples, duplicate ids and repeat misuse are refused")
    func ruleShape() {
        var noExamples = Self.goodRule.replacingOccurrences(of: "id: good", with: "id: other")
        noExamples = String(noExamples[..<noExamples.range(of: "    examples:")!.lowerBound])
        let (_, d1) = Fixtures.load(Self.header + Self.goodRule + noExamples)
        #expect(d1 == ["pack.yaml:24:9: error: rule 'other' has no worked examples; every rule ships examples that run as tests [other]"])
        let (_, d2) = Fixtures.load(Self.header + Self.goodRule + Self.goodRule)
        #expect(
            d2 == [
                "pack.yaml:24:9: error: rule id 'good' is already defined at pack.yaml:12:9 for an overlapping period; versions of a rule need 'from'/'to' dates that do not overlap"
            ])
        let repeated = Self.goodRule.replacingOccurrences(of: "    end: done", with: "    end: latest(done, received)\n    repeat: each")
        let (_, d3) = Fixtures.load(Self.header + repeated)
        #expect(d3 == ["pack.yaml:19:10: error: with 'repeat', 'end' of rule 'good' must be a single date field or 'earliest' of date fields"])
    }

    @Test("versions of a rule with non-overlapping dates apply by the start date")
    func versions() throws {
        let v1 = Self.goodRule.replacingOccurrences(of: "    from: 2014-09-01", with: "    from: 2014-09-01\n    to: 2019-12-31")
        let v2 = Self.goodRule.replacingOccurrences(of: "    from: 2014-09-01", with: "    from: 2020-01-01")
            .replacingOccurrences(of: "    limit: 6 weeks", with: "    limit: 4 weeks")
        let (set, diagnostics) = Fixtures.load(Self.header + v1 + v2)
        #expect(diagnostics == [])
        let rules = try #require(set)
        let old = CheckAccumulator.findingsFor(rules, received: "2019-06-03", asOf: "2025-01-01")
        let new = CheckAccumulator.findingsFor(rules, received: "2020-06-01", asOf: "2025-01-01")
        #expect(old == ["overdue 2019-07-15"])
        #expect(new == ["overdue 2020-06-29"])
    }

    @Test("a failing example is reported at the example's position")
    func failingExample() throws {
        let wrong = Self.goodRule.replacingOccurrences(of: "expect: {status: met}", with: "expect: {status: breached}")
        let (set, _) = Fixtures.load(Self.header + wrong)
        let report = ExampleRunner.run(try #require(set))
        #expect(
            report.failures.map(\.description) == [
                "pack.yaml:23:9: error: rule 'good' example 'on time': expected status breached, got met due 2024-02-12"
            ])
    }
}

extension CheckAccumulator {
    /// Status and due date of every finding for a one-field subject (test helper).
    static func findingsFor(_ set: RuleSet, received: String, asOf: String) -> [String] {
        let schema = set.schemas["case"]!
        var values = [Value](repeating: .missing, count: schema.fields.count)
        values[schema.slot(of: "received")!] = .date(Fixtures.day(received))
        let subject = Subject(id: "X", kind: "case", location: SourceLocation(path: "x", line: 1, column: 1), values: values)
        return set.rules.indices.flatMap { ExampleRunner.findings(set, rule: $0, subject: subject, asOf: Fixtures.day(asOf)) }
            .map { "\($0.status.rawValue) \($0.due!.iso)" }
    }
}
