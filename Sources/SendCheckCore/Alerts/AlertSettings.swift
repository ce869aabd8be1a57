/// `alerts:` in `sendcheck.yaml`: who gets the nightly digests, how they are sent and where the
/// job keeps its state (`docs/alerts.md`).
public struct AlertSettings: Sendable, Equatable {
    /// The sender's address.
    public var from: String
    /// The SQLite state file, relative to the configuration's folder.
    public var state: String?
    public var transport: TransportSettings?
    /// Team name (as in the data's `team` column) to the manager's address.
    public var teams: [String: String] = [:]
    /// Caseworker code (as in the data's `caseworker` column) to an address, for exports that
    /// record a code rather than an address.
    public var caseworkers: [String: String] = [:]
    /// The head of service's address, for the service summary.
    public var service: String?
    /// How long an open alert stays quiet before it is repeated.
    public var repeatDays: Int = 7
    /// The least RAG at which each role hears of a case.
    public var ladder = Ladder()
    /// Waiver files, relative to the configuration's folder.
    public var waivers: [String] = []
    /// The job's safeguards and choices: `max_gone`, `expire`, `repeat_excepted`, `allowed_domains`, `max_waiver`.
    public var policy = Policy()

    /// The escalation ladder: caseworkers hear from amber (due soon) and managers from red
    /// (overdue) by default; the head of service gets the summary either way.
    public struct Ladder: Sendable, Equatable {
        public var caseworker: RAG = .amber
        public var manager: RAG = .red
        public init() {}
    }

    public init(from: String) { self.from = from }

    static let keys = ["from", "state", "transport", "teams", "caseworkers", "service", "repeat", "escalation", "waivers"] + Policy.keys

    /// Reads `alerts:`; nil (with located diagnostics) when it cannot be used.
    public static func parse(_ node: YAMLNode, diagnostics: inout Diagnostics) -> AlertSettings? {
        guard let m = MappingReader.expectMapping(node, "'alerts'", diagnostics: &diagnostics) else { return nil }
        let before = diagnostics.errorCount
        let r = MappingReader(m, context: "'alerts'", allowed: keys, required: ["from"], diagnostics: &diagnostics)
        var out = AlertSettings(from: "")
        if let s = r.scalar("from", diagnostics: &diagnostics) { out.from = address(s, "'from'", &diagnostics) ?? "" }
        out.state = r.string("state", diagnostics: &diagnostics)
        if let s = r.scalar("service", diagnostics: &diagnostics) { out.service = address(s, "'service'", &diagnostics) }
        if let node = r["teams"], let tm = MappingReader.expectMapping(node, "'alerts.teams'", diagnostics: &diagnostics) {
            for (team, value) in tm.entries {
                guard let s = value.scalar, !s.isNull else {
                    diagnostics.error(value.location, "the manager of team '\(team.text)' must be one email address")
                    continue
                }
                if let a = address(s, "the manager of team '\(team.text)'", &diagnostics) { out.teams[team.text.trimmingSpaces] = a }
            }
        }
        if let node = r["caseworkers"], let cm = MappingReader.expectMapping(node, "'alerts.caseworkers'", diagnostics: &diagnostics) {
            for (code, value) in cm.entries {
                guard let s = value.scalar, !s.isNull else {
                    diagnostics.error(value.location, "caseworker '\(code.text)' must map to one email address")
                    continue
                }
                if let a = address(s, "caseworker '\(code.text)'", &diagnostics) { out.caseworkers[code.text.trimmingSpaces] = a }
            }
        }
        if let s = r.scalar("repeat", diagnostics: &diagnostics) {
            if let d = Duration.parse(s.text), d.unit == .days || d.unit == .weeks, d.amount > 0 {
                out.repeatDays = d.unit == .weeks ? 7 * d.amount : d.amount
            } else {
                diagnostics.error(s.location, "'repeat' in 'alerts' must be a number of days or weeks such as '7 days' or '2 weeks', not '\(s.text)'")
            }
        }
        if let node = r["escalation"], let em = MappingReader.expectMapping(node, "'alerts.escalation'", diagnostics: &diagnostics) {
            let e = MappingReader(em, context: "'alerts.escalation'", allowed: ["caseworker", "manager"], diagnostics: &diagnostics)
            let levels: [(String, RAG)] = [("amber", .amber), ("red", .red)]
            if let v = e.choice("caseworker", levels, diagnostics: &diagnostics) { out.ladder.caseworker = v }
            if let v = e.choice("manager", levels, diagnostics: &diagnostics) { out.ladder.manager = v }
        }
        out.waivers = (r.scalarList("waivers", diagnostics: &diagnostics) ?? []).map(\.text)
        if let node = r["transport"] { out.transport = transport(node, &diagnostics) }
        out.policy = policy(r, diagnostics: &diagnostics)
        checkDomains(out, m, diagnostics: &diagnostics)
        return diagnostics.errorCount == before ? out : nil
    }

    /// Where a caseworker's digest goes: the cell itself when it is an address, else its address
    /// under `caseworkers`.
    public func address(ofCaseworker cell: String?) -> String? {
        guard let cell else { return nil }
        return Self.isAddress(cell) ? cell : caseworkers[cell]
    }

    /// An address sendcheck can send to: `MailAddress.isSendable`, the rule the SMTP transport keeps.
    public static func isAddress(_ text: String) -> Bool { MailAddress.isSendable(text) }

    /// The address in `s`, or a located error saying why it is not one sendcheck can send to.
    static func address(_ s: YAMLScalar, _ what: String, _ diagnostics: inout Diagnostics) -> String? {
        let text = s.text.trimmingSpaces
        if let problem = MailAddress.problem(text) {
            diagnostics.error(
                s.location,
                "\(what) must be one email address such as send-team@example.gov.uk, not '\(Escaping.shown(s.text, limit: 80))': it \(problem)")
            return nil
        }
        return text
    }
}
