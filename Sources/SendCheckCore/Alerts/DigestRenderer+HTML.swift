extension DigestRenderer {
    public func html(_ d: Digest) -> String {
        let e = XMLText.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(subject(d)))</title></head>
            <body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 48rem;">
            <p>\(e(intro(d)))</p>

            """
        let manager = Self.isManager(d)
        for (title, events) in sections(d) {
            out += "<h2 style=\"font-size: 1.1rem;\">\(e(title)) (\(events.count))</h2>\n"
            out += "<table style=\"border-collapse: collapse;\" cellpadding=\"4\">\n<tr>"
            for heading in ["Case", "Rule"] + (manager ? ["Caseworker"] : []) + ["What"] {
                out += "<th scope=\"col\" align=\"left\">\(heading)</th>"
            }
            out += "</tr>\n"
            for ev in events.prefix(listed) {
                out += "<tr><td style=\"white-space: nowrap;\">\(e(ev.key.subject))</td><td style=\"white-space: nowrap;\">\(e(ev.key.rule))</td>"
                if manager { out += "<td>\(e(caseworker(ev)))</td>" }
                out += "<td>\(e(what(ev)))<br><small>\(e(about(ev)))</small></td></tr>\n"
            }
            out += "</table>\n" + moreHTML(events.count)
        }
        if d.otherOpen.total > 0 { out += "<p>Also open in the team, not listed: \(d.otherOpen.words).</p>\n" }
        if let s = d.summary { out += summaryHTML(s) }
        return out + "<p><small>\(e(Self.footer))</small></p>\n</body></html>\n"
    }

    func moreHTML(_ count: Int) -> String { count > listed ? "<p>... and \(count - listed) more</p>\n" : "" }

    func summaryHTML(_ s: ServiceSummary) -> String {
        let e = XMLText.escape
        var out = "<p>\(e(tonight(s)))</p>\n"
        out += tableHTML("Open by rule", ruleRows(s.byRule), other: s.otherRules, noun: "rule")
        out += tableHTML("Open by team", s.byTeam, other: s.otherTeams, noun: "team")
        func list<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out += "<h2 style=\"font-size: 1.1rem;\">\(e(title)) (\(items.count))</h2>\n<ul>\n"
            for item in items.prefix(listed) { out += "<li>\(e(line(item)))</li>\n" }
            out += "</ul>\n" + moreHTML(items.count)
        }
        list(ServiceTitle.unroutable, s.unroutable) { "\($0.key.subject) \($0.key.rule): \(whose($0))" }
        list(ServiceTitle.unrouted, s.unrouted) { "\($0.key.subject) \($0.key.rule): \(what($0)); \(whose($0))" }
        list(ServiceTitle.held, s.held) { "\($0.key.subject) \($0.key.rule)" }
        if let undecided = undecided(s) { out += "<p>\(e(undecided))</p>\n" }
        list(ServiceTitle.dropped, s.dropped) { dropped($0) }
        let waivers =
            s.expiredWaivers.map { "Ended \(DayFormat.long($0.until)): \(Self.label($0.subject)) \(Self.label($0.rule)) alerts again (\($0.at))." }
            + s.removableWaivers.map {
                "Can be removed: \(Self.label($0.subject)) \(Self.label($0.rule)) is no longer due or overdue (\($0.at))."
            }
        list("Waivers", waivers) { $0 }
        return out
    }

    func tableHTML(_ title: String, _ rows: [ServiceSummary.Row], other: (rows: Int, open: OpenCounts), noun: String) -> String {
        let e = XMLText.escape
        var out = "<h2 style=\"font-size: 1.1rem;\">\(e(title))</h2>\n<table style=\"border-collapse: collapse;\" cellpadding=\"4\">\n<tr>"
        for (heading, align) in [("Name", "left"), ("Overdue", "right"), ("Due soon", "right"), ("Excepted", "right"), ("Data to fix", "right")] {
            out += "<th scope=\"col\" align=\"\(align)\">\(heading)</th>"
        }
        out += "</tr>\n"
        func row(_ name: String, _ c: OpenCounts) {
            out += "<tr><td>\(e(name))</td>"
            for n in [c.overdue, c.dueSoon, c.excepted, c.toFix] { out += "<td align=\"right\">\(n)</td>" }
            out += "</tr>\n"
        }
        for r in rows { row(Self.label(r.name), r.open) }
        if rows.isEmpty { out += "<tr><td colspan=\"5\">None.</td></tr>\n" }
        if other.rows > 0 { row("... and \(other.rows) more \(noun)\(other.rows == 1 ? "" : "s")", other.open) }
        return out + "</table>\n"
    }
}
