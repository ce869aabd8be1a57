/// Gathers what a board report needs in one pass over the data: each subject is evaluated as of every
/// date the report shows (`TimeTravel`: the month ends of the trend, the previous board, the as-of
/// date) and only counts, the longest-standing red findings and the changes are kept, never every
/// finding, so memory stays bounded at national scale.
public struct BoardAccumulator: PartialConsumer {
    public let travel: TimeTravel
    /// Index in `travel.dates` of the as-of date and of the previous board's date.
    public let now: Int
    public let previous: Int
    private let options: CheckOptions
    private let ruleCount: Int
    /// Per rule and status (`rule * statuses + status`): the RAG.
    private let rags: [RAG]
    /// Per rule: which DfE measure counts its findings (see `SEN2Measures.Counted`).
    private let measured: [SEN2Measures.Counted?]
    private let teamSlot: Int?
    private let exceptionSlot: Int?
    /// Per date, the start of its history window.
    private let sinces: [Day]
    private var scratch = TimeTravel.Scratch()
    private var atNow: [(rule: Int, finding: Finding)] = []
    private var atPrevious: [(rule: Int, finding: Finding)] = []

    /// Findings counted per date, rule and status: `((date * rules) + rule) * statuses + status`.
    private var tallies: [Int]
    /// As of now, per rule and team (by the hash of the team's name).
    public private(set) var teams: [[UInt64: BoardReport.Counts]]
    /// Per rule, the red findings that have stood longest (at most `listedReds`), and how many there were.
    public private(set) var reds: [[Red]]
    public private(set) var redCounts: [Int]
    /// Per kind of change, the first `listedChanges` by rule and subject, and how many there were.
    public private(set) var changes: [BoardReport.Changes.Kind: [ChangeRecord]] = [:]
    public private(set) var changeCounts: [BoardReport.Changes.Kind: Int] = [:]
    public private(set) var measures: SEN2Measures
    public private(set) var subjects = 0
    public private(set) var sources: [String] = []
    /// Per rule, the last red kept when its list was last cut (nil until then).
    private var redCutoff: [Red?] = []
    private var lastSource: String?
    private var lastSourceIndex: Int32 = -1

    /// A red finding kept for the exception report.
    public struct Red: Sendable {
        public var rule: Int
        public var finding: Finding
        public var team: UInt64?
        /// Since when it has been red (for the order: longest-standing first).
        public var since: Day?
    }

    /// A finding whose RAG moved between the previous board and now.
    public struct ChangeRecord: Sendable {
        public var rule: Int
        public var subject: String
        public var start: Day?
        public var before: Finding?
        public var after: Finding?
        public var team: UInt64?
    }

    /// How many red findings of one rule the exception report lists (the longest-standing first); a
    /// council's board sees every one, a national run a bounded report and the exact count.
    public static let listedReds = 500
    /// How many changes of each kind are listed.
    public static let listedChanges = 50

    public init(ruleSet: RuleSet, options: CheckOptions, dates: [Day], previous: Day, measures: ClosedRange<Day>) {
        travel = TimeTravel(ruleSet: ruleSet, dates: dates + [previous, options.asOf])
        now = travel.dates.firstIndex(of: options.asOf) ?? travel.dates.count - 1
        self.previous = travel.dates.firstIndex(of: previous) ?? 0
        self.options = options
        ruleCount = ruleSet.rules.count
        rags = options.rag.tables(for: ruleSet.rules).flatMap { $0 }
        measured = ruleSet.rules.map { SEN2Measures.Counted(rule: $0.id) }
        teamSlot = ruleSet.schemas["case"]?.slot(of: "team")
        exceptionSlot = ruleSet.schemas["case"]?.slot(of: "exception")
        sinces = travel.dates.map { $0 == options.asOf ? options.since : CheckOptions(asOf: $0).since }
        tallies = Array(repeating: 0, count: travel.dates.count * ruleSet.rules.count * Status.allCases.count)
        teams = Array(repeating: [:], count: ruleSet.rules.count)
        reds = Array(repeating: [], count: ruleSet.rules.count)
        redCounts = Array(repeating: 0, count: ruleSet.rules.count)
        redCutoff = Array(repeating: nil, count: ruleSet.rules.count)
        self.measures = SEN2Measures(ruleSet: ruleSet, period: measures, asOf: options.asOf)
    }

    /// The counts of one rule as of one date (by index into `travel.dates`).
    public func counts(date: Int, rule: Int) -> BoardReport.Counts {
        var c = BoardReport.Counts()
        let base = (date * ruleCount + rule) * Status.allCases.count
        for s in Status.allCases { c.add(s, tallies[base + s.index]) }
        return c
    }

    public mutating func add(_ subject: Subject) {
        subjects += 1
        let source = sourceIndex(subject.location.path)
        let isCase = subject.kind == "case"
        var team: UInt64?
        if isCase, let slot = teamSlot, slot < subject.values.count, case .text(let h) = subject.values[slot] { team = h }
        let excepted = isCase && exceptionSlot.map { $0 < subject.values.count && subject.values[$0].isPresent } == true
        // Reused storage, moved out so the evaluation's closure does not hold `self`.
        var found = (now: atNow, previous: atPrevious, counts: tallies)
        atNow = []
        atPrevious = []
        tallies = []
        found.now.removeAll(keepingCapacity: true)
        found.previous.removeAll(keepingCapacity: true)
        let (now, previous, rules, statuses, sinces) = (self.now, self.previous, ruleCount, Status.allCases.count, self.sinces)
        travel.evaluate(
            subject, scratch: &scratch, wants: { $0 == now || $0 == previous },
            tally: { d, rule, status, completed in
                if !CheckOptions.isHistory(status, completed: completed, since: sinces[d]) {
                    found.counts[(d * rules + rule) * statuses + status.index] += 1
                }
            }
        ) { d, rule, f in
            if d == now { found.now.append((rule, f)) }
            if d == previous, !CheckOptions.isHistory(f, since: sinces[d]) { found.previous.append((rule, f)) }
        }
        tallies = found.counts
        for (rule, var f) in found.now {
            if isCase, let m = measured[rule] { measures.add(m, finding: f, excepted: excepted) }
            guard !CheckOptions.isHistory(f, since: sinces[now]) else { continue }
            teams[rule][team ?? 0, default: BoardReport.Counts()].add(f.status)
            if rags[rule * statuses + f.status.index] == .red {
                f.source = source
                f.line = Int32(truncatingIfNeeded: subject.location.line)
                keepRed(Red(rule: rule, finding: f, team: team, since: Self.since(f)))
            }
        }
        found.now.removeAll { CheckOptions.isHistory($0.finding, since: sinces[now]) }
        diff(subject.id, before: found.previous, after: found.now, team: team)
        atNow = found.now
        atPrevious = found.previous
    }

    /// Since when a red finding has been red: the day after its due date, or when the late step was done.
    static func since(_ f: Finding) -> Day? {
        switch f.status {
        case .overdue: return f.due?.adding(days: 1)
        case .breached, .excepted: return f.completed
        default: return nil
        }
    }

    /// The order of the exception report: longest-standing first, then by reference and clock.
    static func before(_ a: Red, _ b: Red) -> Bool {
        let (x, y) = (a.since?.number ?? Int.max, b.since?.number ?? Int.max)
        if x != y { return x < y }
        if a.finding.subject != b.finding.subject { return a.finding.subject < b.finding.subject }
        return (a.finding.start?.number ?? Int.min) < (b.finding.start?.number ?? Int.min)
    }

    private mutating func keepRed(_ red: Red) {
        redCounts[red.rule] += 1
        // Once a rule's list has been cut, a red that would sort after the last one kept cannot be listed.
        if let last = redCutoff[red.rule], !Self.before(red, last) { return }
        reds[red.rule].append(red)
        // Kept bounded: when the list doubles, only the longest-standing `listedReds` stay.
        if reds[red.rule].count >= 2 * Self.listedReds {
            reds[red.rule] = Array(reds[red.rule].sorted(by: Self.before).prefix(Self.listedReds))
            redCutoff[red.rule] = reds[red.rule].last
        }
    }

    /// Classifies the changes of one subject's findings between the previous board and now, matched by
    /// their identity (rule and clock start). A subject has a few findings: matched by a linear search.
    private mutating func diff(_ subject: String, before: [(rule: Int, finding: Finding)], after: [(rule: Int, finding: Finding)], team: UInt64?) {
        for (rule, f) in after {
            let old = before.first { $0.rule == rule && $0.finding.start == f.start }?.finding
            record(rule, subject, f.start, before: old, after: f, team: team)
        }
        for (rule, f) in before where !after.contains(where: { $0.rule == rule && $0.finding.start == f.start }) {
            record(rule, subject, f.start, before: f, after: nil, team: team)
        }
    }

    private mutating func record(_ rule: Int, _ subject: String, _ start: Day?, before: Finding?, after: Finding?, team: UInt64?) {
        let statuses = Status.allCases.count
        let was = before.map { rags[rule * statuses + $0.status.index] }
        let now = after.map { rags[rule * statuses + $0.status.index] }
        let kind: BoardReport.Changes.Kind
        switch (was, now) {
        case (let w, .red?) where w != .red: kind = .newReds
        case (.red?, let n) where n == nil || n == .green || n == .blue: kind = .resolved
        case (.amber?, let n) where n == nil || n == .green || n == .blue: kind = .resolved
        case let (w?, n?) where n.rank > w.rank: kind = .worse
        case let (w?, n?) where n.rank < w.rank: kind = .better
        case (nil, .amber?): kind = .worse
        default: return
        }
        changeCounts[kind, default: 0] += 1
        changes[kind, default: []].append(ChangeRecord(rule: rule, subject: subject, start: start, before: before, after: after, team: team))
        if changes[kind, default: []].count >= 2 * Self.listedChanges { changes[kind] = Self.first(changes[kind] ?? []) }
    }

    /// The first `listedChanges` changes by rule, subject and clock start.
    static func first(_ list: [ChangeRecord]) -> [ChangeRecord] {
        Array(
            list.sorted { a, b in
                if a.rule != b.rule { return a.rule < b.rule }
                if a.subject != b.subject { return a.subject < b.subject }
                return (a.start?.number ?? Int.min) < (b.start?.number ?? Int.min)
            }.prefix(listedChanges))
    }

    private mutating func sourceIndex(_ path: String) -> Int32 {
        if path == lastSource { return lastSourceIndex }
        let index = Int32(sources.firstIndex(of: path) ?? sources.count)
        if index == sources.count { sources.append(path) }
        lastSource = path
        lastSourceIndex = index
        return index
    }

    public mutating func absorb(_ other: BoardAccumulator) {
        subjects += other.subjects
        for i in tallies.indices { tallies[i] += other.tallies[i] }
        for r in teams.indices {
            teams[r].merge(other.teams[r]) { a, b in
                var c = a; c.add(b); return c
            }
        }
        let remap: [Int32] = other.sources.map { path in
            if let i = sources.firstIndex(of: path) { return Int32(i) }
            sources.append(path)
            return Int32(sources.count - 1)
        }
        for rule in reds.indices {
            redCounts[rule] += other.redCounts[rule]
            let moved = other.reds[rule].map { red in
                var r = red
                if r.finding.source >= 0 { r.finding.source = remap[Int(r.finding.source)] }
                return r
            }
            reds[rule] = Array((reds[rule] + moved).sorted(by: Self.before).prefix(Self.listedReds))
        }
        for (kind, n) in other.changeCounts { changeCounts[kind, default: 0] += n }
        for (kind, list) in other.changes { changes[kind] = Self.first((changes[kind] ?? []) + list) }
        measures.absorb(other.measures)
    }
}
