/// One email's worth for one recipient tonight.
public struct Digest: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        case caseworker
        case manager(team: String)
        case service
    }

    public var recipient: String
    public var role: Role
    /// The lines of the digest, sorted by section then case.
    public var events: [AlertEvent]
    /// Managers: the team's other open alerts, not listed.
    public var otherOpen = OpenCounts()
    /// Head of service: the service summary.
    public var summary: ServiceSummary?
}

/// The sections of a digest, in the order they are shown.
public enum DigestSection: Int, Sendable, CaseIterable, Comparable {
    case overdue, dataToFix, dueSoon, excepted, completedLate, resolved

    public var title: String {
        switch self {
        case .overdue: return "Overdue"
        case .dataToFix: return "Data to fix"
        case .dueSoon: return "Due soon"
        case .excepted: return "Excepted: late, with a recorded exception"
        case .completedLate: return "Completed late since the last run"
        case .resolved: return "Resolved"
        }
    }

    /// Where an open alert of this status and RAG belongs: unreadable data and excepted clocks apart
    /// from what is overdue or due soon.
    public static func of(status: Status, rag: RAG) -> DigestSection {
        switch status {
        case .invalid: return .dataToFix
        case .excepted: return .excepted
        default: return rag == .red ? .overdue : .dueSoon
        }
    }

    public static func < (a: DigestSection, b: DigestSection) -> Bool { a.rawValue < b.rawValue }
}

/// Open alerts counted by what they need: overdue, due soon, excepted, data to fix.
public struct OpenCounts: Sendable, Equatable {
    public var overdue = 0
    public var dueSoon = 0
    public var excepted = 0
    public var toFix = 0

    public init() {}

    public var total: Int { overdue + dueSoon + excepted + toFix }

    public mutating func add(_ r: AlertRecord) { add(DigestSection.of(status: r.status, rag: r.rag)) }

    mutating func add(_ section: DigestSection) {
        switch section {
        case .overdue: overdue += 1
        case .dataToFix: toFix += 1
        case .excepted: excepted += 1
        default: dueSoon += 1
        }
    }

    public mutating func add(_ other: OpenCounts) {
        overdue += other.overdue
        dueSoon += other.dueSoon
        excepted += other.excepted
        toFix += other.toFix
    }

    /// `3 overdue, 2 due soon, 1 excepted, 1 data to fix`: overdue and due soon always, the others when any.
    public var words: String {
        var parts = ["\(overdue) overdue", "\(dueSoon) due soon"]
        if excepted > 0 { parts.append("\(excepted) excepted") }
        if toFix > 0 { parts.append("\(toFix) data to fix") }
        return parts.joined(separator: ", ")
    }
}

/// A digest that was never accepted and was dropped after `alerts.expire`.
public struct DroppedDigest: Sendable, Equatable {
    public var recipient: String
    /// The night it was queued.
    public var asOf: Day
    public var attempts: Int

    public init(recipient: String, asOf: Day, attempts: Int) {
        self.recipient = recipient
        self.asOf = asOf
        self.attempts = attempts
    }
}

/// The head of service's view: open alerts by rule and by team, tonight's changes, what could not be
/// routed, what was held or dropped, the waivers.
public struct ServiceSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var open: OpenCounts
    }

    /// At most `tableRows` rows each; `otherRules` and `otherTeams` count the rest.
    public var byRule: [Row] = []
    public var byTeam: [Row] = []
    public var otherRules = (rows: 0, open: OpenCounts())
    public var otherTeams = (rows: 0, open: OpenCounts())
    public var total = OpenCounts()
    public var newBreaches = 0
    public var newAlerts = 0
    public var escalated = 0
    public var resolved = 0
    /// Changes whose caseworker could not be sent them (no address, one mail cannot reach, outside
    /// the allowed domains): their team's manager was.
    public var unroutable: [AlertEvent] = []
    /// Changes nobody could be sent (no caseworker address and no manager for the team).
    public var unrouted: [AlertEvent] = []
    /// Open alerts kept as they were because the case's row was rejected tonight.
    public var held: [AlertRecord] = []
    /// Open alerts whose case or clock is missing tonight, kept open because the read was partial.
    public var undecided = 0
    /// Digests dropped tonight after waiting longer than `alerts.expire`.
    public var dropped: [DroppedDigest] = []
    public var removableWaivers: [Waiver] = []
    public var expiredWaivers: [Waiver] = []

    /// The most rows of a table (by rule, by team); the rest are counted in one line.
    public static let tableRows = 50

    public static func == (a: ServiceSummary, b: ServiceSummary) -> Bool {
        a.byRule == b.byRule && a.byTeam == b.byTeam && a.otherRules == b.otherRules && a.otherTeams == b.otherTeams && a.total == b.total
            && (a.newBreaches, a.newAlerts, a.escalated, a.resolved, a.undecided) == (
                b.newBreaches, b.newAlerts, b.escalated, b.resolved, b.undecided
            )
            && a.unroutable == b.unroutable && a.unrouted == b.unrouted && a.held == b.held && a.dropped == b.dropped
            && a.removableWaivers == b.removableWaivers && a.expiredWaivers == b.expiredWaivers
    }
}

/// Who hears of what: one digest per recipient per run, never one email per case.
///
/// - A case's caseworker (the `caseworker` cell: an address, or a code under `alerts.caseworkers`)
///   gets every event on their cases at or above the ladder's caseworker level (amber by default).
/// - The team's manager (`alerts.teams`) gets the team's events at or above the manager level (red
///   by default) and every event of a case whose caseworker cannot be sent it (no address, an address
///   mail cannot reach, one outside `allowed_domains`), plus a count of the team's other open alerts.
/// - The head of service (`alerts.service`) gets the service summary whenever anything happened; it
///   lists the cases whose caseworker could not be sent their changes, and those nobody could.
public enum AlertRouting {
    /// Tonight's digests, and what could not reach a caseworker (for the run's summary line).
    public struct Routed: Sendable {
        public var digests: [Digest] = []
        /// Changes whose caseworker could not be sent them; their manager was.
        public var unroutable: [AlertEvent] = []
        /// Changes nobody could be sent.
        public var unrouted: [AlertEvent] = []
    }

    public static func digests(_ night: AlertNight, settings: AlertSettings) -> [Digest] {
        route(night, settings: settings).digests
    }

    /// - Parameter dropped: digests dropped tonight after `alerts.expire`, for the service digest.
    public static func route(_ night: AlertNight, settings: AlertSettings, dropped: [DroppedDigest] = []) -> Routed {
        var caseworkers: [String: [AlertEvent]] = [:]
        var managers: [String: (team: String, events: [AlertEvent])] = [:]
        var routed = Routed()
        for var e in night.events {
            // A resolution is told to whoever heard of the alert while it was open.
            var told = false
            switch settings.route(ofCaseworker: e.caseworker) {
            case .address(let address):
                if e.rag >= settings.ladder.caseworker || e.kind == .breached { caseworkers[address, default: []].append(e) }
                told = true
            case .unroutable(let problem):
                e.unroutable = problem
            }
            if let team = e.team, let manager = settings.teams[team] {
                if !told || e.rag >= settings.ladder.manager { managers[manager, default: (team, [])].events.append(e) }
                if e.unroutable != nil { routed.unroutable.append(e) }
                told = true
            }
            if !told { routed.unrouted.append(e) }
        }
        for (address, events) in caseworkers.sorted(by: { $0.key < $1.key }) {
            routed.digests.append(Digest(recipient: address, role: .caseworker, events: sorted(events)))
        }
        for (address, entry) in managers.sorted(by: { $0.key < $1.key }) {
            let listed = Set(entry.events.map(\.key))
            var other = OpenCounts()
            for r in night.open where r.team == entry.team && !listed.contains(r.key) { other.add(r) }
            routed.digests.append(Digest(recipient: address, role: .manager(team: entry.team), events: sorted(entry.events), otherOpen: other))
        }
        if let service = settings.service, !night.events.isEmpty || !night.expiredWaivers.isEmpty || !dropped.isEmpty {
            var s = summary(night)
            // By case, as people look them up.
            s.unroutable = routed.unroutable.sorted { ($0.key.subject, $0.key.rule) < ($1.key.subject, $1.key.rule) }
            s.unrouted = routed.unrouted.sorted { ($0.key.subject, $0.key.rule) < ($1.key.subject, $1.key.rule) }
            s.dropped = dropped
            routed.digests.append(Digest(recipient: service, role: .service, events: [], summary: s))
        }
        return routed
    }

    static func sorted(_ events: [AlertEvent]) -> [AlertEvent] {
        events.sorted { (section($0), $0.key) < (section($1), $1.key) }
    }

    /// The section a line goes in: overdue, data to fix, due soon, excepted, completed late, resolved.
    public static func section(_ e: AlertEvent) -> DigestSection {
        switch e.kind {
        case .resolved: return .resolved
        case .breached: return e.status == .excepted ? .excepted : .completedLate
        default: return DigestSection.of(status: e.status, rag: e.rag)
        }
    }

    static func summary(_ night: AlertNight) -> ServiceSummary {
        var s = ServiceSummary()
        var rules: [String: OpenCounts] = [:]
        var teams: [String: OpenCounts] = [:]
        for r in night.open {
            rules[r.key.rule, default: OpenCounts()].add(r)
            teams[r.team ?? "(no team)", default: OpenCounts()].add(r)
            s.total.add(r)
        }
        (s.byRule, s.otherRules) = table(rules)
        (s.byTeam, s.otherTeams) = table(teams)
        for e in night.events {
            switch e.kind {
            case .breached: s.newBreaches += 1
            case .new, .returned: s.newAlerts += 1
            case .escalated: s.escalated += 1
            case .resolved: s.resolved += 1
            case .repeated: break
            }
        }
        s.held = night.held
        s.undecided = night.undecided
        s.removableWaivers = night.removableWaivers
        s.expiredWaivers = night.expiredWaivers
        return s
    }

    /// At most `ServiceSummary.tableRows` rows, by name: when there are more, those with the most
    /// overdue (then the most open) are shown and the rest counted, exactly.
    static func table(_ counts: [String: OpenCounts]) -> ([ServiceSummary.Row], (rows: Int, open: OpenCounts)) {
        var rows = counts.map { ServiceSummary.Row(name: $0.key, open: $0.value) }
        var rest = (rows: 0, open: OpenCounts())
        if rows.count > ServiceSummary.tableRows {
            rows.sort { ($1.open.overdue, $1.open.total, $0.name) < ($0.open.overdue, $0.open.total, $1.name) }
            for r in rows[ServiceSummary.tableRows...] { rest.open.add(r.open) }
            rest.rows = rows.count - ServiceSummary.tableRows
            rows.removeLast(rest.rows)
        }
        return (rows.sorted { $0.name < $1.name }, rest)
    }
}
