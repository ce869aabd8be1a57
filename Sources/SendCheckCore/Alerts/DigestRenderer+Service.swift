extension DigestRenderer {
    /// Titles of the service summary's lists, shared by the text and the HTML.
    enum ServiceTitle {
        static let unroutable = "Caseworker could not be emailed, so the team's manager was told"
        static let unrouted = "Nobody could be told (no caseworker address, and no manager for the team)"
        static let held = "Kept as they were: the case's row in tonight's data was rejected"
        static let dropped = "Digests dropped: the mail system had not accepted them in time"
    }

    /// The rows of "Open by rule", each rule that is not a statutory duty saying so: a should-consider
    /// of the Code or a proposed standard is not a statutory timescale missed.
    func ruleRows(_ rows: [ServiceSummary.Row]) -> [ServiceSummary.Row] {
        rows.map { row in
            guard let rule = rules[row.name], rule.severity != .statutory else { return row }
            let weight = rule.severity == .guidance ? "guidance, not a statutory duty" : "advisory, not law"
            return ServiceSummary.Row(name: "\(row.name) (\(weight))", open: row.open)
        }
    }

    func tonight(_ s: ServiceSummary) -> String {
        "Tonight: \(s.newAlerts) new, \(s.escalated) now overdue, \(s.newBreaches) completed late, \(s.resolved) resolved."
    }

    /// Why alerts were kept open that would otherwise have been resolved.
    func undecided(_ s: ServiceSummary) -> String? {
        guard s.undecided > 0 else { return nil }
        return
            "\(s.undecided) open alert\(s.undecided == 1 ? "" : "s") whose case or step is missing tonight stayed open: part of tonight's data "
            + "could not be read, so nothing is taken as gone from the data until it can."
    }

    func dropped(_ d: DroppedDigest) -> String {
        "\(Self.label(d.recipient)): queued \(DayFormat.long(d.asOf)), tried \(d.attempts) time\(d.attempts == 1 ? "" : "s")"
    }

    func summaryText(_ s: ServiceSummary) -> String {
        var out = "\n" + tonight(s) + "\n"
        out += tableText("Open by rule", ruleRows(s.byRule), other: s.otherRules, noun: "rule")
        out += tableText("Open by team", s.byTeam, other: s.otherTeams, noun: "team")
        func list<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out += "\n\(title) (\(items.count)):\n"
            for item in items.prefix(listed) { out += "  \(line(item))\n" }
            out += more(items.count)
        }
        list(ServiceTitle.unroutable, s.unroutable) { "\(Escaping.shown($0.key.subject, limit: 64))  \($0.key.rule)  \(whose($0))" }
        list(ServiceTitle.unrouted, s.unrouted) { "\(Escaping.shown($0.key.subject, limit: 64))  \($0.key.rule)  \(what($0)); \(whose($0))" }
        list(ServiceTitle.held, s.held) { "\(Escaping.shown($0.key.subject, limit: 64))  \($0.key.rule)" }
        if let undecided = undecided(s) { out += "\n\(undecided)\n" }
        list(ServiceTitle.dropped, s.dropped) { dropped($0) }
        for w in s.expiredWaivers.prefix(listed) {
            out += "\nWaiver ended \(DayFormat.long(w.until)) (\(w.at)): \(Self.label(w.subject)) \(Self.label(w.rule)) alerts again.\n"
        }
        out += more(s.expiredWaivers.count)
        list("Waivers that can be removed (their finding is no longer due or overdue)", s.removableWaivers) {
            "\(Self.label($0.subject))  \(Self.label($0.rule))  (\($0.at))"
        }
        return out
    }

    /// A table of open alerts by name, padded to the longest name shown, with the rows left out counted.
    func tableText(_ title: String, _ rows: [ServiceSummary.Row], other: (rows: Int, open: OpenCounts), noun: String) -> String {
        var out = "\n\(title)\n"
        let names = rows.map { Self.label($0.name) }
        let width = max(4, names.map(\.count).max() ?? 0)
        for (name, r) in zip(names, rows) {
            out += "  \(name + String(repeating: " ", count: max(0, width - name.count)))  \(r.open.words)\n"
        }
        if rows.isEmpty { out += "  none\n" }
        if other.rows > 0 { out += "  ... and \(other.rows) more \(noun)\(other.rows == 1 ? "" : "s"): \(other.open.words)\n" }
        return out
    }
}
