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
/// The per-rule flags, the dates and the evaluators are also kept in flat buffers owned by the
/// instance, read in the hot loop without reference counting (the board report's speed target;
/// `TimeTravelTests` compares every date with a separate evaluation). They are written once in
/// `init`, so sharing is safe.
public final class TimeTravel: @unchecked Sendable {
    /// The dates, ascending.
    public let dates: [Day]
    public let ruleSet: RuleSet
    /// Owns the evaluators and programs that `evaluatorRefs` and `programRefs` point at.
    private let evaluators: [Evaluator]
    private let programs: [RuleProgram]
    private let rulesByKind: [String: [Int]]
    /// Per kind, the slots of event dates (looked up once, not per subject).
    private let dateSlots: [String: [Int]]
    /// Flat copies for the hot loop: per rule `readsAsOf` (bit 0) and `readsAsOfOnlyToApply` (bit 1);
    /// per rule and slot whether the rule reads the slot (`readStride` slots a rule); the dates; the
    /// evaluators and programs, unretained (`evaluators` and `programs` keep them alive).
    private let flagBuffer: UnsafeMutableBufferPointer<UInt8>
    private let readBuffer: UnsafeMutableBufferPointer<Bool>
    private let readStride: Int
    private let dayBuffer: UnsafeMutableBufferPointer<Day>
    private let evaluatorRefs: UnsafeMutableBufferPointer<Unmanaged<Evaluator>>
    private let programRefs: UnsafeMutableBufferPointer<Unmanaged<RuleProgram>>
    /// Per rule, how "not started" is decided: `StartCheck`, and for `.mask` the bits of the start
    /// fields that, all blank, mean the rule has not started (tested against a row's present bits).
    private let startChecks: UnsafeMutableBufferPointer<StartCheck>
    private let startMasks: UnsafeMutableBufferPointer<UInt64>

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
        /// whether a rule's condition holds there.
        fileprivate var cut = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
        fileprivate var holds = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
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
            holds.deallocate()
            events.deallocate()
            present.deallocate()
            wanted.deallocate()
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
                holds.deallocate()
                width = max(width, needed)
                values = .allocate(capacity: max(1, dates * width))
                values.initialize(repeating: .missing)
                prepared = .allocate(capacity: dates)
                cut = .allocate(capacity: dates)
                cut.initialize(repeating: false)
                holds = .allocate(capacity: dates)
                holds.initialize(repeating: false)
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
        self.programs = programs
        evaluators = self.dates.map { Evaluator(ruleSet: ruleSet, asOf: $0, reasons: false, programs: programs) }
        var byKind: [String: [Int]] = [:]
        for kind in ruleSet.schemas.keys { byKind[kind] = ruleSet.ruleIndices(for: kind) }
        rulesByKind = byKind
        dateSlots = ruleSet.schemas.mapValues(\.dateSlots)
        flagBuffer = .allocate(capacity: max(1, ruleSet.rules.count))
        for (i, rule) in ruleSet.rules.enumerated() { flagBuffer[i] = (rule.readsAsOf ? 1 : 0) | (rule.readsAsOfOnlyToApply ? 2 : 0) }
        readStride = ruleSet.schemas.values.map(\.fields.count).max() ?? 0
        readBuffer = .allocate(capacity: max(1, ruleSet.rules.count * readStride))
        readBuffer.initialize(repeating: false)
        for (i, rule) in ruleSet.rules.enumerated() {
            let count = ruleSet.schemas[rule.subjectKind]?.fields.count ?? 0
            for slot in rule.readSlots where slot < count { readBuffer[i * readStride + slot] = true }
        }
        dayBuffer = .allocate(capacity: max(1, self.dates.count))
        for (i, d) in self.dates.enumerated() { dayBuffer[i] = d }
        evaluatorRefs = .allocate(capacity: max(1, evaluators.count))
        for (i, e) in evaluators.enumerated() { evaluatorRefs[i] = .passUnretained(e) }
        programRefs = .allocate(capacity: max(1, programs.count))
        for (i, p) in programs.enumerated() { programRefs[i] = .passUnretained(p) }
        startChecks = .allocate(capacity: max(1, ruleSet.rules.count))
        startMasks = .allocate(capacity: max(1, ruleSet.rules.count))
        startMasks.initialize(repeating: 0)
        for (i, rule) in ruleSet.rules.enumerated() {
            // A start that does not read the as-of date is skipped alike at every date.
            let fields = evaluators.last?.blankStartFields(i)
            if let fields, !rule.readsAsOf || rule.readsAsOfOnlyToApply, readStride <= 64, fields.allSatisfy({ $0 >= 0 && $0 < 64 }) {
                startChecks[i] = .mask
                startMasks[i] = fields.reduce(0) { $0 | 1 << UInt64($1) }
            } else {
                startChecks[i] = fields == nil && (!rule.readsAsOf || rule.readsAsOfOnlyToApply) ? .never : .evaluator
            }
        }
    }

    deinit {
        flagBuffer.deallocate()
        readBuffer.deallocate()
        dayBuffer.deallocate()
        evaluatorRefs.deallocate()
        programRefs.deallocate()
        startChecks.deallocate()
        startMasks.deallocate()
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
        if scratch.kind != subject.kind {
            scratch.kind = subject.kind
            scratch.rules = rulesByKind[subject.kind] ?? []
            scratch.mask = evaluators.first?.maskIndex(for: subject.kind)
            scratch.slots = dateSlots[subject.kind] ?? []
            var union: UInt64 = 0
            for rule in scratch.rules where startChecks[rule] == .mask { union |= startMasks[rule] }
            scratch.startSlots.deallocate()
            scratch.startSlots = .allocate(capacity: union.nonzeroBitCount)
            for (i, slot) in (0..<64).filter({ union & 1 << UInt64($0) != 0 }).enumerated() { scratch.startSlots[i] = slot }
        }
        guard !scratch.rules.isEmpty, !dates.isEmpty else { return }
        let mask = scratch.mask
        let n = dates.count
        // Every event kept cuts a run: it is seen first by a date after the first.
        eventDates(subject, slots: scratch.slots, into: scratch)
        scratch.reset(dates: n, width: subject.values.count)
        // Ascending and once each (the caller wants a few of a few dozen dates).
        scratch.wantedCount = 0
        for d in 0..<n where wanted.contains(d) {
            scratch.wanted[scratch.wantedCount] = d
            scratch.wantedCount += 1
        }
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
                        run(
                            subject, rule: rule, flags: flags, mask: mask, run: first...d, scratch: scratch, tally: tally,
                            body)
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
            evaluatorRefs[d]._withUnsafeGuaranteedRef { $0.prepare(subject, mask: mask, into: row) }
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
        case .evaluator: return evaluatorRefs[d]._withUnsafeGuaranteedRef { $0.notStarted(rule, values) }
        }
    }

    /// A rule whose condition alone reads the as-of date, over a run of dates that see the same data:
    /// the condition is asked as of each date (or, when it changes at most once with the date, at the
    /// run's ends and where a search for the change leads), and the clock evaluated once, as of the
    /// last date it applies, then reclassified for the earlier dates it applies.
    private func applying(
        _ subject: Subject, rule: Int, mask: Int?, run: ClosedRange<Int>, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        let (values, seen) = values(subject, for: run, mask: mask, scratch: scratch)
        guard !notStarted(rule, as: seen, values, scratch: scratch) else { return }
        // Which dates of the run the condition holds on.
        let holds = scratch.holds
        var lastApplying: Int?
        programRefs[rule]._withUnsafeGuaranteedRef { program in
            guard let applies = program.applies else { return }
            // An invalid condition gives an invalid finding, so it counts as holding.
            func ask(_ d: Int) -> Bool {
                switch applies(Scope(values: values, asOf: dayBuffer[d])) {
                case .bool(true), .invalid: return true
                default: return false
                }
            }
            guard program.appliesChangesAtMostOnce, run.count > 2 else {
                for d in run {
                    holds[d] = ask(d)
                    if holds[d] { lastApplying = d }
                }
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
            for d in run { holds[d] = d <= a ? atFirst : atLast }
            lastApplying = atLast ? run.upperBound : atFirst ? a : nil
        }
        guard let lastApplying else { return }
        let found = collect(subject, rule: rule, at: lastApplying, values: values, scratch: scratch)
        for i in 0..<found.pointee.takeAll() {
            let f = found.pointee.take(i)
            let clock = programRefs[rule]._withUnsafeGuaranteedRef { Reclassifier(f, program: $0, values: values) }
            // Each stretch of consecutive dates the condition holds on.
            var d = run.lowerBound
            while d <= lastApplying {
                guard holds[d] else {
                    d += 1
                    continue
                }
                var e = d
                while e < lastApplying && holds[e + 1] { e += 1 }
                emit(f, clock, rule: rule, dates: d...e, last: lastApplying, scratch: scratch, tally: tally, body)
                d = e + 1
            }
        }
    }

    /// Evaluates one rule as of date `d` into the scratch's sink (emptied by the caller with `takeAll`).
    @inline(__always)
    private func collect(
        _ subject: Subject, rule: Int, at d: Int, values: UnsafeBufferPointer<Value>, scratch: Scratch
    ) -> UnsafeMutablePointer<FindingSink> {
        let found = scratch.found
        evaluatorRefs[d]._withUnsafeGuaranteedRef { evaluator in
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
            let f = found.pointee.take(i)
            let clock = programRefs[rule]._withUnsafeGuaranteedRef { Reclassifier(f, program: $0, values: values) }
            emit(f, clock, rule: rule, dates: run, last: last, scratch: scratch, tally: tally, body)
        }
    }

    /// Hands on a finding evaluated as of the date `last`, reclassified as of each of `dates` (which see
    /// the same data as `last`, and may include it). The status changes only at the clock's start and
    /// its amber and due thresholds, so each stretch of one status is tallied at once, found by
    /// searching the dates; whole findings are made only at the wanted dates.
    @inline(__always)
    private func emit(
        _ f: Finding, _ clock: Reclassifier, rule: Int, dates: ClosedRange<Int>, last: Int, scratch: Scratch,
        tally: (Range<Int>, Int, Status, Finding) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        assert(!dates.contains(last) || clock.status(dayBuffer[last]) == f.status, "a clock reclassified as of its own date keeps its status")
        let (from, end) = (firstDate(onOrAfter: clock.start, in: dates), dates.upperBound + 1)
        guard from < end else { return }
        if let fixed = clock.fixed {
            tally(from..<end, rule, fixed, f)
        } else {
            let late = firstDate(onOrAfter: clock.overdueFrom, in: from...dates.upperBound)
            let soon = min(late, firstDate(onOrAfter: clock.dueSoonFrom, in: from...dates.upperBound))
            if from < soon { tally(from..<soon, rule, .pending, f) }
            if soon < late { tally(soon..<late, rule, .dueSoon, f) }
            if late < end { tally(late..<end, rule, clock.late, f) }
        }
        for w in scratch.wanted[0..<scratch.wantedCount] where w >= from && w < end {
            if w == last {
                body(w, rule, f)
            } else if let status = clock.status(dayBuffer[w]) {
                body(w, rule, clock.finding(f, with: status))
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

    /// A clock's status as of each date of a run that sees the same data: not started before the
    /// start; fixed once the clock has ended, is invalid or has no due date; otherwise pending, due
    /// soon from the amber window and overdue (or excepted) after the due date. Overdue and breached
    /// clocks are excused when the subject records one of the rule's exception codes.
    private struct Reclassifier {
        var start = Int.min
        var fixed: Status?
        var dueSoonFrom = 0
        var overdueFrom = 0
        var late = Status.overdue
        /// The evaluated finding's status and detail stand at every date (invalid, or no due date).
        var keepsDetail = false
        /// The exception code recorded, when it is one that excuses this rule.
        var exception: Int?

        init(_ f: borrowing Finding, program: borrowing RuleProgram, values: UnsafeBufferPointer<Value>) {
            if let s = f.start { start = s.number }
            guard f.status != .invalid, let due = f.due else {
                fixed = f.status
                keepsDetail = true
                return
            }
            if let slot = program.exceptionSlot, case .code(let c) = values[slot], program.exceptionCodes.contains(c) { exception = c }
            func excused(_ status: Status) -> Status {
                (status == .overdue || status == .breached) && exception != nil ? .excepted : status
            }
            if program.timing == .notBefore || f.completed != nil {
                // Ended (or not due before a date): the same at every date.
                fixed = excused(Evaluator.status(timing: program.timing, due: due, end: f.completed, asOf: due, amberDays: program.amberDays))
                return
            }
            dueSoonFrom = due.adding(days: -program.amberDays).number
            overdueFrom = due.adding(days: 1).number
            late = excused(.overdue)
        }

        @inline(__always) func status(_ day: Day) -> Status? {
            let n = day.number
            if n < start { return nil }
            if let fixed { return fixed }
            if n >= overdueFrom { return late }
            return n >= dueSoonFrom ? .dueSoon : .pending
        }

        /// The finding as of a date at which the clock has `status` (from `status(_:)`).
        func finding(_ f: Finding, with status: Status) -> Finding {
            guard !keepsDetail else { return f }
            var g = f
            g.status = status
            // The evaluator never gives `excepted` itself: it is this clock's exception excusing it.
            if status == .excepted, let exception {
                g.detail = .exception(code: exception)
            } else if case .exception = f.detail {
                g.detail = .none
            }
            return g
        }
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
