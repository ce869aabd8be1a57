extension AlertSettings {
    /// The alert job's safeguards and choices beyond who is told: how many alerts one night may
    /// resolve as gone, how long a digest may wait, whether excepted clocks are repeated, which domains
    /// may receive mail, and how long a waiver may last.
    public struct Policy: Sendable, Equatable {
        /// The largest share of the open alerts one night may resolve as gone from the data (0.05: 5%);
        /// a night that would resolve more stops before recording anything (`--accept-gone` confirms it).
        public var maxGone = 0.05
        /// A digest still not accepted after this many days is dropped, with a note to the head of service.
        public var expireDays = 7
        /// Whether an open excepted clock (late, with a recorded exception) is repeated like the others.
        public var repeatExcepted = false
        /// Domains a recipient's address must be in (or under); empty: any domain.
        public var allowedDomains: [String] = []
        /// How far ahead of the as-of date a waiver may end, in months.
        public var longestWaiverMonths = 12

        public init() {}

        static let keys = ["max_gone", "expire", "repeat_excepted", "allowed_domains", "max_waiver"]
    }

    /// Reads the policy's keys of `alerts:` (`max_gone: 5%`, `expire: 7 days`, `repeat_excepted`,
    /// `allowed_domains`, `max_waiver: 12 months`), with located errors.
    static func policy(_ r: MappingReader, diagnostics: inout Diagnostics) -> Policy {
        var p = Policy()
        if let s = r.scalar("max_gone", diagnostics: &diagnostics) {
            let text = s.text.trimmingSpaces
            if text.hasSuffix("%"), let n = Double(String(text.dropLast()).trimmingSpaces), (0...100).contains(n) {
                p.maxGone = n / 100
            } else {
                diagnostics.error(
                    s.location, "'max_gone' in 'alerts' must be a share of the open alerts such as '5%', not '\(Escaping.shown(s.text, limit: 40))'")
            }
        }
        if let s = r.scalar("expire", diagnostics: &diagnostics) {
            if let d = Duration.parse(s.text), d.unit == .days || d.unit == .weeks, d.amount > 0, d.amount <= 1000 {
                p.expireDays = d.unit == .weeks ? 7 * d.amount : d.amount
            } else {
                diagnostics.error(
                    s.location, "'expire' in 'alerts' must be a number of days or weeks such as '7 days', not '\(Escaping.shown(s.text, limit: 40))'")
            }
        }
        if let b = r.bool("repeat_excepted", diagnostics: &diagnostics) { p.repeatExcepted = b }
        for s in r.scalarList("allowed_domains", diagnostics: &diagnostics) ?? [] {
            let domain = s.text.trimmingSpaces.lowercased()
            let parts = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }), MailAddress.isSendable("x@" + domain) else {
                diagnostics.error(
                    s.location, "each of 'allowed_domains' must be a mail domain such as example.gov.uk, not '\(Escaping.shown(s.text, limit: 80))'")
                continue
            }
            p.allowedDomains.append(domain)
        }
        if let s = r.scalar("max_waiver", diagnostics: &diagnostics) {
            if let d = Duration.parse(s.text), d.unit == .months || d.unit == .years, d.amount > 0, d.amount <= 100 * (d.unit == .years ? 1 : 12) {
                p.longestWaiverMonths = d.unit == .years ? 12 * d.amount : d.amount
            } else {
                diagnostics.error(
                    s.location,
                    "'max_waiver' in 'alerts' must be a number of months or years such as '12 months', not '\(Escaping.shown(s.text, limit: 40))'")
            }
        }
        return p
    }

    /// Errors for configured recipients (team managers, caseworkers, the head of service) outside
    /// `allowed_domains`, at their values.
    static func checkDomains(_ settings: AlertSettings, _ m: YAMLMapping, diagnostics: inout Diagnostics) {
        guard !settings.policy.allowedDomains.isEmpty else { return }
        var values: [YAMLScalar] = []
        if let s = m["service"]?.scalar { values.append(s) }
        for key in ["teams", "caseworkers"] {
            values += m[key]?.mapping?.entries.compactMap(\.1.scalar) ?? []
        }
        for s in values where !s.isNull && !settings.isAllowed(s.text.trimmingSpaces) {
            diagnostics.error(
                s.location,
                "'\(Escaping.shown(s.text, limit: 80))' is outside 'allowed_domains' (\(settings.policy.allowedDomains.joined(separator: ", "))): nothing would be sent to it"
            )
        }
    }

    /// Whether mail may go to `address`: its domain is one of `allowed_domains` or under one (any
    /// domain when none is configured).
    public func isAllowed(_ address: String) -> Bool {
        guard !policy.allowedDomains.isEmpty else { return true }
        let domain = address.split(separator: "@").last.map { $0.lowercased() } ?? ""
        return policy.allowedDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }

    /// Where a caseworker's digest goes: the address under `caseworkers` for a code, else the cell
    /// itself when it holds an address; or why it cannot go anywhere (then the team's manager hears).
    public func route(ofCaseworker cell: String?) -> CaseworkerRoute {
        guard let cell, !cell.isEmpty else { return .unroutable(.noAddress) }
        let address: String
        if let mapped = caseworkers[cell] {
            address = mapped
        } else if cell.contains("@") {
            address = cell
        } else {
            return .unroutable(.noAddress)
        }
        guard MailAddress.isSendable(address) else { return .unroutable(.notSendable) }
        return isAllowed(address) ? .address(address) : .unroutable(.outsideDomains)
    }
}

/// Where a caseworker's digest goes, or why it cannot go there.
public enum CaseworkerRoute: Sendable, Equatable {
    case address(String)
    case unroutable(Problem)

    /// Why a case's caseworker cannot be sent its changes.
    public enum Problem: String, Sendable, Equatable {
        /// No caseworker, or a code `alerts.caseworkers` does not map.
        case noAddress = "no_address"
        /// An address mail cannot be sent to (not ASCII, a space, two `@`).
        case notSendable = "not_sendable"
        /// An address outside `alerts.allowed_domains`.
        case outsideDomains = "outside_domains"

        /// For digests: "no address".
        public var words: String {
            switch self {
            case .noAddress: return "no address"
            case .notSendable: return "an address mail cannot be sent to"
            case .outsideDomains: return "an address outside the allowed domains"
            }
        }
    }
}
