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

    /// One transport: `smtp: URL` (with `username`, `auth`, a password or token source, `ca_file`,
    /// timeouts), `notify:` (an API key source and a template), `sendmail: PATH` or `outbox: FOLDER`.
    static func transport(_ node: YAMLNode, _ diagnostics: inout Diagnostics) -> TransportSettings? {
        guard let m = MappingReader.expectMapping(node, "'alerts.transport'", diagnostics: &diagnostics) else { return nil }
        let kinds = ["smtp", "notify", "sendmail", "outbox"]
        let named = m.entries.map(\.0.text).filter(kinds.contains)
        guard named.count == 1, let kind = named.first else {
            diagnostics.error(
                node.location,
                "'alerts.transport' must name exactly one of smtp, notify, sendmail or outbox"
                    + (named.isEmpty ? "" : ", not \(named.joined(separator: " and "))"))
            return nil
        }
        switch kind {
        case "smtp":
            let r = MappingReader(
                m, context: "'alerts.transport'",
                allowed: [
                    "smtp", "username", "auth", "password_env", "password_file", "password_command", "token_env", "token_file", "token_command",
                    "ca_file",
                    "connect_timeout", "reply_timeout", "helo",
                ], diagnostics: &diagnostics)
            guard let url = r.scalar("smtp", diagnostics: &diagnostics) else { return nil }
            var settings: SMTPSettings
            switch SMTPSettings.parse(url: url.text) {
            case .success(let s): settings = s
            case .failure(let e):
                diagnostics.error(url.location, e.message)
                return nil
            }
            if let u = r.string("username", diagnostics: &diagnostics) { settings.username = u }
            settings.mechanism = r.choice("auth", SMTPAuthMechanism.allCases.map { ($0.rawValue.lowercased(), $0) }, diagnostics: &diagnostics)
            let sources = secretSources(r, ["password", "token"], &diagnostics)
            if sources.count > 1 {
                diagnostics.error(node.location, "'alerts.transport' gives more than one password or token: keep one")
            }
            settings.secret = sources.first?.source
            if let first = sources.first, first.word == "token", settings.mechanism == nil { settings.mechanism = .xoauth2 }
            if settings.mechanism == .xoauth2, let first = sources.first, first.word != "token" {
                diagnostics.error(first.at, "XOAUTH2 takes an OAuth token: use token_env, token_file or token_command")
            }
            if settings.secret != nil, settings.username == nil {
                diagnostics.error(node.location, "'alerts.transport' gives a password or token but no 'username'")
            }
            settings.caFile = r.string("ca_file", diagnostics: &diagnostics)
            if let t = seconds(r, "connect_timeout", &diagnostics) { settings.connectTimeout = t }
            if let t = seconds(r, "reply_timeout", &diagnostics) { settings.replyTimeout = t }
            if let h = r.string("helo", diagnostics: &diagnostics) { settings.helo = h }
            return .smtp(settings)
        case "notify":
            guard let nm = MappingReader.expectMapping(m["notify"]!, "'alerts.transport.notify'", diagnostics: &diagnostics) else { return nil }
            _ = MappingReader(m, context: "'alerts.transport'", allowed: ["notify"], diagnostics: &diagnostics)
            let r = MappingReader(
                nm, context: "'alerts.transport.notify'",
                allowed: ["api_key_env", "api_key_file", "api_key_command", "template", "base_url", "timeout"],
                required: ["template"], diagnostics: &diagnostics)
            let sources = secretSources(r, ["api_key"], &diagnostics)
            guard sources.count == 1, let key = sources.first?.source else {
                diagnostics.error(nm.location, "'alerts.transport.notify' needs one of api_key_env, api_key_file or api_key_command")
                return nil
            }
            guard let template = r.string("template", diagnostics: &diagnostics) else { return nil }
            var settings = NotifySettings(apiKey: key, templateID: template)
            if let b = r.scalar("base_url", diagnostics: &diagnostics) {
                guard b.text.hasPrefix("https://") || b.text.hasPrefix("http://127.0.0.1") || b.text.hasPrefix("http://localhost") else {
                    diagnostics.error(b.location, "'base_url' must be an https:// address (plain http only to this machine, for tests)")
                    return nil
                }
                settings.baseURL = b.text.hasSuffix("/") ? String(b.text.dropLast()) : b.text
            }
            if let t = seconds(r, "timeout", &diagnostics) { settings.timeout = t }
            return .notify(settings)
        default:
            _ = MappingReader(m, context: "'alerts.transport'", allowed: [kind], diagnostics: &diagnostics)
            guard let s = m[kind]?.scalar, !s.isNull, !s.text.trimmingSpaces.isEmpty else {
                diagnostics.error(m[kind]?.location ?? node.location, "'\(kind)' in 'alerts.transport' must be a path")
                return nil
            }
            return kind == "sendmail" ? .sendmail(path: s.text) : .outbox(folder: s.text)
        }
    }

    /// `<word>_env`, `<word>_file` and `<word>_command` keys, in that order.
    static func secretSources(_ r: MappingReader, _ words: [String], _ diagnostics: inout Diagnostics) -> [(
        word: String, source: SecretSource, at: SourceLocation
    )] {
        var out: [(String, SecretSource, SourceLocation)] = []
        for word in words {
            if let s = r.string("\(word)_env", diagnostics: &diagnostics) { out.append((word, .environment(s), r["\(word)_env"]!.location)) }
            if let s = r.string("\(word)_file", diagnostics: &diagnostics) { out.append((word, .file(s), r["\(word)_file"]!.location)) }
            if let s = r.string("\(word)_command", diagnostics: &diagnostics) { out.append((word, .command(s), r["\(word)_command"]!.location)) }
        }
        return out
    }

    static func seconds(_ r: MappingReader, _ key: String, _ diagnostics: inout Diagnostics) -> Int? {
        guard let (n, at) = r.int(key, diagnostics: &diagnostics) else { return nil }
        guard (1...600).contains(n) else {
            diagnostics.error(at, "'\(key)' must be from 1 to 600 seconds, not \(n)")
            return nil
        }
        return n
    }

    /// An email address: one `@`, no spaces, angle brackets or line breaks (header injection).
    /// Where a caseworker's digest goes: the cell itself when it is an address, else its address
    /// under `caseworkers`.
    public func address(ofCaseworker cell: String?) -> String? {
        guard let cell else { return nil }
        return Self.isAddress(cell) ? cell : caseworkers[cell]
    }

    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254 else { return false }
        return !text.unicodeScalars.contains { $0.value <= 32 || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0.value == 127 }
    }

    static func address(_ s: YAMLScalar, _ what: String, _ diagnostics: inout Diagnostics) -> String? {
        let text = s.text.trimmingSpaces
        guard isAddress(text) else {
            diagnostics.error(
                s.location, "\(what) must be one email address such as send-team@example.gov.uk, not '\(Escaping.shown(s.text, limit: 80))'")
            return nil
        }
        return text
    }
}
