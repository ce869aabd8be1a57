/// The product: one rule's verdict on one subject (for one cycle of a repeating duty).
///
/// Compact on purpose: a national run may keep hundreds of thousands of them. The source file is an
/// index into `CheckResult.sources` and the note is a small code rendered by `note(in:)`.
public struct Finding: Sendable, Equatable {
    /// Index of the rule in the rule set.
    public var rule: Int
    public var subject: String
    /// Index of the case source in `CheckResult.sources`; -1 outside a check run.
    public var source: Int32
    /// Line of the subject's row in its source, and the column where it is written (1 for a row; an
    /// action's place in a plan file).
    public var line: Int32
    public var column: Int32 = 1
    /// Where the end event (the step done, or the date that ended the clock) was written, when that
    /// is another row than the start's (a subject joined from several files): an index into
    /// `CheckResult.sources` (-1 when none), and the line.
    public var endSource: Int32 = -1
    public var endLine: Int32 = 0
    public var status: Status
    public var detail: Detail
    private var startRaw: Int32
    private var dueRaw: Int32
    private var completedRaw: Int32

    /// Why a finding is `invalid`, or which exception excused it.
    public enum Detail: Sendable, Equatable {
        case none
        /// A `flag` rule's condition holds (a structural problem, not a late step).
        case flagged
        case exception(code: Int)
        /// The clock was ended by the rule's `ended_by` date (the plan ceased) after the due date.
        case ended
        case invalidCondition, invalidStart, invalidClosing, invalidDue, invalidLapse, invalidEnd
        case endBeforeStart(end: Day)
        /// A field the rule reads holds a value that cannot be read (an unreadable date, an unknown
        /// code): the status cannot be told, so the finding is `invalid`, never one computed as if the
        /// cell were empty. The finding's location is the cell's.
        case invalidField(slot: Int)
    }

    private static let none = Int32.min

    public init(
        rule: Int, subject: String, source: Int32 = -1, line: Int32 = 0, status: Status, start: Day?, due: Day?,
        completed: Day?, detail: Detail = .none
    ) {
        self.rule = rule
        self.subject = subject
        self.source = source
        self.line = line
        self.status = status
        self.detail = detail
        startRaw = start.map { Int32(truncatingIfNeeded: $0.number) } ?? Self.none
        dueRaw = due.map { Int32(truncatingIfNeeded: $0.number) } ?? Self.none
        completedRaw = completed.map { Int32(truncatingIfNeeded: $0.number) } ?? Self.none
    }

    /// Whether the finding is invalid because a field it reads cannot be read.
    public var isInvalidField: Bool { if case .invalidField = self.detail { return true } else { return false } }

    /// When the clock started; nil only for an `invalid` finding whose start could not be read.
    public var start: Day? { startRaw == Self.none ? nil : Day(number: Int(startRaw)) }
    /// The due date (for `not-before` rules the earliest lawful day); nil when it could not be computed.
    public var due: Day? { dueRaw == Self.none ? nil : Day(number: Int(dueRaw)) }
    /// When the end event happened, if it has.
    public var completed: Day? { completedRaw == Self.none ? nil : Day(number: Int(completedRaw)) }

    /// Days past the due date: to the completion for a late step, to the as-of date for an open one.
    /// nil when not late (an early `not-before` breach is not "late").
    public func daysLate(asOf: Day) -> Int? {
        guard let due else { return nil }
        switch status {
        case .overdue: return due.days(to: asOf)
        case .breached:
            guard let c = completed, c > due else { return nil }
            return due.days(to: c)
        case .excepted:
            let late = due.days(to: completed ?? asOf)
            return late > 0 ? late : nil
        default: return nil
        }
    }

}
