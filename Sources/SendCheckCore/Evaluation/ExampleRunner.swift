/// Runs every rule's worked examples (`sendcheck test` and the test suite).
public enum ExampleRunner {
    /// One example that did not give what it promised.
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: String
        public var example: String
        public var location: SourceLocation
        public var message: String

        /// `path:line:col: error: rule 'x' example 'y': message`.
        public var description: String {
            "\(location): error: rule '\(rule)' example '\(example)': \(message)"
        }
    }

    /// The result of running examples.
    public struct Report: Sendable {
        public var passed = 0
        public var failures: [Failure] = []
        public var total: Int { passed + failures.count }
    }

    /// The findings rule `index` gives for a subject as of a date (no history window).
    public static func findings(_ ruleSet: RuleSet, rule index: Int, subject: Subject, asOf: Day) -> [Finding] {
        findings(Evaluator(ruleSet: ruleSet, asOf: asOf), rule: index, subject: subject)
    }

    /// The findings rule `index` gives for a subject, with an evaluator made for the example's date.
    static func findings(_ evaluator: Evaluator, rule index: Int, subject: Subject) -> [Finding] {
        var buffer: [Value] = []
        evaluator.prepare(subject, into: &buffer)
        var out: [Finding] = []
        buffer.withUnsafeBufferPointer { values in
            evaluator.evaluate(subject, rule: index, values: values) { if case .finding(let f) = $0 { out.append(f) } }
        }
        return out
    }

    /// Runs the examples of every rule (or of the rules whose id is in `only`).
    public static func run(_ ruleSet: RuleSet, only: Set<String>? = nil) -> Report {
        var report = Report()
        // One evaluator per as-of date: making one costs time in proportion to the rules, and a pack
        // has thousands of examples but few distinct dates.
        var evaluators: [Day: Evaluator] = [:]
        for (index, rule) in ruleSet.rules.enumerated() where only?.contains(rule.id) ?? true {
            for example in rule.examples {
                let evaluator = evaluators[example.asOf] ?? Evaluator(ruleSet: ruleSet, asOf: example.asOf)
                evaluators[example.asOf] = evaluator
                let got = findings(evaluator, rule: index, subject: example.given)
                if let problem = compare(got, example.expected) {
                    report.failures.append(Failure(rule: rule.id, example: example.name, location: example.location, message: problem))
                } else {
                    report.passed += 1
                }
            }
        }
        return report
    }

    static func describe(_ f: Finding) -> String {
        // Notes need the rule set; the status and due date identify a finding here.
        var s = f.status.rawValue
        if let d = f.due { s += " due \(d)" }

        return s
    }

    static func compare(_ got: [Finding], _ expected: [RuleExample.Expectation]) -> String? {
        let gotText = got.isEmpty ? "no finding" : got.map(describe).joined(separator: "; ")
        guard got.count == expected.count else {
            let want = expected.isEmpty ? "no finding" : "\(expected.count) finding\(expected.count == 1 ? "" : "s")"
            return "expected \(want), got \(gotText)"
        }
        for (i, (g, e)) in zip(got, expected).enumerated() {
            let which = got.count > 1 ? "finding \(i + 1): " : ""
            if g.status != e.status { return "\(which)expected status \(e.status.rawValue), got \(gotText)" }
            if let due = e.due, g.due != due { return "\(which)expected due \(due), got \(gotText)" }
            if let start = e.start, g.start != start { return "\(which)expected start \(start), got start \(g.start.map(\.iso) ?? "none")" }
            if let done = e.completed, g.completed != done { return "\(which)expected completed \(done), got \(g.completed.map(\.iso) ?? "none")" }
        }
        return nil
    }
}
