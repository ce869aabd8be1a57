/// The policy of one check run: the dates, what to list, how to rate.
public struct CheckOptions: Sendable {
    /// The as-of date T: events after it have not happened.
    public var asOf: Day
    /// Findings that are `met`, `breached` or `excepted` and ended before this are history.
    public var since: Day
    /// List green findings too.
    public var listAll: Bool
    public var rag: RAGMapping

    /// Whether a finding is history: met, breached or excepted, and ended before `since`.
    @inline(__always) public func isHistory(_ f: Finding) -> Bool { Self.isHistory(f, since: since) }

    /// Whether a finding is history for a run whose history window starts on `since`.
    @inline(__always) public static func isHistory(_ f: Finding, since: Day) -> Bool { isHistory(f.status, completed: f.completed, since: since) }

    /// Whether a finding of this status, ended on `completed`, is history for a window starting on `since`.
    @inline(__always) public static func isHistory(_ status: Status, completed: Day?, since: Day) -> Bool {
        switch status {
        case .met, .breached, .excepted:
            guard let c = completed else { return false }
            return c < since
        default: return false
        }
    }

    /// Options with the default history window: T minus 12 months.
    public init(asOf: Day, since: Day? = nil, listAll: Bool = false, rag: RAGMapping = .standard) {
        self.asOf = asOf
        self.since = since ?? CalendarMath.adding(months: -12, to: asOf)
        self.listAll = listAll
        self.rag = rag
    }
}
