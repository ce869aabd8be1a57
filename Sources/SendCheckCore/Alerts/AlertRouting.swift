/// One email's worth for one recipient tonight.
public struct Digest: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        case caseworker
        case manager(team: String)
        case service
    }

    public var recipient: String
    public var role: Role
    /// The lines of the digest, sorted by kind then case.
    public var events: [AlertEvent]
    /// Managers: the team's other open alerts, not listed (amber, red).
    public var otherOpen: (amber: Int, red: Int) = (0, 0)
    /// Head of service: the service summary.
    public var summary: ServiceSummary?

    public static func == (a: Digest, b: Digest) -> Bool {
        a.recipient == b.recipient && a.role == b.role && a.events == b.events && a.otherOpen == b.otherOpen && a.summary == b.summary
    }
}

/// The head of service's view: open alerts by rule and by team, tonight's new breaches, the waivers.
public struct ServiceSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var red: Int
        public var amber: Int
    }

    public var byRule: [Row] = []
    public var byTeam: [Row] = []
    public var newBreaches = 0
    public var newAlerts = 0
    public var escalated = 0
    public var resolved = 0
    /// Events no caseworker or manager could be sent (no address, no manager for the team).
    public var unrouted: [AlertEvent] = []
    public var removableWaivers: [Waiver] = []
    public var expiredWaivers: [Waiver] = []
}

/// Who hears of what: one digest per recipient per run, never one email per case.
///
/// - A case's caseworker (the `caseworker` cell: an address, or a code under `alerts.caseworkers`) gets every event on their cases at or
///   above the ladder's caseworker level (amber by default).
/// - The team's manager (`alerts.teams`) gets the team's events at or above the manager level (red
///   by default) and every event of a case with no caseworker address, plus a count of the team's
///   other open alerts.
/// - The head of service (`alerts.service`) gets the service summary whenever anything happened.
/// Events nobody could be sent are listed in the service summary.
public enum AlertRouting {
    public static func digests(_ night: AlertNight, settings: AlertSettings) -> [Digest] {
        var caseworkers: [String: [AlertEvent]] = [:]
        var managers: [String: (team: String, events: [AlertEvent])] = [:]
        var unrouted: [AlertEvent] = []
        for e in night.events {
            // A resolution is told to whoever heard of the alert while it was open.
            let level = e.rag
            var told = false
            if let cw = settings.address(ofCaseworker: e.caseworker) {
                if level >= settings.ladder.caseworker || e.kind == .breached { caseworkers[cw, default: []].append(e) }
                told = true
            }
            if let team = e.team, let manager = settings.teams[team] {
                if !told || level >= settings.ladder.manager {
                    managers[manager, default: (team, [])].events.append(e)
                }
                told = true
            }
            if !told { unrouted.append(e) }
        }
        var out: [Digest] = []
        for (address, events) in caseworkers.sorted(by: { $0.key < $1.key }) {
            out.append(Digest(recipient: address, role: .caseworker, events: sorted(events)))
        }
        for (address, entry) in managers.sorted(by: { $0.key < $1.key }) {
            let listed = Set(entry.events.map(\.key))
            var other = (amber: 0, red: 0)
            for r in night.open where r.team == entry.team && !listed.contains(r.key) {
                if r.rag == .red { other.red += 1 } else { other.amber += 1 }
            }
            out.append(Digest(recipient: address, role: .manager(team: entry.team), events: sorted(entry.events), otherOpen: other))
        }
        if let service = settings.service, !night.events.isEmpty || !night.expiredWaivers.isEmpty {
            out.append(Digest(recipient: service, role: .service, events: [], summary: summary(night, unrouted: unrouted)))
        }
        return out
    }

    static func sorted(_ events: [AlertEvent]) -> [AlertEvent] {
        events.sorted { (section($0), $0.key) < (section($1), $1.key) }
    }

    /// The section a line goes in: overdue, data to fix, due soon, newly breached, resolved.
    public static func section(_ e: AlertEvent) -> Int {
        switch e.kind {
        case .resolved: return 4
        case .breached: return 3
        default: return e.status == .invalid ? 1 : e.rag == .red ? 0 : 2
        }
    }

    static func summary(_ night: AlertNight, unrouted: [AlertEvent]) -> ServiceSummary {
        var s = ServiceSummary()
        var rules: [String: (Int, Int)] = [:]
        var teams: [String: (Int, Int)] = [:]
        for r in night.open {
            let red = r.rag == .red ? 1 : 0
            rules[r.key.rule, default: (0, 0)].0 += red
            rules[r.key.rule, default: (0, 0)].1 += 1 - red
            let team = r.team ?? "(no team)"
            teams[team, default: (0, 0)].0 += red
            teams[team, default: (0, 0)].1 += 1 - red
        }
        s.byRule = rules.map { ServiceSummary.Row(name: $0.key, red: $0.value.0, amber: $0.value.1) }.sorted { $0.name < $1.name }
        s.byTeam = teams.map { ServiceSummary.Row(name: $0.key, red: $0.value.0, amber: $0.value.1) }.sorted { $0.name < $1.name }
        for e in night.events {
            switch e.kind {
            case .breached: s.newBreaches += 1
            case .new: s.newAlerts += 1
            case .escalated: s.escalated += 1
            case .resolved: s.resolved += 1
            case .repeated: break
            }
        }
        s.unrouted = unrouted
        s.removableWaivers = night.removableWaivers
        s.expiredWaivers = night.expiredWaivers
        return s
    }
}
