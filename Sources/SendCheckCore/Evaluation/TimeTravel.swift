/// Evaluates subjects as of several dates at once (a board report's trend: every month end for a
/// year), with exactly the findings an evaluation as of each date alone would give.
///
/// A subject's data, as seen as of a date, change only on its event dates. Between two events every
/// date sees the same data, so a rule that does not read the as-of date has the same clocks there
/// (start, due date, end); only their status depends on the date. So for each run of dates with no
/// event between them, the subject is evaluated once, as of the run's last date, and each earlier date
/// of the run reclassifies those clocks; rules that read the as-of date are evaluated at every date.
///
/// The per-rule flags and the dates are also kept in flat buffers owned by the instance, read in the
/// hot loop without reference counting (the board report's speed target; `TimeTravelTests` compares
/// every date with a separate evaluation). They are written once in `init`, so sharing is safe.
public final class TimeTravel: @unchecked Sendable {
    /// The dates, ascending.
    public let dates: [Day]
    public let ruleSet: RuleSet
    private let evaluators: [Evaluator]
    private let programs: [RuleProgram]
    private let rulesByKind: [String: [Int]]
    /// Per kind, the slots of event dates (looked up once, not per subject).
    private let dateSlots: [String: [Int]]
    /// Flat copies for the hot loop: per rule `readsAsOf` (bit 0) and `readsAsOfOnlyToApply` (bit 1);
    /// per rule and slot whether the rule reads the slot (`readStride` slots a rule); the dates.
    private let flagBuffer: UnsafeMutableBufferPointer<UInt8>
    private let readBuffer: UnsafeMutableBufferPointer<Bool>
    private let readStride: Int
    private let dayBuffer: UnsafeMutableBufferPointer<Day>

    /// Reusable storage for one thread's evaluations (no allocation per subject once warm).
    public struct Scratch {
        /// The subject's values as of each date, prepared when first needed.
        var buffers: [[Value]] = []
        var prepared: [Bool] = []
        /// The subject's event dates, each with its slot and the index of the first date that sees it.
        var events: [(day: Day, slot: Int, seenFrom: Int)] = []
        /// Per date: whether a rule's run of dates ends there (an event it reads comes before the next date).
        var cut: [Bool] = []
        /// The last subject kind seen, with its rules, evaluator mask and event-date slots (looked up
        /// by name once per run of subjects of a kind, not per subject).
        var kind: String?
        var rules: [Int] = []
        var mask: Int?
        var slots: [Int] = []

        public init() {}
    }

    public init(ruleSet: RuleSet, dates: [Day]) {
        self.ruleSet = ruleSet
        self.dates = Array(Set(dates)).sorted()
        evaluators = self.dates.map { Evaluator(ruleSet: ruleSet, asOf: $0, reasons: false) }
        programs = ruleSet.rules.map { RuleProgram($0, schema: ruleSet.schemas[$0.subjectKind]) }
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
    }

    deinit {
        flagBuffer.deallocate()
        readBuffer.deallocate()
        dayBuffer.deallocate()
    }

    /// Calls `body(date index, rule index, finding)` for every finding of the subject as of every date
    /// (no history window: the caller applies its own, per date).
    public func evaluate(_ subject: Subject, scratch: inout Scratch, _ body: (Int, Int, Finding) -> Void) {
        evaluate(subject, scratch: &scratch, wants: { _ in true }, tally: { _, _, _, _ in }, body)
    }

    /// Calls `tally(date index, rule index, status, completed)` for every finding of the subject as of
    /// every date, and `body` with the whole finding only for the dates `wants` (a national trend
    /// counts statuses at twelve month ends and needs whole findings at two dates).
    public func evaluate(
        _ subject: Subject, scratch: inout Scratch, wants: (Int) -> Bool, tally: (Int, Int, Status, Day?) -> Void,
        _ body: (Int, Int, Finding) -> Void
    ) {
        if scratch.kind != subject.kind {
            scratch.kind = subject.kind
            scratch.rules = rulesByKind[subject.kind] ?? []
            scratch.mask = evaluators.first?.maskIndex(for: subject.kind)
            scratch.slots = dateSlots[subject.kind] ?? []
        }
        let rules = scratch.rules
        guard !rules.isEmpty, !dates.isEmpty else { return }
        let mask = scratch.mask
        let n = dates.count
        eventDates(subject, slots: scratch.slots, into: &scratch.events)
        if scratch.buffers.count != n {
            scratch.buffers = Array(repeating: [], count: n)
            scratch.prepared = Array(repeating: false, count: n)
            scratch.cut = Array(repeating: false, count: n)
        }
        for d in 0..<n { scratch.prepared[d] = false }
        let events = scratch.events
        for rule in rules {
            let flags = flagBuffer[rule]
            if flags == 1 {
                // Evaluated as of every date.
                for d in 0..<n { evaluate(subject, rule: rule, mask: mask, run: d...d, scratch: &scratch, wants: wants, tally: tally, body) }
                continue
            }
            // The runs of dates that see the same values of this rule's fields: cut where an event it
            // reads is seen for the first time (as bits when the dates fit in a word, as a report's do).
            let base = rule * readStride
            var first = 0
            if n <= 64 {
                var cut: UInt64 = 1 << UInt64(n - 1)
                for e in events where e.slot < readStride && readBuffer[base + e.slot] && e.seenFrom > 0 && e.seenFrom < n {
                    cut |= 1 << UInt64(e.seenFrom - 1)
                }
                while cut != 0 {
                    let d = cut.trailingZeroBitCount
                    cut &= cut - 1
                    run(subject, rule: rule, flags: flags, mask: mask, run: first...d, scratch: &scratch, wants: wants, tally: tally, body)
                    first = d + 1
                }
                continue
            }
            for d in 0..<n { scratch.cut[d] = false }
            for e in events where e.slot < readStride && readBuffer[base + e.slot] && e.seenFrom > 0 && e.seenFrom < n {
                scratch.cut[e.seenFrom - 1] = true
            }
            for d in 0..<n where d == n - 1 || scratch.cut[d] {
                run(subject, rule: rule, flags: flags, mask: mask, run: first...d, scratch: &scratch, wants: wants, tally: tally, body)
                first = d + 1
            }
        }
    }

    /// One rule over one run of dates that see the same data.
    @inline(__always)
    private func run(
        _ subject: Subject, rule: Int, flags: UInt8, mask: Int?, run: ClosedRange<Int>, scratch: inout Scratch, wants: (Int) -> Bool,
        tally: (Int, Int, Status, Day?) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        if flags & 2 != 0 {
            applying(subject, rule: rule, mask: mask, run: run, scratch: &scratch, wants: wants, tally: tally, body)
        } else {
            evaluate(subject, rule: rule, mask: mask, run: run, scratch: &scratch, wants: wants, tally: tally, body)
        }
    }

    /// A rule whose condition alone reads the as-of date, over a run of dates that see the same data:
    /// the condition is asked as of each date, and the clock evaluated once, as of the last date it
    /// applies, then reclassified for the earlier dates it applies.
    private func applying(
        _ subject: Subject, rule: Int, mask: Int?, run: ClosedRange<Int>, scratch: inout Scratch, wants: (Int) -> Bool,
        tally: (Int, Int, Status, Day?) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        guard let applies = programs[rule].applies else { return }
        let last = run.upperBound
        if !scratch.prepared[last] {
            evaluators[last].prepare(subject, mask: mask, into: &scratch.buffers[last])
            scratch.prepared[last] = true
        }
        let dates = dayBuffer
        let applyingDates = scratch.buffers[last].withUnsafeBufferPointer { values -> [Int] in
            guard !evaluators[last].notStarted(rule, values) else { return [] }
            return run.filter { d in
                let answer = applies(Scope(values: values, asOf: dates[d]))
                return answer == .bool(true) || answer == .invalid
            }
        }
        guard let lastApplying = applyingDates.last else { return }
        let evaluator = evaluators[lastApplying]
        scratch.buffers[last].withUnsafeBufferPointer { values in
            evaluator.evaluate(subject, rule: rule, values: values) { outcome in
                guard case .finding(let f) = outcome else { return }
                emit(f, rule: rule, earlier: applyingDates.dropLast(), last: lastApplying, values: values, wants: wants, tally: tally, body)
            }
        }
    }

    /// Evaluates one rule as of the last date of a run, and reclassifies its clocks for the others.
    @inline(__always)
    private func evaluate(
        _ subject: Subject, rule: Int, mask: Int?, run: ClosedRange<Int>, scratch: inout Scratch, wants: (Int) -> Bool,
        tally: (Int, Int, Status, Day?) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        let last = run.upperBound
        if !scratch.prepared[last] {
            evaluators[last].prepare(subject, mask: mask, into: &scratch.buffers[last])
            scratch.prepared[last] = true
        }
        // The evaluators live as long as `self`: no reference counting per rule and date.
        unowned(unsafe) let evaluator = evaluators[last]
        scratch.buffers[last].withUnsafeBufferPointer { values in
            guard !evaluator.notStarted(rule, values) else { return }
            evaluator.evaluate(subject, rule: rule, values: values) { outcome in
                guard case .finding(let f) = outcome else { return }
                emit(f, rule: rule, earlier: run.lowerBound..<last, last: last, values: values, wants: wants, tally: tally, body)
            }
        }
    }

    /// Hands on a finding evaluated as of the date `last`, and the same clock reclassified as of each
    /// earlier date that sees the same data.
    @inline(__always)
    private func emit(
        _ f: Finding, rule: Int, earlier: some Sequence<Int>, last: Int, values: UnsafeBufferPointer<Value>, wants: (Int) -> Bool,
        tally: (Int, Int, Status, Day?) -> Void, _ body: (Int, Int, Finding) -> Void
    ) {
        for d in earlier {
            guard let status = status(f, rule: rule, asOf: dayBuffer[d], values: values) else { continue }
            tally(d, rule, status.0, f.completed)
            if wants(d) {
                var g = f
                g.status = status.0
                g.detail = status.1
                body(d, rule, g)
            }
        }
        tally(last, rule, f.status, f.completed)
        if wants(last) { body(last, rule, f) }
    }

    /// The status (and detail) a clock has as of an earlier date that sees the same data; nil when it
    /// had not started by then.
    @inline(__always)
    private func status(_ f: Finding, rule: Int, asOf: Day, values: UnsafeBufferPointer<Value>) -> (Status, Finding.Detail)? {
        if let s = f.start, s > asOf { return nil }
        guard f.status != .invalid, let due = f.due else { return (f.status, f.detail) }
        unowned(unsafe) let program = programs[rule]
        let status = Evaluator.status(timing: program.timing, due: due, end: f.completed, asOf: asOf, amberDays: program.amberDays)
        if status == .overdue || status == .breached, let slot = program.exceptionSlot, case .code(let c) = values[slot],
            program.exceptionCodes.contains(c)
        {
            return (.excepted, .exception(code: c))
        }
        if case .exception = f.detail { return (status, .none) }
        return (status, f.detail)
    }

    /// The dates on which the subject's data change: every recorded event date, with its slot and the
    /// first of `dates` on or after it (the first that sees it).
    private func eventDates(_ subject: Subject, slots: [Int], into events: inout [(day: Day, slot: Int, seenFrom: Int)]) {
        events.removeAll(keepingCapacity: true)
        for slot in slots where slot < subject.values.count {
            if let h = subject.history[slot] {
                for d in h { events.append((d, slot, firstOnOrAfter(d))) }
            } else if case .date(let d) = subject.values[slot] {
                events.append((d, slot, firstOnOrAfter(d)))
            }
        }
    }

    /// The index of the first date on or after `day` (`dates.count` when none is).
    @inline(__always)
    private func firstOnOrAfter(_ day: Day) -> Int {
        var (lo, hi) = (0, dates.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if dayBuffer[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
