/// Turns a digest into its subject, text and HTML. Each line names the case reference and the rule
/// id, and nothing else about the child: no name, no date of birth, no other cell of the data. Labels
/// from the data (teams, caseworkers) are shown escaped and cut short, so a cell cannot forge a line.
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
    /// At most this many lines per section or list; the rest are counted.
    public var listed = 200

    public init(rules: [Rule], asOf: Day) {
        self.rules = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.asOf = asOf
    }

    /// The longest label (team, caseworker) shown, in characters.
    static let labelLength = 60

    /// A label from the data as it is shown: control characters, line ends and bidirectional
    /// overrides escaped, cut to `labelLength`.
    static func label(_ text: String) -> String { Escaping.shown(text, limit: labelLength) }

    static func day(_ d: Day?) -> String { d.map(DayFormat.long) ?? "an unknown date" }

    public func render(_ d: Digest) -> Rendered {
        Rendered(subject: subject(d), text: text(d), html: html(d))
    }

    /// What is inside: `3 overdue, 2 due this week, 1 resolved`.
    public func subject(_ d: Digest) -> String {
        var parts: [String] = []
        if let s = d.summary {
            parts.append(s.total.words + " open")
            if s.newAlerts > 0 { parts.append("\(s.newAlerts) new") }
            if s.newBreaches > 0 { parts.append("\(s.newBreaches) completed late") }
            if s.resolved > 0 { parts.append("\(s.resolved) resolved") }
            return "SEND deadlines, service summary: " + parts.joined(separator: ", ")
        }
        func count(_ section: DigestSection) -> Int { d.events.filter { AlertRouting.section($0) == section }.count }
        let soon = d.events.filter { AlertRouting.section($0) == .dueSoon }
        let thisWeek = soon.filter { ($0.due.map { asOf.days(to: $0) } ?? 99) <= 7 }.count
        let counted: [(Int, String)] = [
            (count(.overdue), "overdue"), (count(.dataToFix), "data to fix"), (thisWeek, "due this week"), (soon.count - thisWeek, "due soon"),
            (count(.excepted), "excepted"), (count(.completedLate), "completed late"), (count(.resolved), "resolved"),
        ]
        parts = counted.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if case .manager(let team) = d.role { return "SEND deadlines, \(Self.label(team)): " + parts.joined(separator: ", ") }
        return "SEND deadlines: " + parts.joined(separator: ", ")
    }

    /// One line's words: `overdue since Tue 22 Sep 2026 (69 days late) [new]`.
    func what(_ e: AlertEvent) -> String {
        let late = e.daysLate(asOf: asOf).map { " (\($0) day\($0 == 1 ? "" : "s") late)" } ?? ""
        let exception = e.status == .excepted ? ", with a recorded exception" : ""
        switch e.kind {
        case .resolved:
            return (e.resolution?.words ?? "resolved") + (e.due.map { ", was due \(DayFormat.long($0))" } ?? "")
        case .breached:
            return "completed \(Self.day(e.completed)) after its due date \(Self.day(e.due))\(late)\(exception)"
        default:
            let state: String
            switch e.status {
            case .overdue: state = "overdue since \(Self.day(e.due?.adding(days: 1)))\(late)"
            case .dueSoon: state = "due \(Self.day(e.due))"
            case .excepted: state = "late since \(Self.day(e.due?.adding(days: 1)))\(late)\(exception)"
            case .invalid: state = "data to fix: " + (e.dataToFix ?? "a value in the data cannot be read")
            default: state = "\(e.status.rawValue.replacingUnderscores)\(e.due.map { ", due \(DayFormat.long($0))" } ?? "")"
            }
            return "\(state) [\(tag(e))]"
        }
    }

    func tag(_ e: AlertEvent) -> String {
        switch e.kind {
        case .new: return e.expiredWaiver.map { "new: waiver ended \(DayFormat.long($0.until))" } ?? "new"
        case .returned: return "back in the data" + (e.firstSeen.map { ", first alerted \(DayFormat.long($0))" } ?? "")
        case .escalated: return "now overdue"
        default: return "reminder"
        }
    }

    func about(_ e: AlertEvent) -> String {
        guard let r = rules[e.key.rule] else { return "" }
        // The rule's plain title (what is to be done); its id is beside the case above.
        return "\(r.title.isEmpty ? r.message : r.title) - \(r.citation)"
    }

    /// Whose case it is, for managers: `caseworker: CW511 (no address)`.
    func whose(_ e: AlertEvent) -> String { "caseworker: " + caseworker(e) }

    /// `CW511 (no address)`, `jo@example.gov.uk`, `none recorded (no address)`.
    func caseworker(_ e: AlertEvent) -> String {
        (e.caseworker.map(Self.label) ?? "none recorded") + (e.unroutable.map { " (\($0.words))" } ?? "")
    }

    static func isManager(_ d: Digest) -> Bool {
        if case .manager = d.role { return true }
        return false
    }

    func sections(_ d: Digest) -> [(title: String, events: [AlertEvent])] {
        DigestSection.allCases.compactMap { section in
            let list = d.events.filter { AlertRouting.section($0) == section }
            return list.isEmpty ? nil : (section.title, list)
        }
    }

    func intro(_ d: Digest) -> String {
        switch d.role {
        case .caseworker: return "Your cases with a statutory deadline to act on, as of \(DayFormat.long(asOf))."
        case .manager(let team):
            return
                "Team \(Self.label(team)): overdue cases, escalations and cases whose caseworker could not be emailed, as of \(DayFormat.long(asOf))."
        case .service: return "The service's open alerts and tonight's changes, as of \(DayFormat.long(asOf))."
        }
    }

    static let footer = """
        Cases are shown by reference only: look a case up in the case-management system for its details. \
        If a deadline should not be chased for a while (a tribunal stay, for example), ask the head of \
        service for a waiver: it pauses these emails for that case and deadline until an agreed date.
        """

    public func text(_ d: Digest) -> String {
        var out = intro(d) + "\n"
        let manager = Self.isManager(d)
        for (title, events) in sections(d) {
            out += "\n\(title) (\(events.count))\n"
            for e in events.prefix(listed) {
                out += "  \(Escaping.shown(e.key.subject, limit: 64))  \(e.key.rule)  \(what(e))\n"
                if manager { out += "      \(whose(e))\n" }
                let about = about(e)
                if !about.isEmpty { out += "      \(about)\n" }
            }
            out += more(events.count)
        }
        if d.otherOpen.total > 0 { out += "\nAlso open in the team, not listed: \(d.otherOpen.words).\n" }
        if let s = d.summary { out += summaryText(s) }
        return out + "\n" + Self.footer + "\n"
    }

    /// `  ... and 3 more` when a list was cut at `listed`.
    func more(_ count: Int) -> String { count > listed ? "  ... and \(count - listed) more\n" : "" }
}
