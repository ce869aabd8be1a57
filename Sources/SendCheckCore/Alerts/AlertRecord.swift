/// What the alert job remembers of one finding between runs, keyed by the finding's identity.
public struct AlertRecord: Sendable, Equatable {
    public var key: FindingKey
    public var status: Status
    public var rag: RAG
    public var due: Day?
    /// The run that first alerted it.
    public var firstSeen: Day
    /// The last run that told someone about it (new, escalated, repeated).
    public var lastSent: Day
    public var caseworker: String?
    public var team: String?
    /// Nil while open; the run that found it resolved.
    public var resolved: Day?
    public var resolution: Resolution?

    public init(
        key: FindingKey, status: Status, rag: RAG, due: Day?, firstSeen: Day, lastSent: Day, caseworker: String?, team: String?,
        resolved: Day? = nil, resolution: Resolution? = nil
    ) {
        self.key = key
        self.status = status
        self.rag = rag
        self.due = due
        self.firstSeen = firstSeen
        self.lastSent = lastSent
        self.caseworker = caseworker
        self.team = team
        self.resolved = resolved
        self.resolution = resolution
    }

    public var isOpen: Bool { resolved == nil }
}

/// How an alert ended.
public enum Resolution: String, Sendable, CaseIterable {
    /// The step was done by its due date.
    case onTime = "on_time"
    /// The step was done after its due date.
    case late
    /// The step was done after its due date, with a recorded exception.
    case excepted
    /// The plan ceased, ending the clock.
    case ended
    /// The finding is no longer amber or red (the data was corrected, a due date moved).
    case cleared
    /// The case or the clock is no longer in the data.
    case gone
    /// A waiver now covers it.
    case waived

    /// For emails: "done on time", "ended: the plan ceased".
    public var words: String {
        switch self {
        case .onTime: return "done on time"
        case .late: return "done late"
        case .excepted: return "done late, with a recorded exception"
        case .ended: return "ended: the plan ceased"
        case .cleared: return "no longer due or overdue"
        case .gone: return "no longer in the data"
        case .waived: return "waived"
        }
    }
}
