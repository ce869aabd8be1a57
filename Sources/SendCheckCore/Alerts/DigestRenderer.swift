/// Turns a digest into its subject, text and HTML. Each line names the case reference and the rule
/// id, and nothing else about the child: no name, no date of birth, no other cell of the data.
public struct DigestRenderer: Sendable {
    public struct Rendered: Sendable, Equatable {
        public var subject: String
        public var text: String
        public var html: String

        public init(subject: String, text: String, html: String) {
            self.subject = subject
            self.text = text
            self.html = html
        }
    }

    let rules: [String: Rule]
    let asOf: Day
    /// At most this many lines per section; the rest are counted.
    public var listed = 200

    public init(rules: [Rule], asOf: Day) {
        self.rules = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.asOf = asOf
    }

    static let sectionTitles = ["Overdue", "Data to fix", "Due soon", "Completed late since the last run", "Resolved"]

    public func render(_ d: Digest) -> Rendered {
        Rendered(subject: subject(d), text: text(d), html: html(d))
    }

    /// What is inside: `3 overdue, 2 due this week, 1 resolved`.
    public func subject(_ d: Digest) -> String {
        var parts: [String] = []
        if let s = d.summary {
            let red = s.byRule.reduce(0) { $0 + $1.red }
            let amber = s.byRule.reduce(0) { $0 + $1.amber }
            parts.append("\(red) overdue, \(amber) due soon open")
            if s.newAlerts > 0 { parts.append("\(s.newAlerts) new") }
            if s.newBreaches > 0 { parts.append("\(s.newBreaches) completed late") }
            if s.resolved > 0 { parts.append("\(s.resolved) resolved") }
            return "SEND deadlines, service summary: " + parts.joined(separator: ", ")
        }
        let overdue = d.events.filter { AlertRouting.section($0) == 0 }.count
        let toFix = d.events.filter { AlertRouting.section($0) == 1 }.count
        let soon = d.events.filter { AlertRouting.section($0) == 2 }
        let thisWeek = soon.filter { ($0.due.map { asOf.days(to: $0) } ?? 99) <= 7 }.count
        let late = d.events.filter { $0.kind == .breached }.count
        let resolved = d.events.filter { $0.kind == .resolved }.count
        if overdue > 0 { parts.append("\(overdue) overdue") }
        if toFix > 0 { parts.append("\(toFix) data to fix") }
        if thisWeek > 0 { parts.append("\(thisWeek) due this week") }
        if soon.count > thisWeek { parts.append("\(soon.count - thisWeek) due soon") }
        if late > 0 { parts.append("\(late) completed late") }
        if resolved > 0 { parts.append("\(resolved) resolved") }
        if case .manager(let team) = d.role { return "SEND deadlines, \(team): " + parts.joined(separator: ", ") }
        return "SEND deadlines: " + parts.joined(separator: ", ")
    }

    /// One line's words: `overdue since 2026-09-22 (69 days late), new`.
    func what(_ e: AlertEvent) -> String {
        let late = e.daysLate(asOf: asOf).map { " (\($0) day\($0 == 1 ? "" : "s") late)" } ?? ""
        switch e.kind {
        case .resolved:
            return (e.resolution?.words ?? "resolved") + (e.due.map { ", was due \($0.iso)" } ?? "")
        case .breached:
            return "completed \(e.completed?.iso ?? "?") after its due date \(e.due?.iso ?? "?")\(late)"
        default:
            let state: String
            switch e.status {
            case .overdue: state = "overdue since \(e.due?.adding(days: 1).iso ?? "?")\(late)"
            case .dueSoon: state = "due \(e.due.map(DayFormat.long) ?? "?")"
            case .invalid: state = "data to fix: " + (e.dataToFix ?? "a value in the data cannot be read")
            default: state = "\(e.status.rawValue.replacingUnderscores)\(e.due.map { ", due \($0.iso)" } ?? "")"
            }
            let tag: String
            switch e.kind {
            case .new: tag = e.expiredWaiver.map { "new: waiver ended \($0.until.iso)" } ?? "new"
            case .escalated: tag = "now overdue"
            default: tag = "reminder"
            }
            return "\(state) [\(tag)]"
        }
    }

    func about(_ e: AlertEvent) -> String {
        guard let r = rules[e.key.rule] else { return "" }
        return "\(r.message) - \(r.citation)"
    }

    func sections(_ d: Digest) -> [(title: String, events: [AlertEvent])] {
        Self.sectionTitles.indices.compactMap { i in
            let list = d.events.filter { AlertRouting.section($0) == i }
            return list.isEmpty ? nil : (Self.sectionTitles[i], list)
        }
    }

    func intro(_ d: Digest) -> String {
        switch d.role {
        case .caseworker: return "Your cases with a statutory deadline to act on, as of \(DayFormat.long(asOf))."
        case .manager(let team):
            return "Team \(team): overdue cases, escalations and cases with no caseworker address, as of \(DayFormat.long(asOf))."
        case .service: return "The service's open alerts and tonight's changes, as of \(DayFormat.long(asOf))."
        }
    }

    static let footer = """
        Cases are shown by reference only. `sendcheck explain CASE` tells a case's story; a waiver \
        (docs/alerts.md) silences a case and rule with a reason, an owner and an end date.
        """

    public func text(_ d: Digest) -> String {
        var out = intro(d) + "\n"
        for (title, events) in sections(d) {
            out += "\n\(title) (\(events.count))\n"
            for e in events.prefix(listed) {
                out += "  \(Escaping.shown(e.key.subject, limit: 64))  \(e.key.rule)  \(what(e))\n"
                let about = about(e)
                if !about.isEmpty { out += "      \(about)\n" }
            }
            if events.count > listed { out += "  ... and \(events.count - listed) more\n" }
        }
        if d.otherOpen.amber + d.otherOpen.red > 0 {
            out += "\nAlso open in the team, not listed: \(d.otherOpen.red) overdue, \(d.otherOpen.amber) due soon.\n"
        }
        if let s = d.summary { out += summaryText(s) }
        return out + "\n" + Self.footer + "\n"
    }

    func summaryText(_ s: ServiceSummary) -> String {
        var out = "\nTonight: \(s.newAlerts) new, \(s.escalated) now overdue, \(s.newBreaches) completed late, \(s.resolved) resolved.\n"
        func table(_ title: String, _ rows: [ServiceSummary.Row]) {
            out += "\n\(title)\n"
            let width = max(4, rows.map(\.name.count).max() ?? 0)
            for r in rows {
                out += "  \(r.name + String(repeating: " ", count: max(0, width - r.name.count)))  \(r.red) overdue, \(r.amber) due soon\n"
            }
            if rows.isEmpty { out += "  none\n" }
        }
        table("Open by rule", s.byRule)
        table("Open by team", s.byTeam)
        if !s.unrouted.isEmpty {
            out += "\nNo caseworker address or team manager, so nobody else was told (\(s.unrouted.count)):\n"
            for e in s.unrouted.prefix(listed) { out += "  \(Escaping.shown(e.key.subject, limit: 64))  \(e.key.rule)  \(what(e))\n" }
            if s.unrouted.count > listed { out += "  ... and \(s.unrouted.count - listed) more\n" }
        }
        for w in s.expiredWaivers { out += "\nWaiver ended \(w.until.iso) (\(w.at)): \(w.subject) \(w.rule) alerts again.\n" }
        if !s.removableWaivers.isEmpty {
            out += "\nWaivers that can be removed (their finding is no longer due or overdue):\n"
            for w in s.removableWaivers { out += "  \(w.subject)  \(w.rule)  (\(w.at))\n" }
        }
        return out
    }

    public func html(_ d: Digest) -> String {
        let e = XMLText.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(subject(d)))</title></head>
            <body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 48rem;">
            <p>\(e(intro(d)))</p>

            """
        for (title, events) in sections(d) {
            out += "<h2 style=\"font-size: 1.1rem;\">\(e(title)) (\(events.count))</h2>\n"
            out += "<table style=\"border-collapse: collapse;\" cellpadding=\"4\">\n"
            out +=
                "<tr><th scope=\"col\" align=\"left\">Case</th><th scope=\"col\" align=\"left\">Rule</th><th scope=\"col\" align=\"left\">What</th></tr>\n"
            for ev in events.prefix(listed) {
                out +=
                    "<tr><td style=\"white-space: nowrap;\">\(e(ev.key.subject))</td><td style=\"white-space: nowrap;\">\(e(ev.key.rule))</td><td>\(e(what(ev)))<br><small>\(e(about(ev)))</small></td></tr>\n"
            }
            out += "</table>\n"
            if events.count > listed { out += "<p>... and \(events.count - listed) more</p>\n" }
        }
        if d.otherOpen.amber + d.otherOpen.red > 0 {
            out += "<p>Also open in the team, not listed: \(d.otherOpen.red) overdue, \(d.otherOpen.amber) due soon.</p>\n"
        }
        if let s = d.summary { out += summaryHTML(s) }
        return out + "<p><small>\(e(Self.footer))</small></p>\n</body></html>\n"
    }

    func summaryHTML(_ s: ServiceSummary) -> String {
        let e = XMLText.escape
        var out = "<p>Tonight: \(s.newAlerts) new, \(s.escalated) now overdue, \(s.newBreaches) completed late, \(s.resolved) resolved.</p>\n"
        func table(_ title: String, _ rows: [ServiceSummary.Row]) {
            out += "<h2 style=\"font-size: 1.1rem;\">\(e(title))</h2>\n<table style=\"border-collapse: collapse;\" cellpadding=\"4\">\n"
            out +=
                "<tr><th scope=\"col\" align=\"left\">Name</th><th scope=\"col\" align=\"right\">Overdue</th><th scope=\"col\" align=\"right\">Due soon</th></tr>\n"
            for r in rows { out += "<tr><td>\(e(r.name))</td><td align=\"right\">\(r.red)</td><td align=\"right\">\(r.amber)</td></tr>\n" }
            if rows.isEmpty { out += "<tr><td colspan=\"3\">None.</td></tr>\n" }
            out += "</table>\n"
        }
        table("Open by rule", s.byRule)
        table("Open by team", s.byTeam)
        if !s.unrouted.isEmpty {
            out += "<h2 style=\"font-size: 1.1rem;\">No caseworker address or team manager (\(s.unrouted.count))</h2>\n<ul>\n"
            for ev in s.unrouted.prefix(listed) { out += "<li>\(e(ev.key.subject)) \(e(ev.key.rule)): \(e(what(ev)))</li>\n" }
            out += "</ul>\n"
            if s.unrouted.count > listed { out += "<p>... and \(s.unrouted.count - listed) more</p>\n" }
        }
        if !s.expiredWaivers.isEmpty || !s.removableWaivers.isEmpty {
            out += "<h2 style=\"font-size: 1.1rem;\">Waivers</h2>\n<ul>\n"
            for w in s.expiredWaivers {
                out += "<li>Ended \(w.until.iso): \(e(w.subject)) \(e(w.rule)) alerts again (\(e(w.at.description))).</li>\n"
            }
            for w in s.removableWaivers {
                out += "<li>Can be removed: \(e(w.subject)) \(e(w.rule)) is no longer due or overdue (\(e(w.at.description))).</li>\n"
            }
            out += "</ul>\n"
        }
        return out
    }
}
