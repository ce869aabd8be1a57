/// Evaluates subjects as of several dates at once (a board report's trend: every month end for a
/// year), with exactly the findings an evaluation as of each date alone would give.
///
/// A subject's data, as seen as of a date, change only on its event dates. Between two events every
/// date sees the same data, so a rule that does not read the as-of date has the same clocks there
/// (start, due date, end); only their status depends on the date. So for each run of dates with no
/// event between them, the subject is evaluated once, as of the run's last date, and each earlier date
/// of the run reclassifies those clocks; rules that read the as-of date are evaluated at every date.
public struct TimeTravel: Sendable {
    /// The dates, ascending.
    public let dates: [Day]
    public let ruleSet: RuleSet
    private let evaluators: [Evaluator]
    private let programs: [RuleProgram]
    private let readsAsOf: [Bool]
    private let rulesByKind: [String: [Int]]

    /// Reusable storage for one thread's evaluations (no allocation per subject once warm).
    public struct Scratch {
        var buffer: [Value] = []
        var events: [Day] = []
        var found: [(rule: Int, finding: Finding)] = []

        public init() {}
    }

    public init(ruleSet: RuleSet, dates: [Day]) {
        self.ruleSet = ruleSet
        self.dates = Array(Set(dates)).sorted()
        evaluators = self.dates.map { Evaluator(ruleSet: ruleSet, asOf: $0, reasons: false) }
        programs = ruleSet.rules.map { RuleProgram($0, schema: ruleSet.schemas[$0.subjectKind]) }
        readsAsOf = ruleSet.rules.map(\.readsAsOf)
        var byKind: [String: [Int]] = [:]
        for kind in ruleSet.schemas.keys { byKind[kind] = ruleSet.ruleIndices(for: kind) }
        rulesByKind = byKind
    }

    /// Calls `body(date index, rule index, finding)` for every finding of the subject as of every date
    /// (no history window: the caller applies its own, per date).
    public func evaluate(_ subject: Subject, scratch: inout Scratch, _ body: (Int, Int, Finding) -> Void) {
        guard let rules = rulesByKind[subject.kind], !dates.isEmpty else { return }
        let first = evaluators[0]
        let mask = first.maskIndex(for: subject.kind)
        eventDates(subject, into: &scratch.events)
        let events = scratch.events
        var i = 0
        while i < dates.count {
            // The run of dates that see the same data: no event after dates[i] and on or before its end.
            var end = i
            while end + 1 < dates.count, !events.contains(where: { $0 > dates[i] && $0 <= dates[end + 1] }) { end += 1 }
            let evaluator = evaluators[end]
            evaluator.prepare(subject, mask: mask, into: &scratch.buffer)
            scratch.found.removeAll(keepingCapacity: true)
            scratch.buffer.withUnsafeBufferPointer { values in
                for rule in rules where !evaluator.notStarted(rule, values) {
                    if readsAsOf[rule] {
                        // Evaluated as of each date of the run.
                        for d in i...end {
                            evaluators[d].evaluate(subject, rule: rule, values: values) { if case .finding(let f) = $0 { body(d, rule, f) } }
                        }
                        continue
                    }
                    evaluator.evaluate(subject, rule: rule, values: values) { if case .finding(let f) = $0 { scratch.found.append((rule, f)) } }
                }
                for (rule, f) in scratch.found {
                    for d in i..<end { if let g = reclassify(f, rule: rule, asOf: dates[d], values: values) { body(d, rule, g) } }
                    body(end, rule, f)
                }
            }
            i = end + 1
        }
    }

    /// The finding a clock gives as of an earlier date that sees the same data; nil when it had not
    /// started by then.
    @inline(__always)
    private func reclassify(_ f: Finding, rule: Int, asOf: Day, values: UnsafeBufferPointer<Value>) -> Finding? {
        if let s = f.start, s > asOf { return nil }
        guard f.status != .invalid, let due = f.due else { return f }
        let program = programs[rule]
        var g = f
        g.status = Evaluator.status(timing: program.timing, due: due, end: f.completed, asOf: asOf, amberDays: program.amberDays)
        if case .exception = f.detail { g.detail = .none }
        if g.status == .overdue || g.status == .breached, let slot = program.exceptionSlot, case .code(let c) = values[slot],
            program.exceptionCodes.contains(c)
        {
            g.status = .excepted
            g.detail = .exception(code: c)
        }
        return g
    }

    /// The dates on which the subject's data change: every recorded event date, sorted.
    private func eventDates(_ subject: Subject, into events: inout [Day]) {
        events.removeAll(keepingCapacity: true)
        guard let schema = ruleSet.schemas[subject.kind] else { return }
        for slot in schema.dateSlots where slot < subject.values.count {
            if let h = subject.history[slot] {
                events.append(contentsOf: h)
            } else if case .date(let d) = subject.values[slot] {
                events.append(d)
            }
        }
    }
}
