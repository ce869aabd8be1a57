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
    /// Ended late (with or without a recorded exception) on or after the collector's `breachesSince`:
    /// to tell once.
    public var newBreach: Bool = false
    /// Hashes of the `caseworker` and `team` cells (their text is in `ReadStatistics.labels`).
    public var caseworker: UInt64?
    public var team: UInt64?
    /// For data that cannot be read: which field, and where (`last_review at exports.csv:12`).
    public var dataToFix: String?

    /// Whether the clock has stopped: the step was done or the plan ceased, on time, late or late
    /// with a recorded exception (an excepted plan issued months ago is done, not due soon).
    public var hasEnded: Bool { Self.hasEnded(status, completed: completed) }

    /// Ended after its due date: late, or late with a recorded exception.
    public var endedLate: Bool { Self.endedLate(status, completed: completed) }

    static func hasEnded(_ status: Status, completed: Day?) -> Bool { status.isClosed || (status == .excepted && completed != nil) }

    static func endedLate(_ status: Status, completed: Day?) -> Bool { status == .breached || (status == .excepted && completed != nil) }

    /// An open clock at least amber: something to tell someone about until it ends.
    public var isOpenAlert: Bool { !hasEnded && rag >= .amber }
}

/// Takes every subject's findings as they stream in (through the `SubjectDriver`) and keeps only
/// what the alert job needs: the open amber and red findings, the breaches completed since the last
/// run, and the current standing of every case and rule the state holds an open alert for (to tell
/// how it was resolved).
public struct AlertCollector: PartialConsumer {
    private var driver: SubjectDriver
    private var kept: Kept

    /// `breachesSince`: a step completed late on or after this day is a new breach (the day after
    /// the last run, or `repeat` days back on a first night).
    public init(ruleSet: RuleSet, options: CheckOptions, watched: [String: Set<String>], breachesSince: Day) {
        driver = SubjectDriver(ruleSet: ruleSet, asOf: options.asOf, rag: options.rag)
        kept = Kept(ruleSet: ruleSet, watched: watched, breachesSince: breachesSince)
    }

    /// The evaluator every subject is evaluated with.
    public var evaluator: Evaluator { driver.evaluator }
    public var findings: [AlertFinding] { kept.findings }
    public var subjects: Int { kept.subjects }

    public mutating func add(_ subject: Subject) { driver.evaluate(subject, into: &kept) }

    public mutating func absorb(_ other: AlertCollector) {
        kept.findings.append(contentsOf: other.kept.findings)
        kept.subjects += other.kept.subjects
    }

    /// The alert job's bookkeeping of one subject's findings.
    struct Kept: FindingConsumer {
        let ruleSet: RuleSet
        /// Per subject with an open alert in the state, the rules of its open alerts.
        let watched: [String: Set<String>]
        let breachesSince: Day
        let caseworkerSlot: Int?
        let teamSlot: Int?
        private let ruleIDs: [String]
        var findings: [AlertFinding] = []
        var subjects = 0
        /// The subject being taken: its routing cells, the rules it has open alerts for, and its
        /// unreadable findings still to be told where (once the subject's rules have run).
        private var caseworker: UInt64?
        private var team: UInt64?
        private var watchedRules: Set<String>?
        private var unreadable: [(index: Int, finding: Finding)] = []

        init(ruleSet: RuleSet, watched: [String: Set<String>], breachesSince: Day) {
            self.ruleSet = ruleSet
            self.watched = watched
            self.breachesSince = breachesSince
            ruleIDs = ruleSet.rules.map(\.id)
            caseworkerSlot = ruleSet.schemas["case"]?.slot(of: .caseworker)
            teamSlot = ruleSet.schemas["case"]?.slot(of: .team)
        }

        mutating func begin(_ subject: Subject) {
            subjects += 1
            func label(_ slot: Int?) -> UInt64? {
                guard subject.kind == "case", let slot, slot < subject.values.count, case .text(let h) = subject.values[slot] else { return nil }
                return h
            }
            caseworker = label(caseworkerSlot)
            team = label(teamSlot)
            watchedRules = watched.isEmpty ? nil : watched[subject.id]
        }

        mutating func take(_ f: Finding, rule index: Int, rag: RAG) {
            let open = !AlertFinding.hasEnded(f.status, completed: f.completed) && rag >= .amber
            let breach = AlertFinding.endedLate(f.status, completed: f.completed) && (f.completed.map { $0 >= breachesSince } ?? false)
            guard open || breach || (watchedRules?.contains(ruleIDs[index]) ?? false) else { return }
            var ceased = false
            if case .ended = f.detail { ceased = true }
            if f.status == .invalid { unreadable.append((findings.count, f)) }
            findings.append(
                AlertFinding(
                    key: FindingKey(rule: ruleIDs[index], subject: f.subject, start: f.start), rule: index, status: f.status, rag: rag,
                    due: f.due, completed: f.completed, ended: ceased, newBreach: breach, caseworker: caseworker, team: team))
        }

        mutating func end(_ subject: Subject) {
            for (i, f) in unreadable {
                findings[i].dataToFix = AlertCollector.dataToFix(f, rule: ruleSet.rules[f.rule], subject: subject, ruleSet: ruleSet)
            }
            unreadable.removeAll(keepingCapacity: true)
        }
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
}
