/// The status of one rule for one subject (`docs/semantics.md` section 2).
public enum Status: String, Sendable, CaseIterable, Codable, Comparable {
    case met, pending
    case dueSoon = "due_soon"
    case overdue, breached, excepted, invalid

    public static func < (a: Status, b: Status) -> Bool { a.index < b.index }

    /// Position in `allCases`, for counting arrays.
    @inline(__always) public var index: Int {
        switch self {
        case .met: return 0
        case .pending: return 1
        case .dueSoon: return 2
        case .overdue: return 3
        case .breached: return 4
        case .excepted: return 5
        case .invalid: return 6
        }
    }

    /// Whether the clock has stopped (the end event happened).
    public var isClosed: Bool { self == .met || self == .breached }
}

/// Red, amber, green, and blue for "complete" in BRAG views.
public enum RAG: String, Sendable, CaseIterable, Codable, Comparable {
    case green, blue, amber, red

    /// Worse ratings compare greater: red > amber > blue/green.
    public static func < (a: RAG, b: RAG) -> Bool { a.rank < b.rank }

    /// Position in `allCases`, for counting arrays.
    public var index: Int {
        switch self {
        case .green: return 0
        case .blue: return 1
        case .amber: return 2
        case .red: return 3
        }
    }

    var rank: Int {
        switch self {
        case .green: return 0
        case .blue: return 0
        case .amber: return 1
        case .red: return 2
        }
    }
}

/// How much weight a rule carries.
public enum Severity: String, Sendable, CaseIterable, Codable {
    /// Law: an Act or regulations.
    case statutory
    /// Statutory guidance: the Code of Practice's "should".
    case guidance
    /// Proposals and local good practice.
    case advisory

    /// Position in `allCases`, the order a report reads them in (law first): for counting arrays and sorting.
    public var index: Int {
        switch self {
        case .statutory: return 0
        case .guidance: return 1
        case .advisory: return 2
        }
    }
}

/// Which RAG each status maps to. Councils define RAG differently, so this is configuration.
///
/// A rule's legal weight may cap its RAG: with `rag: {guidance: amber, advisory: amber}` guidance (the
/// Code of Practice's "should") is amber at most and advisory rules (proposals, local practice) are
/// never red, so a should-consider never reads as a statutory breach. The contract's default
/// (`docs/semantics.md` section 2) rates by status alone, so no cap is set unless configured.
public struct RAGMapping: Sendable, Equatable {
    public var map: [Status: RAG]
    /// The worst RAG a rule of each severity can have (a severity not listed is not capped).
    public var ceilings: [Severity: RAG]

    /// The default of `docs/semantics.md` section 2: the RAG follows the status alone, whatever the
    /// rule's severity (the contract). Ceilings by severity are configuration (`legalWeight`).
    public static let standard = RAGMapping(map: [
        .met: .green, .pending: .green, .dueSoon: .amber, .overdue: .red, .breached: .red,
        .excepted: .amber, .invalid: .red,
    ])

    /// The ceilings that make RAG follow a rule's weight in law: guidance amber at most, advisory
    /// rules never red (`rag: {guidance: amber, advisory: amber}` in configuration).
    public static let legalWeight: [Severity: RAG] = [.guidance: .amber, .advisory: .amber]

    public init(map: [Status: RAG], ceilings: [Severity: RAG] = [:]) {
        self.map = map
        self.ceilings = ceilings
    }

    @inline(__always) public func rag(_ status: Status) -> RAG { map[status] ?? .red }

    /// The mapping as an array indexed by `Status.index`, for the hot path.
    public var table: [RAG] { Status.allCases.map { rag($0) } }

    /// `rag`, no worse than the ceiling of `severity`.
    public func capped(_ rag: RAG, _ severity: Severity) -> RAG {
        guard let ceiling = ceilings[severity], rag.rank > ceiling.rank else { return rag }
        return ceiling
    }

}
