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
    /// Hashes of the `caseworker` and `team` cells (their text is in `ReadStatistics.labels`).
    public var caseworker: UInt64?
    public var team: UInt64?

    /// Open and at least amber: something to tell someone about.
    public var isOpenAlert: Bool { !status.isClosed && rag >= .amber }
}

/// Evaluates every subject as it streams in and keeps only what the alert job needs: the open amber
/// and red findings, the breaches completed since the last run, and the current standing of every
/// subject the state already holds an alert for (to tell how it was resolved).
public struct AlertCollector: PartialConsumer {
    public let evaluator: Evaluator
    let ruleSet: RuleSet
    let ragTables: [[RAG]]
    /// Subjects with an open alert in the state.
    let watched: Set<String>
    let breachesSince: Day
    let caseworkerSlot: Int?
    let teamSlot: Int?
    public private(set) var findings: [AlertFinding] = []
    public private(set) var subjects = 0
    private var buffer: [Value] = []

    /// `breachesSince`: a step completed late on or after this day is a new breach (the day after
    /// the last run, or `repeat` days back on a first night).
    public init(ruleSet: RuleSet, options: CheckOptions, watched: Set<String>, breachesSince: Day) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf, reasons: false)
        ragTables = options.rag.tables(for: ruleSet.rules)
        self.watched = watched
        self.breachesSince = breachesSince
        caseworkerSlot = ruleSet.schemas["case"]?.slot(of: "caseworker")
        teamSlot = ruleSet.schemas["case"]?.slot(of: "team")
    }

    public mutating func add(_ subject: Subject) {
        subjects += 1
        let isCase = subject.kind == "case"
        func label(_ slot: Int?) -> UInt64? {
            guard isCase, let slot, slot < subject.values.count, case .text(let h) = subject.values[slot] else { return nil }
            return h
        }
        let caseworker = label(caseworkerSlot)
        let team = label(teamSlot)
        let watchedSubject = watched.contains(subject.id)
        let tables = ragTables
        let since = breachesSince
        var found: [AlertFinding] = []
        evaluator.forEachFinding(subject, buffer: &buffer) { rule, f in
            let rag = tables[f.rule][f.status.index]
            let open = !f.status.isClosed && rag >= .amber
            let breach = f.status == .breached && (f.completed.map { $0 >= since } ?? false)
            guard open || breach || watchedSubject else { return }
            var ended = false
            if case .ended = f.detail { ended = true }
            found.append(
                AlertFinding(
                    key: FindingKey(rule: rule.id, subject: f.subject, start: f.start), rule: f.rule, status: f.status, rag: rag, due: f.due,
                    completed: f.completed, ended: ended, caseworker: caseworker, team: team))
        }
        findings.append(contentsOf: found)
    }

    public mutating func absorb(_ other: AlertCollector) {
        findings.append(contentsOf: other.findings)
        subjects += other.subjects
    }
}
