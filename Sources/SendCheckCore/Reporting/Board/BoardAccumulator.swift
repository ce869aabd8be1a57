/// Gathers what a board report needs in one pass over the data: each subject is evaluated as of every
/// date the report shows (`TimeTravel`: the month ends of the trend, the previous board, the as-of
/// date) and only counts, the red findings and the changes are kept, never every finding.
public struct BoardAccumulator: PartialConsumer {
    public let travel: TimeTravel
    /// Index in `travel.dates` of the as-of date and of the previous board's date.
    public let now: Int
    public let previous: Int
    private let options: CheckOptions
    private let ragTables: [[RAG]]
    private let teamSlot: Int?
    private let exceptionSlot: Int?
    /// Per date, the start of its history window.
    private let sinces: [Day]
    private var scratch = TimeTravel.Scratch()
    private var nowFindings: [(rule: Int, finding: Finding)] = []
    private var previousFindings: [(rule: Int, finding: Finding)] = []

    /// `counts[date][rule]`.
    public private(set) var counts: [[BoardReport.Counts]]
    /// As of now, per rule and team (by the hash of the team's name).
    public private(set) var teams: [[UInt64: BoardReport.Counts]]
    public private(set) var reds: [(rule: Int, finding: Finding, team: UInt64?)] = []
    public private(set) var changes: [BoardReport.Changes.Kind: [(rule: Int, subject: String, start: Day?, before: Finding?, after: Finding?, team: UInt64?)]] = [:]
    public private(set) var changeCounts: [BoardReport.Changes.Kind: Int] = [:]
    public private(set) var measures: SEN2Measures
    public private(set) var subjects = 0
    public private(set) var sources: [String] = []
    private var lastSource: String?
    private var lastSourceIndex: Int32 = -1


    public init(ruleSet: RuleSet, options: CheckOptions, dates: [Day], previous: Day, measures: ClosedRange<Day>) {
        travel = TimeTravel(ruleSet: ruleSet, dates: dates + [previous, options.asOf])
        now = travel.dates.firstIndex(of: options.asOf) ?? travel.dates.count - 1
        self.previous = travel.dates.firstIndex(of: previous) ?? 0
        self.options = options
        ragTables = options.rag.tables(for: ruleSet.rules)
        teamSlot = ruleSet.schemas["case"]?.slot(of: "team")
        exceptionSlot = ruleSet.schemas["case"]?.slot(of: "exception")
        sinces = travel.dates.map { $0 == options.asOf ? options.since : CheckOptions(asOf: $0).since }
        counts = Array(repeating: Array(repeating: BoardReport.Counts(), count: ruleSet.rules.count), count: travel.dates.count)
        teams = Array(repeating: [:], count: ruleSet.rules.count)
        self.measures = SEN2Measures(ruleSet: ruleSet, period: measures, asOf: options.asOf)
    }

    public mutating func add(_ subject: Subject) {
        subjects += 1
        let source = sourceIndex(subject.location.path)
        var team: UInt64?
        if subject.kind == "case", let slot = teamSlot, slot < subject.values.count, case .text(let h) = subject.values[slot] { team = h }
        let excepted = subject.kind == "case" && exceptionSlot.map { $0 < subject.values.count && subject.values[$0].isPresent } == true
        nowFindings.removeAll(keepingCapacity: true)
        previousFindings.removeAll(keepingCapacity: true)
        let (now, previous) = (self.now, self.previous)
        let ruleIDs = travel.ruleSet.rules
        var collectedNow: [(Int, Finding)] = []
        var collectedPrevious: [(Int, Finding)] = []
        var tallies: [(Int, Int, Status)] = []
        travel.evaluate(subject, scratch: &scratch) { d, rule, f in
            if d == now { collectedNow.append((rule, f)) }
            if d == previous { collectedPrevious.append((rule, f)) }
            if !CheckOptions.isHistory(f, since: sinces[d]) { tallies.append((d, rule, f.status)) }
        }
        for (d, rule, status) in tallies { counts[d][rule].add(status) }
        for (rule, var f) in collectedNow {
            if subject.kind == "case" { measures.add(rule: ruleIDs[rule].id, finding: f, excepted: excepted) }
            guard !CheckOptions.isHistory(f, since: sinces[now]) else { continue }
            teams[rule][team ?? 0, default: BoardReport.Counts()].add(f.status)
            if ragTables[rule][f.status.index] == .red {
                f.source = source
                f.line = Int32(truncatingIfNeeded: subject.location.line)
                reds.append((rule, f, team))
            }
        }
        diff(subject.id, before: collectedPrevious.filter { !CheckOptions.isHistory($0.1, since: sinces[previous]) },
            after: collectedNow.filter { !CheckOptions.isHistory($0.1, since: sinces[now]) }, team: team)
    }

    /// Classifies the changes of one subject's findings between the previous board and now, matched by
    /// their identity (rule and clock start).
    private mutating func diff(_ subject: String, before: [(Int, Finding)], after: [(Int, Finding)], team: UInt64?) {
        guard !(before.isEmpty && after.isEmpty) else { return }
        func key(_ rule: Int, _ f: Finding) -> Int64 { Int64(rule) << 32 | Int64(f.start?.number ?? Int(Int32.min)) & 0xFFFF_FFFF }
        var then: [Int64: (Int, Finding)] = [:]
        for (rule, f) in before { then[key(rule, f)] = (rule, f) }
        var seen = Set<Int64>()
        for (rule, f) in after {
            let k = key(rule, f)
            seen.insert(k)
            let old = then[k]?.1
            record(rule, subject, f.start, before: old, after: f, team: team)
        }
        for (k, (rule, f)) in then where !seen.contains(k) { record(rule, subject, f.start, before: f, after: nil, team: team) }
    }

    private mutating func record(_ rule: Int, _ subject: String, _ start: Day?, before: Finding?, after: Finding?, team: UInt64?) {
        let was = before.map { ragTables[rule][$0.status.index] }
        let now = after.map { ragTables[rule][$0.status.index] }
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
        changes[kind, default: []].append((rule, subject, start, before, after, team))
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
        for d in counts.indices { for r in counts[d].indices { counts[d][r].add(other.counts[d][r]) } }
        for r in teams.indices { teams[r].merge(other.teams[r]) { a, b in var c = a; c.add(b); return c } }
        let remap: [Int32] = other.sources.map { path in
            if let i = sources.firstIndex(of: path) { return Int32(i) }
            sources.append(path)
            return Int32(sources.count - 1)
        }
        for var red in other.reds {
            if red.finding.source >= 0 { red.finding.source = remap[Int(red.finding.source)] }
            reds.append(red)
        }
        for (kind, n) in other.changeCounts { changeCounts[kind, default: 0] += n }
        for (kind, list) in other.changes { changes[kind, default: []] += list }
        measures.absorb(other.measures)
    }
}
