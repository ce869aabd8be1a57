/// One finding as the alert job sees it: its identity, where it stands and whom it concerns.
public struct AlertFinding: Sendable, Equatable {
    public var key: FindingKey
    public var rule: Int
    public var status: Status
    public var rag: RAG
    public var due: Day?
    public var completed: Day?
    /// The clock was ended by the plan ceasing.
    public var ended: Bool
    /// Completed late on or after the collector's `breachesSince`: a breach to tell once.
    public var newBreach: Bool = false
    /// Hashes of the `caseworker` and `team` cells (their text is in `ReadStatistics.labels`).
    public var caseworker: UInt64?
    public var team: UInt64?
    /// For data that cannot be read: which field, and where (`last_review at exports.csv:12`).
    public var dataToFix: String?

    /// Open and at least amber: something to tell someone about.
    public var isOpenAlert: Bool { !status.isClosed && rag >= .amber }
}

/// Evaluates every subject as it streams in and keeps only what the alert job needs: the open amber
/// and red findings, the breaches completed since the last run, and the current standing of every
/// case and rule the state holds an open alert for (to tell how it was resolved).
public struct AlertCollector: PartialConsumer {
    public let evaluator: Evaluator
    let ruleSet: RuleSet
    let ragTables: [[RAG]]
    /// Per subject with an open alert in the state, the rules of its open alerts.
    let watched: [String: Set<String>]
    let breachesSince: Day
    let caseworkerSlot: Int?
    let teamSlot: Int?
    public private(set) var findings: [AlertFinding] = []
    public private(set) var subjects = 0
    private var buffer: [Value] = []
    private let ruleIDs: [String]
    private var lastKind: String?
    private var kindRules: [Int] = []
    private var mask: Int?

    /// `breachesSince`: a step completed late on or after this day is a new breach (the day after
    /// the last run, or `repeat` days back on a first night).
    public init(ruleSet: RuleSet, options: CheckOptions, watched: [String: Set<String>], breachesSince: Day) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf, reasons: false)
        ragTables = options.rag.tables(for: ruleSet.rules)
        self.watched = watched
        self.breachesSince = breachesSince
        ruleIDs = ruleSet.rules.map(\.id)
        caseworkerSlot = ruleSet.schemas["case"]?.slot(of: "caseworker")
        teamSlot = ruleSet.schemas["case"]?.slot(of: "team")
    }

    public mutating func add(_ subject: Subject) {
        subjects += 1
        if lastKind != subject.kind {
            lastKind = subject.kind
            kindRules = ruleSet.ruleIndices(for: subject.kind)
            mask = evaluator.maskIndex(for: subject.kind)
        }
        let isCase = subject.kind == "case"
        func label(_ slot: Int?) -> UInt64? {
            guard isCase, let slot, slot < subject.values.count, case .text(let h) = subject.values[slot] else { return nil }
            return h
        }
        let caseworker = label(caseworkerSlot)
        let team = label(teamSlot)
        let watchedRules = watched[subject.id]
        let tables = ragTables
        let ids = ruleIDs
        let since = breachesSince
        let evaluator = self.evaluator
        evaluator.prepare(subject, mask: mask, into: &buffer)
        var found: [AlertFinding] = []
        var unreadable: [(index: Int, finding: Finding)] = []
        buffer.withUnsafeBufferPointer { values in
            for index in kindRules where !evaluator.notStarted(index, values) {
                evaluator.evaluate(subject, rule: index, values: values) { outcome in
                    guard case .finding(let f) = outcome else { return }
                    let rag = tables[index][f.status.index]
                    let open = !f.status.isClosed && rag >= .amber
                    let breach = f.status == .breached && (f.completed.map { $0 >= since } ?? false)
                    guard open || breach || (watchedRules?.contains(ids[index]) ?? false) else { return }
                    var ended = false
                    if case .ended = f.detail { ended = true }
                    if f.status == .invalid { unreadable.append((found.count, f)) }
                    found.append(
                        AlertFinding(
                            key: FindingKey(rule: ids[index], subject: f.subject, start: f.start), rule: index, status: f.status, rag: rag,
                            due: f.due, completed: f.completed, ended: ended, newBreach: breach, caseworker: caseworker, team: team))
                }
            }
        }
        // Placed once the rules have run: reading the subject inside the evaluator's callback would copy it.
        for (i, f) in unreadable { found[i].dataToFix = Self.dataToFix(f, rule: ruleSet.rules[f.rule], subject: subject, ruleSet: ruleSet) }
        findings.append(contentsOf: found)
    }

    /// Which field of a finding cannot be read, and where: `last_review at exports.csv:12` (never
    /// the cell's text: it may be personal).
    static func dataToFix(_ f: Finding, rule: Rule, subject: Subject, ruleSet: RuleSet) -> String {
        let names = ruleSet.schemas[rule.subjectKind]?.fields.map(\.name) ?? []
        guard case .invalidField(let slot) = f.detail, slot < names.count else { return f.note(in: ruleSet) ?? "a value in the data cannot be read" }
        let at = subject.origin(of: slot)
        let path = at.source >= 0 ? subject.recorded?.sources[Int(at.source)] ?? subject.location.path : subject.location.path
        return "\(names[slot]) at \(path):\(at.line) cannot be read"
    }

    public mutating func absorb(_ other: AlertCollector) {
        findings.append(contentsOf: other.findings)
        subjects += other.subjects
    }
}
