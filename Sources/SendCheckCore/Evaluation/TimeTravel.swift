/// Evaluates subjects as of several dates at once (a board report's trend: every month end for a
/// year), with exactly the findings an evaluation as of each date alone would give.
///
/// A subject's data, as seen as of a date, change only on its event dates. Between two events every
/// date sees the same data, so a rule that does not read the as-of date has the same clocks there
/// (start, due date, end); only their status depends on the date. So for each run of dates with no
/// event between them, the subject is evaluated once, as of the run's last date, and each earlier date
/// of the run reclassifies those clocks; rules that read the as-of date are evaluated at every date.
/// A rule whose condition alone reads it is evaluated once per run, its condition asked per date (only
/// at the run's ends, and a search between them, when it changes at most once with the date). Every
/// date of a run sees the same values of the rule's fields, so a run uses any row of values already
/// prepared for one of its dates.
///
/// The per-rule flags, the dates and the evaluators are kept in `FlatArray`s owned by the instance,
/// read in the hot loop without reference counting (the board report's speed target). They are
/// written once in `init`, so sharing is safe. Every status comes from the evaluator's findings
/// through `Clock`; `TimeTravelEquivalence` holds the whole to separate evaluations, over the bundled
/// packs and random ones.
public final class TimeTravel: @unchecked Sendable {
    /// The dates, ascending.
    public let dates: [Day]
    public let ruleSet: RuleSet
    /// Per date its evaluator, and per rule its program (read in the hot loop without reference
    /// counting: `FlatArray`).
    private let evaluators: FlatArray<Evaluator>
    private let programs: FlatArray<RuleProgram>
    private let rulesByKind: [String: [Int]]
    /// Per kind, the slots of event dates (looked up once, not per subject).
    private let dateSlots: [String: [Int]]
    /// Flat copies for the hot loop: per rule `readsAsOf` (bit 0) and `readsAsOfOnlyToApply` (bit 1);
    /// per rule and slot whether the rule reads the slot (`readStride` slots a rule); the dates.
    private let flagBuffer: FlatArray<UInt8>
    private let readBuffer: FlatArray<Bool>
    private let readStride: Int
    private let dayBuffer: FlatArray<Day>
    /// Per rule, how "not started" is decided: `StartCheck`, and for `.mask` the bits of the start
    /// fields that, all blank, mean the rule has not started (tested against a row's present bits).
    private let startChecks: FlatArray<StartCheck>
    private let startMasks: FlatArray<UInt64>
    /// Per rule, how its clocks count (`Clock`): the timing and the amber window.
    private let timings: FlatArray<Rule.Timing>
    private let amberDays: FlatArray<Int>

    /// How time travel decides that a rule has not started as of a date.
    private enum StartCheck: UInt8 {
        /// It may not be skipped: its start gives a date with every field blank.
        case never
        /// Its start fields are all below 64 and the same at every date: one AND with the row's bits.
        case mask
        /// The evaluator of the date decides (a start that reads the as-of date, or a wide schema).
        case evaluator
    }

    /// Reusable storage for one thread's evaluations: no allocation and no reference counting per
    /// subject once warm. Use one per thread (it is written by every `evaluate`).
    public final class Scratch: @unchecked Sendable {
        /// The subject's values as of each date: row `d` starts at `d * width`; `prepared[d]` says
        /// whether the row is filled for the current subject, and `present[d]` has bit `s` set when
        /// slot `s` of the row is not missing (for the slots in `startSlots`; the others are 0).
        fileprivate var values = UnsafeMutableBufferPointer<Value>(start: nil, count: 0)
        fileprivate var present = UnsafeMutableBufferPointer<UInt64>(start: nil, count: 0)
        fileprivate var width = 0
        fileprivate var prepared = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
        /// Per date: whether a rule's run of dates ends there (more dates than fit in a word), and
        /// what a rule's condition answers there (`Answer`).
        fileprivate var cut = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
        fileprivate var answers = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
        /// The dates (indices, ascending) at which the caller wants whole findings: the first
        /// `wantedCount`.
        fileprivate var wanted = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
        fileprivate var wantedCount = 0
        /// The subject's event dates (the first `eventCount`), each with its slot and the index of the
        /// first date that sees it.
        fileprivate var events = UnsafeMutableBufferPointer<Event>(start: nil, count: 0)
        fileprivate var eventCount = 0
        /// The last subject kind seen, with its rules, evaluator mask and event-date slots (looked up
        /// by name once per run of subjects of a kind, not per subject).
        fileprivate var kind: String?
        fileprivate var rules: [Int] = []
        fileprivate var mask: Int?
        fileprivate var slots: [Int] = []
        /// The slots whose presence a start mask of the kind's rules reads (the only bits `present` needs).
        fileprivate var startSlots = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
        /// The findings of one evaluation, collected before they are handed on (the evaluator's callback
        /// then captures one plain pointer, not this scratch or the time travel, which it retained per call).
        fileprivate let found = FindingSink.make()

        public init() {}

        deinit {
            startSlots.deallocate()
            FindingSink.free(found)
            values.deallocate()
            prepared.deallocate()
            cut.deallocate()
            answers.deallocate()
            events.deallocate()
            present.deallocate()
            wanted.deallocate()
        }

        /// Notes the dates whose whole findings are wanted: ascending and once each (the caller wants
        /// a few of a few dozen dates).
        fileprivate func want(_ dates: [Int], of n: Int) {
            wantedCount = 0
            for d in 0..<n where dates.contains(d) {
                wanted[wantedCount] = d
                wantedCount += 1
            }
        }

        fileprivate func append(_ event: Event) {
            if eventCount == events.count {
                let grown = UnsafeMutableBufferPointer<Event>.allocate(capacity: max(16, 2 * events.count))
                if eventCount > 0 { _ = grown.initialize(from: events) }
                events.deallocate()
                events = grown
            }
            events[eventCount] = event
            eventCount += 1
        }

        /// Room for `dates` rows of `width` values, nothing prepared.
        fileprivate func reset(dates: Int, width needed: Int) {
            if prepared.count != dates || needed > width {
                values.deallocate()
                prepared.deallocate()
                cut.deallocate()
                answers.deallocate()
                width = max(width, needed)
                values = .allocate(capacity: max(1, dates * width))
                values.initialize(repeating: .missing)
                prepared = .allocate(capacity: dates)
                cut = .allocate(capacity: dates)
                cut.initialize(repeating: false)
                answers = .allocate(capacity: dates)
                answers.initialize(repeating: 0)
                present.deallocate()
                present = .allocate(capacity: dates)
                present.initialize(repeating: 0)
                wanted.deallocate()
                wanted = .allocate(capacity: dates)
                wanted.initialize(repeating: 0)
            }
            prepared.initialize(repeating: false)
        }

        /// Row `d`, `count` values long.
        @inline(__always) fileprivate func row(_ d: Int, count: Int) -> UnsafeMutableBufferPointer<Value> {
            // `reset` made room for every date's row of `count <= width` values.
            UnsafeMutableBufferPointer(start: values.baseAddress! + d * width, count: count)
        }
    }

    /// A date on which a subject's data change: the slot that changes, and the first of `dates` to see it.
    fileprivate struct Event {
        var slot: Int
        /// The index of the first of `dates` that sees it.
        var seenFrom: Int
    }

    public init(ruleSet: RuleSet, dates: [Day]) {
        self.ruleSet = ruleSet
        self.dates = Array(Set(dates)).sorted()
        let programs = Evaluator.programs(ruleSet)
        let evaluators = self.dates.map { Evaluator(ruleSet: ruleSet, asOf: $0, reasons: false, programs: programs) }
        var byKind: [String: [Int]] = [:]
        for kind in ruleSet.schemas.keys { byKind[kind] = ruleSet.ruleIndices(for: kind) }
        rulesByKind = byKind
        dateSlots = ruleSet.schemas.mapValues(\.dateSlots)
        flagBuffer = FlatArray(ruleSet.rules.map { ($0.readsAsOf ? 1 : 0) | ($0.readsAsOfOnlyToApply ? 2 : 0) })
        let stride = ruleSet.schemas.values.map(\.fields.count).max() ?? 0
        var reads = [Bool](repeating: false, count: ruleSet.rules.count * stride)
        for (i, rule) in ruleSet.rules.enumerated() {
            let count = ruleSet.schemas[rule.subjectKind]?.fields.count ?? 0
            for slot in rule.readSlots where slot < count { reads[i * stride + slot] = true }
        }
        readStride = stride
        readBuffer = FlatArray(reads)
        dayBuffer = FlatArray(self.dates)
        timings = FlatArray(programs.map(\.timing))
        amberDays = FlatArray(programs.map(\.amberDays))
        var checks: [StartCheck] = []
        var masks: [UInt64] = []
        for (i, rule) in ruleSet.rules.enumerated() {
            // A start that does not read the as-of date is skipped alike at every date.
            let fields = evaluators.last?.blankStartFields(i)
            if let fields, !rule.readsAsOf || rule.readsAsOfOnlyToApply, stride <= 64, fields.allSatisfy({ $0 >= 0 && $0 < 64 }) {
                checks.append(.mask)
                masks.append(fields.reduce(0) { $0 | 1 << UInt64($1) })
            } else {
                checks.append(fields == nil && (!rule.readsAsOf || rule.readsAsOfOnlyToApply) ? .never : .evaluator)
                masks.append(0)
            }
        }
        startChecks = FlatArray(checks)
        startMasks = FlatArray(masks)
        self.programs = FlatArray(programs)
        self.evaluators = FlatArray(evaluators)
    }

    /// Calls `body(date index, rule index, finding)` for every finding of the subject as of every date
    /// (no history window: the caller applies its own, per date).
    public func evaluate(_ subject: Subject, scratch: Scratch, _ body: (Int, Int, Finding) -> Void) {
        evaluate(subject, scratch: scratch, wanted: Array(dates.indices), tally: { _, _, _, _ in }, body)
    }

    /// Calls `tally(date indices, rule index, status, finding)` for every finding of the subject as
    /// of every date, once for each run of consecutive dates at which the clock has the same status,
    /// and `body` with the whole finding only for the dates `wanted` (indices into `dates`; a national
    /// trend counts statuses at twelve month ends and needs whole findings at two dates).
    public func evaluate(
        _ subject: Subject, scratch: Scratch, wanted: [Int], tally: (Range<Int>, Int, Status, Finding) -> Void,
        _ body: (Int, Int, Finding) -> Void
    ) {
        if scratch.kind != subject.kind { prepare(scratch, for: subject.kind) }
        guard !scratch.rules.isEmpty, !dates.isEmpty else { return }
        let (mask, n) = (scratch.mask, dates.count)
        // Every event kept cuts a run: it is seen first by a date after the first.
        eventDates(subject, slots: scratch.slots, into: scratch)
        scratch.reset(dates: n, width: subject.values.count)
        scratch.want(wanted, of: n)
        let events = UnsafeBufferPointer(rebasing: scratch.events[0..<scratch.eventCount])
        // As of the last date: prepared once, for every rule's "not started".
        let latest = values(subject, as: n - 1, mask: mask, scratch: scratch)
        scratch.rules.withUnsafeBufferPointer { rules in
            for rule in rules {
                let flags = flagBuffer[rule]
                if flags == 1 {
                    // Evaluated as of every date.
                    for d in 0..<n {
                        evaluate(subject, rule: rule, mask: mask, run: d...d, scratch: scratch, tally: tally, body)
                    }
                    continue
                }
                // Its start does not read the as-of date, so whether it may be skipped as not started is
                // the same at every date; a subject's data only grow with the date, so start fields all
                // blank as of the last date are blank as of every date: nothing to evaluate.
                if notStarted(rule, as: n - 1, latest, scratch: scratch) { continue }
                // The runs of dates that see the same values of this rule's fields: cut where an event it
                // reads is seen for the first time (as bits when the dates fit in a word, as a report's do).
                let base = rule * readStride
                var first = 0
                if n <= 64 {
                    var cut: UInt64 = 1 << UInt64(n - 1)
                    for e in events where e.slot < readStride && readBuffer[base + e.slot] {
                        cut |= 1 << UInt64(e.seenFrom - 1)
                    }
                    while cut != 0 {
                        let d = cut.trailingZeroBitCount
                        cut &= cut - 1
                        run(subject, rule: rule, flags: flags, mask: mask, run: first...d, scratch: scratch, tally: tally, body)
                        first = d + 1
                    }
                    continue
                }
                let cut = scratch.cut
                for d in 0..<n { cut[d] = false }
                for e in events where e.slot < readStride && readBuffer[base + e.slot] {
                    cut[e.seenFrom - 1] = true
                }
                for d in 0..<n where d == n - 1 || cut[d] {
                    run(subject, rule: rule, flags: flags, mask: mask, run: first...d, scratch: scratch, tally: tally, body)
                    first = d + 1
                }
            }
        }
    }

    /// Readies the scratch for subjects of another kind: its rules, mask, date fields and the fields
    /// its rules' starts read.
    private func prepare(_ scratch: Scratch, for kind: String) {
        scratch.kind = kind
        scratch.rules = rulesByKind[kind] ?? []
        scratch.mask = evaluators.count > 0 ? evaluators[0].maskIndex(for: kind) : nil
        scratch.slots = dateSlots[kind] ?? []
        var union: UInt64 = 0
        for rule in scratch.rules where startChecks[rule] == .mask { union |= startMasks[rule] }
        scratch.startSlots.deallocate()
        scratch.startSlots = .allocate(capacity: union.nonzeroBitCount)
        for (i, slot) in (0..<64).filter({ union & 1 << UInt64($0) != 0 }).enumerated() { scratch.startSlots[i] = slot }
    }

    /// One rule over one run of dates that see the same data.
    @inline(__always)
    private func run(
        _ subject: Subject, rule: Int, flags: UInt8, mask: Int?, run: ClosedRange<Int>, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        if flags & 2 != 0 {
            applying(subject, rule: rule, mask: mask, run: run, scratch: scratch, tally: tally, body)
        } else {
            evaluate(subject, rule: rule, mask: mask, run: run, scratch: scratch, tally: tally, body)
        }
    }

    /// A row of values that one rule sees as of every date of `run` (its fields are the same at each,
    /// since no event the rule reads falls inside a run): a row already prepared for one of those
    /// dates, or else the first date's, prepared now (the first date of every rule's first run, and
    /// the date an event is first seen, so other rules' runs find it). Returns the row and its date.
    @inline(__always)
    private func values(
        _ subject: Subject, for run: ClosedRange<Int>, mask: Int?, scratch: Scratch
    ) -> (values: UnsafeBufferPointer<Value>, date: Int) {
        var d = run.upperBound
        while d > run.lowerBound && !scratch.prepared[d] { d -= 1 }
        return (values(subject, as: d, mask: mask, scratch: scratch), d)
    }

    /// The subject's values as of date `d`, prepared on first use.
    @inline(__always)
    private func values(_ subject: Subject, as d: Int, mask: Int?, scratch: Scratch) -> UnsafeBufferPointer<Value> {
        let row = scratch.row(d, count: subject.values.count)
        if !scratch.prepared[d] {
            evaluators.withElement(d) { $0.prepare(subject, mask: mask, into: row) }
            scratch.prepared[d] = true
            var bits: UInt64 = 0
            let (slots, base, count) = (scratch.startSlots, row.baseAddress!, row.count)
            for i in 0..<slots.count where slots[i] < count {
                if case .missing = base[slots[i]] { continue }
                bits |= 1 &<< UInt64(truncatingIfNeeded: slots[i])
            }
            scratch.present[d] = bits
        }
        return UnsafeBufferPointer(row)
    }

    /// Whether the rule has certainly not started as of date `d` (its start fields all blank there).
    @inline(__always)
    private func notStarted(_ rule: Int, as d: Int, _ values: UnsafeBufferPointer<Value>, scratch: Scratch) -> Bool {
        switch startChecks[rule] {
        case .never: return false
        case .mask: return scratch.present[d] & startMasks[rule] == 0
        case .evaluator: return evaluators.withElement(d) { $0.notStarted(rule, values) }
        }
    }

    /// A rule whose condition alone reads the as-of date, over a run of dates that see the same data:
    /// the condition is asked as of each date (or, when it changes at most once with the date, at the
    /// run's ends and where a search for the change leads). Where it holds, the clock is evaluated
    /// once, as of the last such date, and classified for the others; where it cannot be read, the
    /// evaluator's finding (an invalid condition) is taken once, as of the last such date, for all.
    private func applying(
        _ subject: Subject, rule: Int, mask: Int?, run: ClosedRange<Int>, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        let (values, seen) = values(subject, for: run, mask: mask, scratch: scratch)
        guard !notStarted(rule, as: seen, values, scratch: scratch) else { return }
        // The condition's answer at each date of the run (`Answer`).
        let answers = scratch.answers
        programs.withElement(rule) { program in
            guard let applies = program.applies else { return }
            func ask(_ d: Int) -> UInt8 {
                switch applies(Scope(values: values, asOf: dayBuffer[d])) {
                case .bool(true): return Answer.holds
                case .invalid: return Answer.unreadable
                default: return Answer.fails
                }
            }
            guard program.appliesChangesAtMostOnce, run.count > 2 else {
                for d in run { answers[d] = ask(d) }
                return
            }
            // It changes at most once: the same at both ends means the same throughout; otherwise the
            // change is searched for, keeping `ask(a) == atFirst` and `ask(b) == atLast`.
            let (atFirst, atLast) = (ask(run.lowerBound), ask(run.upperBound))
            var (a, b) = (run.upperBound, run.upperBound)
            if atFirst != atLast {
                (a, b) = (run.lowerBound, run.upperBound)
                while b - a > 1 {
                    let m = (a + b) / 2
                    if ask(m) == atFirst { a = m } else { b = m }
                }
            }
            for d in run { answers[d] = d <= a ? atFirst : atLast }
        }
        for answer in Answer.holds...Answer.unreadable {
            var last = run.upperBound
            while last >= run.lowerBound && answers[last] != answer { last -= 1 }
            guard last >= run.lowerBound else { continue }
            let found = collect(subject, rule: rule, at: last, values: values, scratch: scratch)
            for i in 0..<found.pointee.takeAll() {
                let f = found.pointee.take(i)
                // Each stretch of consecutive dates with this answer.
                var d = run.lowerBound
                while d <= last {
                    guard answers[d] == answer else {
                        d += 1
                        continue
                    }
                    var e = d
                    while e < last && answers[e + 1] == answer { e += 1 }
                    emit(f, rule: rule, dates: d...e, last: last, scratch: scratch, tally: tally, body)
                    d = e + 1
                }
            }
        }
    }

    /// What a rule's condition says as of a date (`applying`).
    private enum Answer {
        static let fails: UInt8 = 0
        static let holds: UInt8 = 1
        static let unreadable: UInt8 = 2
    }

    /// Evaluates one rule as of date `d` into the scratch's sink (emptied by the caller with `takeAll`).
    @inline(__always)
    private func collect(
        _ subject: Subject, rule: Int, at d: Int, values: UnsafeBufferPointer<Value>, scratch: Scratch
    ) -> UnsafeMutablePointer<FindingSink> {
        let found = scratch.found
        evaluators.withElement(d) { evaluator in
            evaluator.evaluate(subject, rule: rule, values: values, started: true) { outcome in
                if case .finding(let f) = outcome { found.pointee.append(f) }
            }
        }
        return found
    }

    /// Evaluates one rule as of the last date of a run, and reclassifies its clocks for the others.
    @inline(__always)
    private func evaluate(
        _ subject: Subject, rule: Int, mask: Int?, run: ClosedRange<Int>, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        let last = run.upperBound
        let (values, seen) = values(subject, for: run, mask: mask, scratch: scratch)
        guard !notStarted(rule, as: seen, values, scratch: scratch) else { return }
        let found = collect(subject, rule: rule, at: last, values: values, scratch: scratch)
        for i in 0..<found.pointee.takeAll() {
            emit(found.pointee.take(i), rule: rule, dates: run, last: last, scratch: scratch, tally: tally, body)
        }
    }

    /// Hands on a finding evaluated as of the date `last`, classified as of each of `dates` (which see
    /// the same data as `last`, and may include it) by its clock (`Clock`, read back from the finding).
    /// The status changes only at the clock's start and its `changes`, so each stretch between them is
    /// tallied at once with the status of its first date; whole findings are made only at the wanted
    /// dates. A finding with no clock (invalid) stands at every date of the run from its start.
    @inline(__always)
    private func emit(
        _ f: Finding, rule: Int, dates: ClosedRange<Int>, last: Int, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        let (from, end) = (firstDate(onOrAfter: f.start?.number ?? Int.min, in: dates), dates.upperBound + 1)
        guard from < end else { return }
        let clock = Clock(f, timing: timings[rule], amberDays: amberDays[rule])
        assert(!dates.contains(last) || clock.map { $0.status(asOf: dayBuffer[last]) } ?? f.status == f.status, "a clock keeps its status")
        if let clock, let (first, second) = clock.changes {
            // Up to three stretches; neighbours with one status are tallied as one.
            let upper = dates.upperBound
            let cuts = (firstDate(onOrAfter: first.number, in: from...upper), firstDate(onOrAfter: second.number, in: from...upper))
            var (a, status) = (from, clock.status(asOf: dayBuffer[from]))
            for i in 0..<3 {
                let b = i == 0 ? cuts.0 : i == 1 ? cuts.1 : end
                guard b > a else { continue }
                let next = b < end ? clock.status(asOf: dayBuffer[b]) : nil
                guard next != status else { continue }
                tally(a..<b, rule, status, f)
                (a, status) = (b, next ?? status)
            }
        } else {
            tally(from..<end, rule, clock?.status(asOf: dayBuffer[from]) ?? f.status, f)
        }
        for w in scratch.wanted[0..<scratch.wantedCount] where w >= from && w < end {
            if w == last || clock == nil {
                body(w, rule, f)
            } else if let clock {
                var g = f
                (g.status, g.detail) = clock.classify(asOf: dayBuffer[w])
                body(w, rule, g)
            }
        }
    }

    /// The first of `dates` (indices) whose day number is at least `number` (`dates.upperBound + 1`
    /// when none is).
    @inline(__always)
    private func firstDate(onOrAfter number: Int, in dates: ClosedRange<Int>) -> Int {
        var (lo, hi) = (dates.lowerBound, dates.upperBound + 1)
        while lo < hi {
            let mid = (lo + hi) / 2
            if dayBuffer[mid].number < number { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The dates on which the subject's data change between the first and the last of `dates`, each
    /// with its slot and the first of `dates` after it (the first that sees it). An event on or before
    /// the first date is seen by every date, and one after the last by none: neither cuts a run.
    private func eventDates(_ subject: Subject, slots: [Int], into scratch: Scratch) {
        scratch.eventCount = 0
        let (first, last, all) = (dayBuffer[0], dayBuffer[dates.count - 1], 0...dates.count - 1)
        let hasHistory = !subject.history.isEmpty
        subject.values.withUnsafeBufferPointer { values in
            for slot in slots where slot < values.count {
                if hasHistory, let h = subject.history[slot] {
                    for d in h where d > first && d <= last { scratch.append(Event(slot: slot, seenFrom: firstDate(onOrAfter: d.number, in: all))) }
                } else if case .date(let d) = values[slot], d > first && d <= last {
                    scratch.append(Event(slot: slot, seenFrom: firstDate(onOrAfter: d.number, in: all)))
                }
            }
        }
    }
}
