/// Runs the evaluator over subjects as they stream in and keeps only what the report needs:
/// counts for every (rule, status), the subjects' overall RAG, and the findings to list.
public struct CheckAccumulator {
    public let evaluator: Evaluator
    public let options: CheckOptions
    private var buffer: [Value] = []
    private var rulesByKind: [String: [Int]] = [:]
    private var subjectRAG: [Int] = [0, 0, 0]
    public private(set) var counts: [[Int]]
    public private(set) var findings: [Finding] = []
    public private(set) var subjects = 0
    private struct SourceRule: Hashable {
        var rule: Int
        var source: ObjectIdentifier
    }
    private var unchecked: [SourceRule: (path: String, fields: [String], count: Int)] = [:]
    /// Subjects of a kind no loaded rule pack covers.
    public private(set) var unknownKinds: Set<String> = []

    public init(ruleSet: RuleSet, options: CheckOptions) {
        evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf)
        self.options = options
        counts = Array(repeating: Array(repeating: 0, count: Status.allCases.count), count: ruleSet.rules.count)
        for kind in ruleSet.schemas.keys { rulesByKind[kind] = ruleSet.ruleIndices(for: kind) }
    }

    /// Whether a finding is history: closed before the history window.
    @inline(__always) func isHistory(_ f: Finding) -> Bool {
        switch f.status {
        case .met, .breached, .excepted:
            guard let c = f.completed else { return false }
            return c < options.since
        default: return false
        }
    }

    /// Evaluates every rule for one subject.
    public mutating func add(_ subject: Subject) {
        subjects += 1
        guard let rules = rulesByKind[subject.kind] else {
            unknownKinds.insert(subject.kind)
            return
        }
        evaluator.prepare(subject, into: &buffer)
        var worst = -1
        let listAll = options.listAll
        let rag = options.rag
        buffer.withUnsafeBufferPointer { values in
            for index in rules {
                evaluator.evaluate(subject, rule: index, values: values) { outcome in
                    if case .notApplicable(_, .notRecorded(let fields)) = outcome, let source = subject.recorded {
                        let key = SourceRule(rule: index, source: ObjectIdentifier(source))
                        if let u = unchecked[key] {
                            unchecked[key] = (u.path, u.fields, u.count + 1)
                        } else {
                            unchecked[key] = (source.path, fields, 1)
                        }
                        return
                    }
                    guard case .finding(let f) = outcome, !isHistory(f) else { return }
                    counts[index][Status.allCases.firstIndex(of: f.status)!] += 1
                    let r = rag.rag(f.status)
                    worst = max(worst, r.rank)
                    if listAll || r != .green && r != .blue { findings.append(f) }
                }
            }
        }
        if worst >= 0 { subjectRAG[worst] += 1 }
    }

    /// The finished result, findings sorted by rule id, then subject, then start.
    public func result(ruleSet: RuleSet, inputs: [ReadStatistics]) -> CheckResult {
        let rules = ruleSet.rules
        let sorted = findings.sorted { a, b in
            if a.rule != b.rule {
                let (x, y) = (rules[a.rule].id, rules[b.rule].id)
                return x != y ? x < y : a.rule < b.rule
            }
            if a.subject != b.subject { return a.subject < b.subject }
            return (a.start?.number ?? Int.min) < (b.start?.number ?? Int.min)
        }
        var byRule: [String: [Status: Int]] = [:]
        for (i, row) in counts.enumerated() {
            for (j, n) in row.enumerated() where n > 0 {
                byRule[rules[i].id, default: [:]][Status.allCases[j], default: 0] += n
            }
        }
        var byRAG: [RAG: Int] = [:]
        for row in counts {
            for (j, n) in row.enumerated() { byRAG[options.rag.rag(Status.allCases[j]), default: 0] += n }
        }
        return CheckResult(
            asOf: options.asOf, since: options.since, subjects: subjects, findings: sorted, byRule: byRule,
            byRAG: byRAG, subjectsByRAG: [.green: subjectRAG[0], .amber: subjectRAG[1], .red: subjectRAG[2]],
            inputs: inputs, ruleSet: ruleSet, rag: options.rag,
            notChecked: unchecked.map { key, u in
                NotChecked(rule: rules[key.rule].id, path: u.path, missing: u.fields, subjects: u.count)
            }.sorted { ($0.rule, $0.path) < ($1.rule, $1.path) })
    }
}

/// Everything a reporter needs about one run.
public struct CheckResult: Sendable {
    public var asOf: Day
    public var since: Day
    public var subjects: Int
    /// The listed findings (red and amber, or all with `--all`), sorted.
    public var findings: [Finding]
    /// Every status counted per rule id, listed or not.
    public var byRule: [String: [Status: Int]]
    /// Findings counted by RAG.
    public var byRAG: [RAG: Int]
    /// Subjects by their worst finding.
    public var subjectsByRAG: [RAG: Int]
    public var inputs: [ReadStatistics]
    public var ruleSet: RuleSet
    public var rag: RAGMapping
    /// Rules a source could not be checked against because it does not record their end event.
    public var notChecked: [NotChecked] = []

    /// Total findings counted (listed or not).
    public var findingCount: Int { byRAG.values.reduce(0, +) }

    /// The worst RAG among all findings, if any.
    public var worst: RAG? {
        for r in [RAG.red, .amber, .blue, .green] where (byRAG[r] ?? 0) > 0 { return r }
        return nil
    }
}

/// A rule that could not be checked for a source's subjects: the source does not record its end event.
public struct NotChecked: Sendable, Equatable {
    public var rule: String
    public var path: String
    public var missing: [String]
    public var subjects: Int
}
