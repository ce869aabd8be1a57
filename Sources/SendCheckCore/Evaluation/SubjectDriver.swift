/// What a consumer of one date's evaluations receives (`SubjectDriver`): each subject, each of its
/// findings with its rule and RAG, and each rule that started but cannot be checked from what the
/// subject's sources record. A consumer keeps only its own bookkeeping: it never evaluates.
public protocol FindingConsumer {
    /// Before the subject's findings.
    mutating func begin(_ subject: Subject)
    /// One finding of the subject (`rule` indexes the rule set; `rag` is the run's RAG of its status).
    mutating func take(_ finding: Finding, rule: Int, rag: RAG)
    /// A rule that started for the subject but whose end its sources do not record.
    mutating func notChecked(rule: Int, fields: [String])
    /// After the subject's findings.
    mutating func end(_ subject: Subject)
}

extension FindingConsumer {
    public mutating func begin(_ subject: Subject) {}
    public mutating func notChecked(rule: Int, fields: [String]) {}
    public mutating func end(_ subject: Subject) {}
}

/// The one loop that evaluates a subject as of a date: its values as they stood then, every rule of
/// its kind that has not certainly not started, each finding handed on with its RAG. `check`, the
/// alert job and the SEN2 measures all evaluate through it; the board report's time travel evaluates
/// many dates at once with the same evaluator and the same status function.
public struct SubjectDriver {
    public let evaluator: Evaluator
    /// The RAG of each rule and status (`rule * statuses + status`), flat for the hot path.
    private let rags: [RAG]
    private let statusCount = Status.allCases.count
    private var rulesByKind: [String: [Int]] = [:]
    private var lastKind: (kind: String, rules: [Int], mask: Int?)?
    private var buffer: [Value] = []

    public init(ruleSet: RuleSet, asOf: Day, rag: RAGMapping) {
        evaluator = Evaluator(ruleSet: ruleSet, asOf: asOf, reasons: false)
        rags = rag.tables(for: ruleSet.rules).flatMap { $0 }
        for kind in ruleSet.schemas.keys { rulesByKind[kind] = ruleSet.ruleIndices(for: kind) }
    }

    /// The rule set evaluated.
    public var ruleSet: RuleSet { evaluator.ruleSet }

    /// Evaluates every rule of the subject's kind once, handing each finding to `consumer`. A subject
    /// of a kind no rule checks still begins and ends (it is counted).
    public mutating func evaluate<C: FindingConsumer>(_ subject: Subject, into consumer: inout C) {
        consumer.begin(subject)
        defer { consumer.end(subject) }
        let rules: [Int]
        let mask: Int?
        if let last = lastKind, last.kind == subject.kind {
            (rules, mask) = (last.rules, last.mask)
        } else {
            guard let found = rulesByKind[subject.kind] else { return }
            mask = evaluator.maskIndex(for: subject.kind)
            lastKind = (subject.kind, found, mask)
            rules = found
        }
        evaluator.prepare(subject, mask: mask, into: &buffer)
        let evaluator = self.evaluator
        let statusCount = self.statusCount
        let rags = self.rags
        buffer.withUnsafeBufferPointer { values in
            for index in rules where !evaluator.notStarted(index, values) {
                evaluator.evaluate(subject, rule: index, values: values) { outcome in
                    switch outcome {
                    case .finding(let f): consumer.take(f, rule: index, rag: rags[index * statusCount + f.status.index])
                    case .notApplicable(_, .notRecorded(let fields)): consumer.notChecked(rule: index, fields: fields)
                    case .notApplicable: break
                    }
                }
            }
        }
    }
}
