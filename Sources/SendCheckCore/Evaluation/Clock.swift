/// One clock of one rule for one subject, as the evaluator worked it out: its start, due date and
/// end, how the rule counts it, and the exception that excuses it if it is late.
///
/// `status(asOf:)` is the one definition of a status (`docs/semantics.md` section 2). The evaluator
/// decides every finding's status with it, and time travel classifies a clock as of other dates
/// with it, reading the clock back from the evaluator's finding (`init?(_:timing:amberDays:)`):
/// nothing else decides a status.
public struct Clock: Sendable, Equatable {
    public var start: Day
    public var due: Day
    /// The step done, or the date that ended the clock (`ended`); nil while it is open.
    public var end: Day?
    public var timing: Rule.Timing
    public var amberDays: Int
    /// The exception code that excuses the clock when it is late: recorded, one of the rule's codes,
    /// with the rule's `exceptions.when` holding. Nil when none does.
    public var excuse: Int?
    /// The end is the rule's `ended_by` date: the clock ended without the step.
    public var ended: Bool

    public init(start: Day, due: Day, end: Day?, timing: Rule.Timing, amberDays: Int, excuse: Int? = nil, ended: Bool = false) {
        (self.start, self.due, self.end, self.timing) = (start, due, end, timing)
        (self.amberDays, self.excuse, self.ended) = (amberDays, excuse, ended)
    }

    /// The clock of a finding the evaluator gave, nil for a finding with no clock (invalid, or a
    /// flag). The finding holds all the evaluator decided: an excuse is written in its detail
    /// whenever it was used, and a clock is late as of a date only if it is late as of every later
    /// date that sees the same data, so a clock not excused where it was evaluated is never excused
    /// as of an earlier such date.
    public init?(_ f: Finding, timing: Rule.Timing, amberDays: Int) {
        guard f.status != .invalid, let start = f.start, let due = f.due else { return nil }
        var excuse: Int?
        if case .exception(let code) = f.detail { excuse = code }
        self.init(start: start, due: due, end: f.completed, timing: timing, amberDays: amberDays, excuse: excuse, ended: f.detail == .ended)
    }

    /// The status as of a date on or after the start (the table of `docs/semantics.md` section 2,
    /// then the exception).
    @inline(__always)
    public func status(asOf: Day) -> Status {
        let status = unexcused(asOf: asOf)
        return excuse != nil && (status == .overdue || status == .breached) ? .excepted : status
    }

    /// The status and the finding's detail as of a date on or after the start.
    @inline(__always)
    public func classify(asOf: Day) -> (status: Status, detail: Finding.Detail) {
        let status = status(asOf: asOf)
        if status == .excepted, let excuse { return (status, .exception(code: excuse)) }
        return (status, ended ? .ended : .none)
    }

    /// The days from which the status may differ from the day before, as the as-of date moves on
    /// over the same data (the amber window's first day and the day after the due date), in order;
    /// nil once the clock has ended, or when it counts an earliest day. Time travel asks `status`
    /// once per stretch between them.
    public var changes: (first: Day, second: Day)? {
        guard end == nil, timing == .deadline else { return nil }
        return (due.adding(days: -amberDays), due.adding(days: 1))
    }

    @inline(__always)
    private func unexcused(asOf: Day) -> Status {
        if timing == .notBefore {
            guard let end else { return .pending }
            return end < due ? .breached : .met
        }
        if let end { return end <= due ? .met : .breached }
        if asOf > due { return .overdue }
        if asOf >= due.adding(days: -amberDays) { return .dueSoon }
        return .pending
    }
}
