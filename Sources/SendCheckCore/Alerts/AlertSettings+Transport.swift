/// `alerts.transport`: exactly one of `smtp`, `notify`, `sendmail` or `outbox`, with its keys.
extension AlertSettings {
    /// One transport: `smtp: URL` (with `username`, `auth`, a password or token source, `ca_file`,
    /// timeouts and limits), `notify:` (an API key source, a template, a timeout and limits),
    /// `sendmail: PATH` (a timeout and limits) or `outbox: FOLDER`.
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
        case "smtp": return smtp(m, node, &diagnostics).map { .smtp($0) }
        case "notify": return notify(m, &diagnostics).map { .notify($0) }
        default:
            let allowed = kind == "sendmail" ? ["sendmail", "timeout"] + limitKeys : [kind]
            let r = MappingReader(m, context: "'alerts.transport'", allowed: allowed, diagnostics: &diagnostics)
            guard let s = m[kind]?.scalar, !s.isNull, !s.text.trimmingSpaces.isEmpty else {
                diagnostics.error(m[kind]?.location ?? node.location, "'\(kind)' in 'alerts.transport' must be a path")
                return nil
            }
            guard kind == "sendmail" else { return .outbox(folder: s.text) }
            var settings = SendmailSettings(path: s.text)
            if let t = seconds(r, "timeout", &diagnostics) { settings.timeout = t }
            settings.limits = limits(r, &diagnostics)
            return .sendmail(settings)
        }
    }

    private static func smtp(_ m: YAMLMapping, _ node: YAMLNode, _ diagnostics: inout Diagnostics) -> SMTPSettings? {
        let secretKeys = ["password_env", "password_file", "password_command", "token_env", "token_file", "token_command"]
        let timeouts = ["connect_timeout", "reply_timeout", "message_timeout"]
        let r = MappingReader(
            m, context: "'alerts.transport'", allowed: ["smtp", "username", "auth"] + secretKeys + ["ca_file", "helo"] + timeouts + limitKeys,
            diagnostics: &diagnostics)
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
        if let t = seconds(r, "message_timeout", &diagnostics, upTo: 3600) { settings.messageTimeout = t }
        if let h = r.string("helo", diagnostics: &diagnostics) { settings.helo = h }
        settings.limits = limits(r, &diagnostics)
        return settings
    }

    private static func notify(_ m: YAMLMapping, _ diagnostics: inout Diagnostics) -> NotifySettings? {
        guard let nm = MappingReader.expectMapping(m["notify"]!, "'alerts.transport.notify'", diagnostics: &diagnostics) else { return nil }
        _ = MappingReader(m, context: "'alerts.transport'", allowed: ["notify"], diagnostics: &diagnostics)
        let r = MappingReader(
            nm, context: "'alerts.transport.notify'",
            allowed: ["api_key_env", "api_key_file", "api_key_command", "template", "base_url", "timeout"] + limitKeys,
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
        settings.limits = limits(r, &diagnostics)
        return settings
    }

    /// The keys of `DeliveryLimits`, taken by every transport but the outbox.
    static let limitKeys = ["run_timeout", "max_failures"]

    /// `run_timeout` (seconds, up to a day) and `max_failures` (1 to 1000), each defaulted.
    static func limits(_ r: MappingReader, _ diagnostics: inout Diagnostics) -> DeliveryLimits {
        var limits = DeliveryLimits()
        if let t = seconds(r, "run_timeout", &diagnostics, upTo: 86_400) { limits.runSeconds = t }
        if let (n, at) = r.int("max_failures", diagnostics: &diagnostics) {
            if (1...1000).contains(n) {
                limits.failuresInARow = n
            } else {
                diagnostics.error(at, "'max_failures' must be from 1 to 1000, not \(n)")
            }
        }
        return limits
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

    static func seconds(_ r: MappingReader, _ key: String, _ diagnostics: inout Diagnostics, upTo most: Int = 600) -> Int? {
        guard let (n, at) = r.int(key, diagnostics: &diagnostics) else { return nil }
        guard (1...most).contains(n) else {
            diagnostics.error(at, "'\(key)' must be from 1 to \(most) seconds, not \(n)")
            return nil
        }
        return n
    }
}
