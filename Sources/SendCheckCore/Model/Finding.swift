/// The product: one rule's verdict on one subject (for one cycle of a repeating duty).
public struct Finding: Sendable, Equatable {
    /// Index of the rule in the rule set.
    public var rule: Int
    public var subject: String
    public var kind: String
    public var location: SourceLocation
    public var status: Status
    /// When the clock started; nil only for an `invalid` finding whose start could not be read.
    public var start: Day?
    /// The due date (for `not-before` rules the earliest lawful day); nil when it could not be computed.
    public var due: Day?
    public var completed: Day?
    /// Why the finding is `invalid`, or which exception excused it.
    public var note: String?

    public init(
        rule: Int, subject: String, kind: String, location: SourceLocation, status: Status, start: Day?, due: Day?,
        completed: Day?, note: String? = nil
    ) {
        self.rule = rule
        self.subject = subject
        self.kind = kind
        self.location = location
        self.status = status
        self.start = start
        self.due = due
        self.completed = completed
        self.note = note
    }

    /// Days past the due date: to the completion for a late step, to the as-of date for an open one.
    /// nil when not late.
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
