/// Gathers what a board report needs in one pass over the data: each subject is evaluated as of every
/// date the report shows (`TimeTravel`: the month ends of the trend, the previous board, the as-of
/// date) and only counts, the longest-standing red findings and the changes are kept, never every
/// finding, so memory stays bounded at national scale.
public struct BoardAccumulator: PartialConsumer {
    public let travel: TimeTravel
    /// Index in `travel.dates` of the as-of date and of the previous board's date.
    public let now: Int
    public let previous: Int
    /// The dates whole findings are wanted at: now and the previous board.
    private let wanted: [Int]
    private let options: CheckOptions
    private let ruleCount: Int
    /// Per rule and status (`rule * statuses + status`): the RAG.
    private let rags: [RAG]
    /// Per rule: which DfE measure counts its findings (`Rule.measure`).
    private let measured: [DfEMeasure?]
    /// Per rule: its severity's `index`.
    private let severityIndex: [Int]
    private let teamSlot: Int?
    private let exceptionSlot: Int?
    /// Per date, the start of its history window.
    private let sinces: [Day]
    private let scratch = TimeTravel.Scratch()
    /// The current subject's findings now and at the previous board: storage reused from subject to
    /// subject, like the scratch (not part of what the accumulator has gathered).
    private let found = Found()

    private final class Found {
        let now = FindingSink.make()
        let previous = FindingSink.make()
        /// The dates and statuses at which the subject's clocks of the current rule were counted.
        let runs = CountedRuns.make()

        deinit {
            FindingSink.free(now)
            FindingSink.free(previous)
            CountedRuns.free(runs)
        }
    }

    /// Children (and plan subjects) counted per date, rule and status: `((date * rules) + rule) *
    /// statuses + status`; then, one per date, the children with a red finding of a statutory case
    /// rule (`redBase + date`). A subject with two clocks of one rule at one status (two review
    /// meetings with no decision) is one child: the second clock counts only where the first's runs
    /// (`CountedRuns`) did not. `marks` holds, per date, the serial of the last subject counted red.
    private var tallies: [Int]
    private var marks: [Int32]
    private let redBase: Int
    /// The serial of the subject being added (for `marks`).
    private var serial: Int32 = 0
    /// Per rule and status (`rule * statuses + status`): whether it is a red of a statutory case rule.
    private let statutoryRed: [Bool]
    /// Per date, the DfE measures' numbers over the 12 months to it (`SEN2Measures.count`, laid out as
    /// its own, one run per date), and an empty set of measures for each date's period.
    private var measureTallies: [Int]
    private let measurePeriods: [SEN2Measures]
    private let measureWidth = SEN2Measures.definitions.count * SEN2Measures.width
    /// Per severity (`Severity.allCases`) and RAG (`RAG.allCases`), as of now: subjects by the worst
    /// RAG of their findings of that severity (cases and plan subjects apart: `worstCases` for cases).
    public private(set) var worstCases: [Int]
    public private(set) var worstPlans: [Int]
    /// Cases (children) added, of the `subjects`.
    public private(set) var cases = 0
    /// Per kind of change: the subjects with at least one change of that kind.
    public private(set) var changeChildren = [Int](repeating: 0, count: BoardReport.Changes.Kind.allCases.count)
    /// The kinds of change recorded for the subject being added (a bit per kind).
    private var subjectKinds: UInt8 = 0
    /// The backlog: open late steps by age band, requests near 20 weeks, reviews due next term.
    public private(set) var backlog: BoardBacklog
    /// As of now, one case rule's counts per team (by the hash of the team's name), in the order first seen.
    public func teams(rule: Int) -> [(team: UInt64, counts: BoardReport.Counts)] {
        guard let column = teamColumns[rule] else { return [] }
        return teamList.indices.compactMap { t in
            let c = teamCounts(t, column)
            return c == BoardReport.Counts() ? nil : (teamPlaces.keys[t], c)
        }
    }
    /// One team's counts of one rule as of now (zero for a team not seen, or a plan's rule).
    public func counts(team: UInt64, rule: Int) -> BoardReport.Counts {
        guard let t = teamPlaces.find(team), let column = teamColumns[rule] else { return BoardReport.Counts() }
        return teamCounts(Int(t), column)
    }
    /// Every team with the number of findings counted for it now (every case rule, every status): how
    /// large a team is, to list the largest.
    public var teamSizes: [(team: UInt64, findings: Int)] { zip(teamPlaces.keys, teamList).map { ($0, Int($1.findings)) } }
    /// Every team with a red finding now, with its children who have one (read in the teams' order,
    /// with no lookup by hash).
    public var teamReds: [(team: UInt64, children: Int)] {
        zip(teamPlaces.keys, teamList).compactMap { $1.reds > 0 ? ($0, Int($1.reds)) : nil }
    }
    /// Every team with an annual review due next term, with its children who have one.
    public var teamReviews: [(team: UInt64, children: Int)] {
        zip(teamPlaces.keys, teamList).compactMap { $1.reviews > 0 ? ($0, Int($1.reviews)) : nil }
    }
    /// Whether a team's counts are in its own row of `teamTallies` (else in `teamEntries`), by the
    /// team's hash: for the tests.
    public func hasTeamRow(_ team: UInt64) -> Bool { teamPlaces.find(team).map { teamList[Int($0)].row >= 0 } ?? false }
    /// The teams in the order first seen, and each one's place in it: a council has a handful, a file
    /// with a mistyped mapping hundreds of thousands.
    private var teamList: [Team] = []
    private var teamPlaces = HashIndex()
    /// Per rule, its place among the case rules (nil for a plan's rule: plans have no team).
    private let teamColumns: [Int?]
    /// Counts per team: one per case rule and status.
    private let teamWidth: Int
    /// As of now, case findings counted per case rule and status, a row for each team that has had
    /// `teamRowAt` subjects: `(row * caseRules + column) * statuses + status` (32 bits a count).
    private var teamTallies: [Int32] = []
    /// The same for the teams that have not (yet): a chain of entries per team, the newest first,
    /// each a count of one case rule and status (`column * statuses + status`). A team column that
    /// holds a reference in each row makes hundreds of thousands of teams of a case or two each:
    /// rows for them all were most of a national report's time and memory (zeros written, 516 MiB),
    /// and a dictionary of their counts made merging the parts a walk of random memory. A council's
    /// few teams each get a row after their first subjects, and count through it as fast as before.
    private var teamEntries: [TeamEntry] = []
    /// How many subjects (with findings now) a team has before it gets a row of its own.
    public static let teamRowAt: Int32 = 16

    /// One team (by the hash of its name): its subjects with findings now, those findings counted,
    /// its row in `teamTallies` (-1 while it has none) and its newest entry in `teamEntries` (-1: none).
    /// Its hash is its key in `teamPlaces`, by its place. 24 bytes, counts of 32 bits: a part of a
    /// parallel read holds one per team it met, and a mistyped mapping makes a team per case.
    private struct Team {
        var subjects: Int32 = 0
        var row: Int32 = -1
        var last: Int32 = -1
        var findings: Int32 = 0
        /// Children with a red finding now.
        var reds: Int32 = 0
        /// Children with an annual review due next term.
        var reviews: Int32 = 0
    }

    /// A count of a team without a row, and the entry before it of the same team (-1: none).
    private struct TeamEntry {
        var slot: Int32
        var count: Int32
        var next: Int32
    }
    /// Per rule, the red findings that have stood longest (at most `listedReds`, longest-standing
    /// first), and how many there were.
    public var reds: [[Red]] { redLists.map { Array($0.sorted(by: Self.before).prefix(redLimit)) } }
    public private(set) var redCounts: [Int]
    /// Per rule, the reds kept so far (unsorted; every red that sorts before `redCutoff` is here).
    private var redLists: [[Red]]
    /// Per kind of change, the first `changeLimit` by rule, subject and clock start (in that order),
    /// and how many there were.
    public var changes: [BoardReport.Changes.Kind: [ChangeRecord]] {
        Dictionary(
            uniqueKeysWithValues: BoardReport.Changes.Kind.allCases.enumerated().map { k, kind in
                (kind, Array(changeLists[k].sorted(by: Self.before).prefix(changeLimit)))
            })
    }
    public var changeCounts: [BoardReport.Changes.Kind: Int] {
        Dictionary(uniqueKeysWithValues: BoardReport.Changes.Kind.allCases.enumerated().map { ($1, changeTotals[$0]) })
    }
    /// The same, by the kind's place in `Kind.allCases`; with the last change kept when a kind's
    /// list was last cut (a later change that sorts after it cannot be listed).
    private var changeLists = [[ChangeRecord]](repeating: [], count: BoardReport.Changes.Kind.allCases.count)
    private var changeTotals = [Int](repeating: 0, count: BoardReport.Changes.Kind.allCases.count)
    private var changeCutoff = [ChangeRecord?](repeating: nil, count: BoardReport.Changes.Kind.allCases.count)
    public private(set) var measures: SEN2Measures
    public private(set) var subjects = 0
    /// The plans' subjects' findings (every subject that is not a case: a plan, an action), now and at
    /// the previous board: the plans' boards are built from them, not evaluated again. A council has
    /// a few plans of tens of subjects.
    public private(set) var planFindings: (now: PlanBoard.Findings, previous: PlanBoard.Findings) = ([:], [:])
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
    /// How many reds of each rule and changes of each kind the appendix lists: every one of a council's,
    /// and a bounded memory for a national run (`sendcheck check --format csv` lists every finding).
    public static let appendixLimit = 10_000
    /// How many changes of each kind are listed.
    public static let listedChanges = 50
    /// This accumulator's limits (the defaults above; tests use small ones to exercise the cuts).
    public let redLimit: Int
    public let changeLimit: Int

    public init(
        ruleSet: RuleSet, options: CheckOptions, dates: [Day], previous: Day, measures: ClosedRange<Day>, redLimit: Int = listedReds,
        changeLimit: Int = listedChanges, keepReviews: Bool = true
    ) {
        self.redLimit = redLimit
        self.changeLimit = changeLimit
        travel = TimeTravel(ruleSet: ruleSet, dates: dates + [previous, options.asOf])
        now = travel.dates.firstIndex(of: options.asOf) ?? travel.dates.count - 1
        self.previous = travel.dates.firstIndex(of: previous) ?? 0
        wanted = [now, self.previous]
        self.options = options
        ruleCount = ruleSet.rules.count
        rags = options.rag.tables(for: ruleSet.rules).flatMap { $0 }
        measured = ruleSet.rules.map(\.measure)
        severityIndex = ruleSet.rules.map(\.severity.index)
        teamSlot = ruleSet.schemas["case"]?.slot(of: .team)
        var caseRules = 0
        teamColumns = ruleSet.rules.map { rule in
            guard rule.subjectKind == "case" else { return nil }
            defer { caseRules += 1 }
            return caseRules
        }
        teamWidth = caseRules * Status.allCases.count
        exceptionSlot = ruleSet.schemas["case"]?.slot(of: .exception)
        sinces = travel.dates.map { $0 == options.asOf ? options.since : CheckOptions(asOf: $0).since }
        redBase = travel.dates.count * ruleSet.rules.count * Status.allCases.count
        tallies = Array(repeating: 0, count: redBase + travel.dates.count)
        marks = Array(repeating: 0, count: travel.dates.count)
        statutoryRed = zip(ruleSet.rules, options.rag.tables(for: ruleSet.rules)).flatMap { rule, table in
            table.map { $0 == .red && rule.subjectKind == "case" && rule.severity == .statutory }
        }
        let (sinces, dates) = (self.sinces, travel.dates)
        measurePeriods = dates.indices.map { d in
            SEN2Measures(ruleSet: ruleSet, period: sinces[d]...dates[d], asOf: dates[d], evaluating: false)
        }
        measureTallies = Array(repeating: 0, count: dates.count * SEN2Measures.definitions.count * SEN2Measures.width)
        worstCases = Array(repeating: 0, count: Severity.allCases.count * RAG.allCases.count)
        worstPlans = worstCases
        backlog = BoardBacklog(ruleSet: ruleSet, asOf: options.asOf, keepReviews: keepReviews)
        redLists = Array(repeating: [], count: ruleSet.rules.count)
        redCounts = Array(repeating: 0, count: ruleSet.rules.count)
        redCutoff = Array(repeating: nil, count: ruleSet.rules.count)
        self.measures = SEN2Measures(ruleSet: ruleSet, period: measures, asOf: options.asOf)
    }

    /// Children with a red finding of a statutory case rule as of one date (by index into `travel.dates`).
    public func redChildren(date: Int) -> Int { tallies[redBase + date] }

    /// The DfE measures over the steps completed in the 12 months to one date (by index into
    /// `travel.dates`; annual reviews are not counted at each date).
    public func measures(date: Int) -> SEN2Measures {
        var m = measurePeriods[date]
        m.add(tallies: measureTallies, at: date * measureWidth)
        return m
    }

    /// The counts of one rule as of one date (by index into `travel.dates`).
    public func counts(date: Int, rule: Int) -> BoardReport.Counts {
        Self.counts(tallies, at: (date * ruleCount + rule) * Status.allCases.count)
    }

    /// The counts of one run of `tallies` (one per status, from `base`).
    private static func counts(_ tallies: [Int], at base: Int) -> BoardReport.Counts {
        var c = BoardReport.Counts()
        for s in Status.allCases { c.add(s, tallies[base + s.index]) }
        return c
    }

    /// One team's counts of one case rule (by its place among the case rules).
    private func teamCounts(_ team: Int, _ column: Int) -> BoardReport.Counts {
        var c = BoardReport.Counts()
        let first = column * Status.allCases.count
        let row = Int(teamList[team].row)
        if row >= 0 {
            for s in Status.allCases { c.add(s, Int(teamTallies[row * teamWidth + first + s.index])) }
            return c
        }
        var e = Int(teamList[team].last)
        while e >= 0 {
            let entry = teamEntries[e]
            let status = Int(entry.slot) - first
            if status >= 0 && status < Status.allCases.count { c.add(Status.allCases[status], Int(entry.count)) }
            e = Int(entry.next)
        }
        return c
    }

    /// A finding's RAG (by its rule and status).
    @inline(__always) private func rag(_ f: Finding) -> RAG { rags[f.rule * Status.allCases.count + f.status.index] }

    /// What the board needs of one subject beyond its findings: whether it is a child's case, its
    /// team, whether an exception is recorded, its latest review, and its file.
    private struct Facts {
        var isCase: Bool
        var team: UInt64?
        var excepted: Bool
        var latestReview: Day?
        var source: Int32
    }

    /// Adds one subject: its clocks counted at every date, its findings now and at the previous board
    /// kept for the changes, the exception report, the backlog and the teams.
    public mutating func add(_ subject: Subject) {
        subjects += 1
        serial &+= 1
        let source = sourceIndex(subject.location.path)
        let isCase = subject.kind == "case"
        if isCase { cases += 1 }
        var team: UInt64?
        if isCase, let slot = teamSlot, slot < subject.values.count, case .text(let h) = subject.values[slot] { team = h }
        let excepted = isCase && exceptionSlot.map { $0 < subject.values.count && subject.values[$0].isPresent } == true
        let facts = Facts(
            isCase: isCase, team: team, excepted: excepted, latestReview: isCase ? measures.latestReviewWithoutHistory(subject) : nil, source: source)
        tallyEveryDate(subject, facts)
        let (atNow, atPrevious) = (found.now, found.previous)
        let (findingsNow, findingsBefore) = (atNow.pointee.findings, atPrevious.pointee.findings)
        if !isCase {
            planFindings.now[PlanBoard.SubjectKey(subject)] = Array(findingsNow)
            planFindings.previous[PlanBoard.SubjectKey(subject)] = Array(findingsBefore)
        }
        countNow(subject, findingsNow, facts)
        subjectKinds = 0
        diff(subject.id, before: findingsBefore, after: findingsNow, since: sinces[now], team: facts.team)
        for k in changeChildren.indices where subjectKinds & (1 << k) != 0 { changeChildren[k] += 1 }
    }

    /// Counts the subject's clocks at every date of the run (one child once per date, rule and status)
    /// and the DfE measures' steps, and keeps its findings now and at the previous board in `found`.
    private mutating func tallyEveryDate(_ subject: Subject, _ facts: Facts) {
        // Reached through pointers, which the evaluation's closures capture as plain values.
        let (isCase, excepted, atNow, atPrevious, runs) = (facts.isCase, facts.excepted, found.now, found.previous, found.runs)
        runs.pointee.reset()
        atNow.pointee.removeAll()
        atPrevious.pointee.removeAll()
        let (now, previous, rules, statuses) = (self.now, self.previous, ruleCount, Status.allCases.count)
        // Counted through buffers moved out, so the closure does not hold `self` (the pass's most frequent step).
        var (counts, marks, steps) = (tallies, self.marks, measureTallies)
        (tallies, self.marks, measureTallies) = ([], [], [])
        let (serial, statutoryRed, measured, redBase, measureWidth) = (self.serial, self.statutoryRed, self.measured, self.redBase, self.measureWidth)
        counts.withUnsafeMutableBufferPointer { counts in
            marks.withUnsafeMutableBufferPointer { marks in
                steps.withUnsafeMutableBufferPointer { steps in
                    sinces.withUnsafeBufferPointer { sinces in
                        // One child counted once per date, rule and status, however many clocks it has there.
                        @inline(__always) func count(_ d: Int, _ slot: Int, _ stride: Int, red: Bool) {
                            counts[d &* stride &+ slot] &+= 1
                            if red && marks[d] != serial {
                                marks[d] = serial
                                counts[redBase &+ d] &+= 1
                            }
                        }
                        travel.evaluate(
                            subject, scratch: scratch, wanted: wanted,
                            tally: { dates, rule, status, f in
                                let (slot, stride) = (rule &* statuses &+ status.index, rules &* statuses)
                                let red = statutoryRed[slot]
                                // Only an ended clock can be history, and only at dates whose window starts after its end.
                                let completed = status == .met || status == .breached || status == .excepted
                                let ended = completed ? f.completed : nil
                                // The DfE's measures count the steps completed in the 12 months to each date.
                                let step = ended != nil && isCase && status == f.status ? measured[rule] : nil
                                // The first clock of the rule counts at every date; a later one where none has.
                                let first = runs.pointee.begin(rule)
                                var from = -1
                                for d in dates {
                                    if let ended, CheckOptions.isHistory(status, completed: ended, since: sinces[d]) {
                                        if from >= 0 { runs.pointee.append(from: from, to: d, status: status.index) }
                                        from = -1
                                        continue
                                    }
                                    if from < 0 { from = d }
                                    if first || !runs.pointee.covers(d, status: status.index) { count(d, slot, stride, red: red) }
                                    if let step { SEN2Measures.count(step, step: f, excepted: excepted, into: steps, at: d &* measureWidth) }
                                }
                                if from >= 0 { runs.pointee.append(from: from, to: dates.upperBound, status: status.index) }
                            }
                        ) { d, _, f in
                            if d == now { atNow.pointee.append(f) }
                            if d == previous, !CheckOptions.isHistory(f, since: sinces[d]) { atPrevious.pointee.append(f) }
                        }
                    }
                }
            }
        }
        (tallies, self.marks, measureTallies) = (counts, marks, steps)
    }

    /// Counts the subject's findings now: per team, the worst RAG per severity, the reds kept for the
    /// exception report and the backlog.
    private mutating func countNow(_ subject: Subject, _ findingsNow: UnsafeBufferPointer<Finding>, _ facts: Facts) {
        let (isCase, team, excepted, latestReview, source) = (facts.isCase, facts.team, facts.excepted, facts.latestReview, facts.source)
        let statuses = Status.allCases.count
        // The team's place and row (-1: counted in its chain); nil for a plan or a subject with no finding now.
        var teamAt: (place: Int, row: Int)?
        if isCase && !findingsNow.isEmpty {
            let t = teamIndex(team ?? 0)
            teamList[t].subjects += 1
            if teamList[t].row < 0 && teamList[t].subjects >= Self.teamRowAt { giveRow(t) }
            teamAt = (t, Int(teamList[t].row))
        }
        var teamFindings = 0
        // The worst RAG per severity (`Severity.allCases`), -1 for none: a RAG's `index` (no array made per subject).
        var worst: (Int, Int, Int) = (-1, -1, -1)
        var hasRed = false
        for (i, var f) in findingsNow.enumerated() {
            let rule = f.rule
            if isCase, let m = measured[rule] { measures.add(m, finding: f, excepted: excepted, latestReview: latestReview) }
            guard !CheckOptions.isHistory(f, since: sinces[now]) else { continue }
            let fRAG = rag(f)
            let severity = severityIndex[rule]
            Self.keepWorse(fRAG, severity, &worst)
            if isCase && fRAG == .red && teamColumns[rule] != nil { hasRed = true }
            // A child is counted once per rule and status (two overdue review cycles are one child).
            if let teamAt, let column = teamColumns[rule], !Self.counted(rule, f.status, before: i, in: findingsNow, since: sinces[now]) {
                let slot = column * statuses + f.status.index
                if teamAt.row >= 0 {
                    teamTallies[teamAt.row * teamWidth + slot] += 1
                } else {
                    teamEntries.append(TeamEntry(slot: Int32(slot), count: 1, next: teamList[teamAt.place].last))
                    teamList[teamAt.place].last = Int32(teamEntries.count - 1)
                }
                teamFindings += 1
            }
            if rag(f) == .red {
                redCounts[rule] += 1
                let since = Self.since(f)
                // Once a rule's list has been cut, a red that sorts after the last one kept cannot be listed.
                if let last = redCutoff[rule], !Self.before(since, f.subject, f.start, than: last) { continue }
                f.source = source
                f.line = Int32(truncatingIfNeeded: subject.location.line)
                keepRed(Red(rule: rule, finding: f, team: team, since: since))
            }
        }
        if let teamAt {
            teamList[teamAt.place].findings += Int32(teamFindings)
            if hasRed { teamList[teamAt.place].reds += 1 }
        }
        for s in 0..<3 {
            let r = s == 0 ? worst.0 : s == 1 ? worst.1 : worst.2
            guard r >= 0 else { continue }
            if isCase { worstCases[s * RAG.allCases.count + r] += 1 } else { worstPlans[s * RAG.allCases.count + r] += 1 }
        }
        if isCase, backlog.add(findingsNow, subject: subject.id, team: team, since: sinces[now], rags: rags), let teamAt {
            teamList[teamAt.place].reviews += 1
        }
    }

    /// Whether a finding before place `i` (not history) has this rule and status: the child is then
    /// already counted. Read in place, field by field (a copy of a finding retains its reference).
    @inline(__always)
    private static func counted(_ rule: Int, _ status: Status, before i: Int, in findings: UnsafeBufferPointer<Finding>, since: Day) -> Bool {
        for j in 0..<i where findings[j].rule == rule && findings[j].status == status {
            if !CheckOptions.isHistory(findings[j].status, completed: findings[j].completed, since: since) { return true }
        }
        return false
    }

    /// Keeps `rag` as the worst of its severity's if it is worse (by rank) than the one kept.
    @inline(__always)
    private static func keepWorse(_ rag: RAG, _ severity: Int, _ worst: inout (Int, Int, Int)) {
        let kept = severity == 0 ? worst.0 : severity == 1 ? worst.1 : worst.2
        guard kept < 0 || rag.rank > RAG.allCases[kept].rank else { return }
        switch severity {
        case 0: worst.0 = rag.index
        case 1: worst.1 = rag.index
        default: worst.2 = rag.index
        }
    }

    /// The team's place in `teamList`, added when first seen.
    private mutating func teamIndex(_ team: UInt64) -> Int {
        let (i, added) = teamPlaces.insert(team)
        if added { teamList.append(Team()) }
        return Int(i)
    }

    /// Gives a team (by its place) a row of `teamTallies`, adding up its chain into it (the chain's
    /// entries are left unused: a team has a few before it gets a row).
    private mutating func giveRow(_ t: Int) {
        let base = teamTallies.count
        teamTallies.append(contentsOf: repeatElement(0, count: teamWidth))
        var e = Int(teamList[t].last)
        while e >= 0 {
            teamTallies[base + Int(teamEntries[e].slot)] += teamEntries[e].count
            e = Int(teamEntries[e].next)
        }
        teamList[t].row = Int32(base / max(teamWidth, 1))
        teamList[t].last = -1
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
    static func before(_ a: Red, _ b: Red) -> Bool { before(a.since, a.finding.subject, a.finding.start, than: b) }

    static func before(_ since: Day?, _ subject: String, _ start: Day?, than b: Red) -> Bool {
        let (x, y) = (since?.number ?? Int.max, b.since?.number ?? Int.max)
        if x != y { return x < y }
        if subject != b.finding.subject { return subject < b.finding.subject }
        return (start?.number ?? Int.min) < (b.finding.start?.number ?? Int.min)
    }

    /// Keeps a red that may be listed (counted and checked against the cutoff by the caller).
    private mutating func keepRed(_ red: Red) {
        redLists[red.rule].append(red)
        // Kept bounded: when the list doubles, only the longest-standing `redLimit` stay.
        if redLists[red.rule].count >= 2 * redLimit {
            redCutoff[red.rule] = Selection.keepSmallest(&redLists[red.rule], redLimit, by: Self.before)
        }
    }

    /// Classifies the changes of one subject's findings between the previous board and now, matched by
    /// their identity (rule and clock start). A subject has a few findings: matched by a linear search,
    /// trying the same place first (both lists come in rule and cycle order). Only a change is copied.
    /// `after` may hold findings that are history now (before `since`): a red or amber one has aged
    /// out of the window, which is not a change of the case.
    private mutating func diff(
        _ subject: String, before: UnsafeBufferPointer<Finding>, after: UnsafeBufferPointer<Finding>, since: Day, team: UInt64?
    ) {
        if unchanged(before, after, since: since) { return }
        for i in after.indices where !CheckOptions.isHistory(after[i], since: since) {
            let (rule, start) = (after[i].rule, after[i].start)
            let j =
                i < before.count && before[i].rule == rule && before[i].start == start
                ? i : before.firstIndex { $0.rule == rule && $0.start == start }
            guard let kind = Self.change(was: j.map { rag(before[$0]) }, now: rag(after[i])) else { continue }
            record(kind, ChangeRecord(rule: rule, subject: subject, start: start, before: j.map { before[$0] }, after: after[i], team: team))
        }
        for j in before.indices {
            let (rule, start, was) = (before[j].rule, before[j].start, rag(before[j]))
            guard Self.change(was: was, now: nil) != nil else { continue }
            if let now = after.firstIndex(where: { $0.rule == rule && $0.start == start }) {
                guard CheckOptions.isHistory(after[now], since: since) else { continue }
                record(.agedOut, ChangeRecord(rule: rule, subject: subject, start: start, before: before[j], after: after[now], team: team))
            } else if !again(was, rule: rule, before: before, after: after, since: since) {
                record(.resolved, ChangeRecord(rule: rule, subject: subject, start: start, before: before[j], after: nil, team: team))
            }
        }
    }

    /// Whether a clock of `rule` that is new since the previous board (the request recorded again, a
    /// later start) is now at least as bad as `was`, the RAG of a clock that has gone: the case is red
    /// (or amber) again, so the gone clock is not resolved. The new clock is a change of its own (a
    /// new red). A gone clock followed by a better one (a review held late, the next cycle pending)
    /// is resolved.
    private func again(_ was: RAG, rule: Int, before: UnsafeBufferPointer<Finding>, after: UnsafeBufferPointer<Finding>, since: Day) -> Bool {
        after.contains { a in
            a.rule == rule && rag(a).rank >= was.rank && !CheckOptions.isHistory(a, since: since)
                && !before.contains { $0.rule == rule && $0.start == a.start }
        }
    }

    /// Whether the findings now that are not history are the previous board's clocks, in the same
    /// order, each with the same RAG: most subjects' case, settled without searching.
    private func unchanged(_ before: UnsafeBufferPointer<Finding>, _ after: UnsafeBufferPointer<Finding>, since: Day) -> Bool {
        var j = 0
        for a in after where !CheckOptions.isHistory(a, since: since) {
            guard j < before.count else { return false }
            let b = before[j]
            guard a.rule == b.rule, a.start == b.start, rag(a) == rag(b) else { return false }
            j += 1
        }
        return j == before.count
    }

    /// The kind of change from one RAG to another (nil: none, or a finding that appeared or went at
    /// green). A finding that went is resolved only when its clock ended (met, closed, ceased): the
    /// accumulator tells a finding that aged out of the window, or gave way to a clock as bad, apart.
    public static func change(was: RAG?, now: RAG?) -> BoardReport.Changes.Kind? {
        switch (was, now) {
        case (let w, .red?) where w != .red: return .newReds
        case (.red?, let n) where n == nil || n == .green || n == .blue: return .resolved
        case (.amber?, let n) where n == nil || n == .green || n == .blue: return .resolved
        case let (w?, n?) where n.rank > w.rank: return .worse
        case let (w?, n?) where n.rank < w.rank: return .better
        case (nil, .amber?): return .worse
        default: return nil
        }
    }

    private mutating func record(_ kind: BoardReport.Changes.Kind, _ change: ChangeRecord) {
        let k = kind.index
        changeTotals[k] += 1
        subjectKinds |= 1 << k
        if let last = changeCutoff[k], !Self.before(change, last) { return }
        changeLists[k].append(change)
        if changeLists[k].count >= 2 * changeLimit {
            changeCutoff[k] = Selection.keepSmallest(&changeLists[k], changeLimit, by: Self.before)
        }
    }

    /// The order of the changes listed: by rule, subject and clock start.
    static func before(_ rule: Int, _ subject: String, _ start: Day?, than b: ChangeRecord) -> Bool {
        if rule != b.rule { return rule < b.rule }
        if subject != b.subject { return subject < b.subject }
        return (start?.number ?? Int.min) < (b.start?.number ?? Int.min)
    }

    static func before(_ a: ChangeRecord, _ b: ChangeRecord) -> Bool { before(a.rule, a.subject, a.start, than: b) }

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
        cases += other.cases
        for i in tallies.indices { tallies[i] += other.tallies[i] }
        for i in measureTallies.indices { measureTallies[i] += other.measureTallies[i] }
        for i in worstCases.indices {
            worstCases[i] += other.worstCases[i]
            worstPlans[i] += other.worstPlans[i]
        }
        for k in changeChildren.indices { changeChildren[k] += other.changeChildren[k] }
        backlog.absorb(other.backlog)
        absorbTeams(other)
        absorbReds(other)
        for k in changeTotals.indices {
            changeTotals[k] += other.changeTotals[k]
            changeLists[k] += other.changeLists[k]
            let kept = changeLists[k].count >= 2 * changeLimit ? Selection.keepSmallest(&changeLists[k], changeLimit, by: Self.before) : nil
            changeCutoff[k] = [changeCutoff[k], other.changeCutoff[k], kept].compactMap { $0 }.min(by: Self.before)
        }
        measures.absorb(other.measures)
        planFindings.now.merge(other.planFindings.now) { a, _ in a }
        planFindings.previous.merge(other.planFindings.previous) { a, _ in a }
    }

    /// Adds another part's teams: their counts, rows and chains.
    private mutating func absorbTeams(_ other: BoardAccumulator) {
        // A team with a row in either part, or with enough subjects in both, has one in the merge.
        // Both lists are walked in order, and a chain's entries lie together: no random access but
        // the team's lookup.
        teamPlaces.reserveCapacity(teamList.count + other.teamList.count)
        for (hash, o) in zip(other.teamPlaces.keys, other.teamList) {
            let t = teamIndex(hash)
            teamList[t].subjects += o.subjects
            teamList[t].findings += o.findings
            teamList[t].reds += o.reds
            teamList[t].reviews += o.reviews
            if teamList[t].row < 0 && (o.row >= 0 || teamList[t].subjects >= Self.teamRowAt) { giveRow(t) }
            let row = teamList[t].row >= 0 ? Int(teamList[t].row) * teamWidth : nil
            if o.row >= 0, let row {
                let theirs = Int(o.row) * teamWidth
                for i in 0..<teamWidth { teamTallies[row + i] += other.teamTallies[theirs + i] }
            }
            var e = Int(o.last)
            while e >= 0 {
                let entry = other.teamEntries[e]
                if let row {
                    teamTallies[row + Int(entry.slot)] += entry.count
                } else {
                    teamEntries.append(TeamEntry(slot: entry.slot, count: entry.count, next: teamList[t].last))
                    teamList[t].last = Int32(teamEntries.count - 1)
                }
                e = Int(entry.next)
            }
        }
    }

    /// Adds another part's reds, their sources renumbered, keeping each rule's list bounded.
    private mutating func absorbReds(_ other: BoardAccumulator) {
        let remap: [Int32] = other.sources.map { path in
            if let i = sources.firstIndex(of: path) { return Int32(i) }
            sources.append(path)
            return Int32(sources.count - 1)
        }
        for rule in redLists.indices {
            redCounts[rule] += other.redCounts[rule]
            // Each part holds every red up to its cutoff, so nothing after the tighter one can be listed,
            // and the tighter one stands for the merged list.
            let cutoff = [redCutoff[rule], other.redCutoff[rule]].compactMap { $0 }.min(by: Self.before)
            if let cutoff { redLists[rule].removeAll { Self.before(cutoff, $0) } }
            for red in other.redLists[rule] where cutoff.map({ !Self.before($0, red) }) ?? true {
                var r = red
                if r.finding.source >= 0 { r.finding.source = remap[Int(r.finding.source)] }
                redLists[rule].append(r)
            }
            // Cut, as when adding, only once the list has doubled.
            let kept = redLists[rule].count >= 2 * redLimit ? Selection.keepSmallest(&redLists[rule], redLimit, by: Self.before) : nil
            redCutoff[rule] = [cutoff, kept].compactMap { $0 }.min(by: Self.before)
        }
    }
}
