import Foundation
import SendCheckCore

/// Targets 8 and 9: the alert night (policy, routing, digests, MIME messages) from fuzzed case data,
/// and from a fuzzed previous state. SendCheckAlerts (the SQLite store, behind the Alerts trait) is
/// not importable here: target 9 builds the records the store would hand the policy.
enum AlertFuzz {
    static let asOf = Day(year: 2026, month: 11, day: 29)!
    static let date = "Sun, 29 Nov 2026 06:00:00 +0000"

    /// A council's `alerts:`: teams (one with a hostile name), caseworker codes (one outside the
    /// allowed domains), a head of service, and the ladder from `flags`.
    static func settings(flags: UInt8) -> AlertSettings {
        var s = AlertSettings(from: "send-deadlines@example.gov.uk")
        s.teams = [
            "North": "north.manager@example.gov.uk", "South": "south.manager@example.gov.uk", "Central": "central.manager@example.gov.uk",
            "Evil\r\nBcc: x@evil.example": "evil.manager@example.gov.uk",
        ]
        s.caseworkers = ["CW101": "cw101@example.gov.uk", "CW204": "cw204@example.gov.uk", "CW317": "cw317@evil.example"]
        s.service = "head.of.send@example.gov.uk"
        s.policy.allowedDomains = ["example.gov.uk"]
        s.policy.repeatExcepted = flags & 2 != 0
        if flags & 4 != 0 { s.ladder.caseworker = .red }
        if flags & 8 != 0 { s.ladder.manager = .amber }
        return s
    }

    static let waivers = WaiverBook([
        Waiver(
            subject: "C0005", rule: "reg13-final-plan", reason: "Tribunal stay", owner: "Head of SEND", until: asOf.adding(days: 30),
            at: SourceLocation(path: "w.yaml", line: 1, column: 1)),
        Waiver(
            subject: "C0002", rule: "reg5-assessment-decision", reason: "ended", owner: "Head of SEND", until: asOf.adding(days: -1),
            at: SourceLocation(path: "w.yaml", line: 5, column: 1)),
    ])

    /// Routes a night, renders every digest (text and HTML), composes its message, and checks them.
    /// `names`: child_name cells that must reach no digest.
    static func deliver(
        _ night: AlertNight, settings: AlertSettings, rules: RuleSet, asOf: Day, dropped: [DroppedDigest] = [], names: [[UInt8]] = []
    ) {
        let routed = AlertRouting.route(night, settings: settings, dropped: dropped)
        if Check.debug { print("== \(night.events.count) events, \(routed.digests.count) digests, names \(names)") }
        let renderer = DigestRenderer(rules: rules.rules, asOf: asOf)
        for d in routed.digests {
            Check.that(MailAddress.isSendable(d.recipient) && settings.isAllowed(d.recipient), "a digest to \(d.recipient.debugDescription)")
            let r = renderer.render(d)
            let mail = MailComposer.compose(from: settings.from, to: d.recipient, rendered: r, date: date, runKey: asOf.iso)
            Check.mail(mail, r)
            if Check.debug { print(String(decoding: mail.bytes, as: UTF8.self)) }
            guard !names.isEmpty else { continue }
            let shown = Array(r.subject.utf8) + [10] + Array(r.text.utf8) + [10] + Array(r.html.utf8)
            guard Check.contains(shown, Array("NAME-".utf8)) else { continue }
            for name in names { Check.that(!Check.contains(shown, name), "the name cell \(String(decoding: name, as: UTF8.self)) in a digest") }
        }
    }

    /// Every open record is open; a second run the same day, on the state as recorded, tells nobody anything.
    static func checkNight(
        _ night: AlertNight, previous: [FindingKey: AlertRecord], current: [AlertFinding], labels: LabelTable, rules: NightRules
    ) {
        Check.that(night.open.allSatisfy(\.isOpen), "a resolved record among the open ones")
        Check.that(Set(night.changed.map(\.key)).count == night.changed.count, "a record changed twice in one night")
        var state = previous
        for r in night.changed { state[r.key] = r }
        let again = AlertPolicy.night(previous: state, current: current, labels: labels, rules: rules)
        Check.that(again.events.isEmpty, "a second run the same day tells again: \(again.events.map { "\($0.kind) \($0.key)" })")
        _ = night.resolvesTooManyAsGone(share: 0.05)
    }

    // MARK: 8: case CSV through the alert night

    /// A child_name cell worth looking for in the digests: marked, letters and hyphens only (so it
    /// cannot be made by two shown values side by side), and no other cell of the file holds it.
    static func isName(_ s: String) -> Bool {
        s.utf8.count >= 8 && Check.contains(Array(s.utf8), Array("NAME-".utf8))
            && s.utf8.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || $0 == UInt8(ascii: "-") }
    }

    static func fromCSV(_ body: UnsafeRawBufferPointer, flags: UInt8, rules: RuleSet) {
        var diagnostics = Diagnostics()
        let options = CheckOptions(asOf: asOf)
        let settings = settings(flags: flags)
        var collector = AlertCollector(ruleSet: rules, options: options, watched: [:], breachesSince: asOf.adding(days: -settings.repeatDays))
        var nameCells: [String] = []
        var otherCells: [UInt8] = []
        let stats = CaseFileReader.read(
            body, path: "a.csv", schema: rules.schemas["case"]!, keepRaw: true, labels: ["team", "caseworker"], diagnostics: &diagnostics
        ) { subject in
            for cell in subject.raw {
                if cell.name.utf8.count < 16, cell.name.trimmingCharacters(in: .whitespaces).lowercased() == "child_name" {
                    let value = cell.value.trimmingCharacters(in: .whitespaces)
                    if isName(value) { nameCells.append(value) }
                } else {
                    otherCells += cell.value.utf8
                    otherCells.append(10)
                }
            }
            collector.add(subject)
        }
        guard let stats else { return }
        let names = nameCells.map { Array($0.utf8) }.filter { !Check.contains(otherCells, $0) }
        var night = NightRules(asOf: asOf, repeatDays: settings.repeatDays, waivers: waivers)
        night.repeatExcepted = settings.policy.repeatExcepted
        night.held = Set(stats.rejectedReferences)
        night.decideGone = stats.everyRejectedRowNamed
        let findings = collector.findings
        // The first night, on an empty state.
        let first = AlertPolicy.night(previous: [:], current: findings, labels: stats.labels, rules: night)
        checkNight(first, previous: [:], current: findings, labels: stats.labels, rules: night)
        deliver(first, settings: settings, rules: rules, asOf: asOf, names: names)
        // A week later, every other finding gone from the data: repeats, resolutions, the summary.
        var state: [FindingKey: AlertRecord] = [:]
        for r in first.changed { state[r.key] = r }
        var later = night
        later.asOf = asOf.adding(days: settings.repeatDays)
        let kept = findings.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let second = AlertPolicy.night(previous: state, current: kept, labels: stats.labels, rules: later)
        checkNight(second, previous: state, current: kept, labels: stats.labels, rules: later)
        deliver(second, settings: settings, rules: rules, asOf: later.asOf, names: names)
    }

    // MARK: 9: a corrupt or hostile previous state

    static let subjects = [
        "C0001", "C0002", "C0003", "C0004", "C0005", "C0006", "", " C0001 ", "C\u{202E}0002", "C0099\n  C0100  reg13-final-plan  overdue",
        "<script>alert(1)</script>",
    ]
    static let ruleIDs = [
        "reg5-assessment-decision", "reg13-final-plan", "s44-annual-review", "cop-under5-review", "reg20-review-decision", "no-such-rule",
        "reg13-final-plan\r\nBcc: x@evil.example",
    ]
    static let starts: [Day?] = [asOf.adding(days: -200), asOf.adding(days: -120), asOf.adding(days: -60), nil]
    static let teams: [String?] = ["North", "South", "Central", "Evil\r\nBcc: x@evil.example", "", "  ", "<b>West</b>", nil]
    static let caseworkers: [String?] = [
        "jo@example.gov.uk", "CW101", "CW204", "CW317", "not an address", "a@evil.example", "x@example.gov.uk\r\nBcc: y@evil.example",
        "jo@example.gov.uk>", "", nil,
    ]
    static let labels: LabelTable = [
        1: "jo@example.gov.uk", 2: "North", 3: "CW101", 4: "South", 5: "not an address", 6: "x@example.gov.uk\r\nBcc: y@evil.example",
        7: "Evil\r\nBcc: x@evil.example", 8: "a@evil.example",
    ]

    /// A finding as the collector makes one (its initializer is internal), to set the fields of.
    static let template: AlertFinding = {
        let rules = loadRules()
        var collector = AlertCollector(ruleSet: rules, options: CheckOptions(asOf: asOf), watched: [:], breachesSince: asOf)
        var diagnostics = Diagnostics()
        let csv = Array(
            ("case_id,date_of_birth,team,caseworker,request_received,request_outcome,request_outcome_date,assessment_outcome,"
                + "assessment_outcome_date,draft_plan_issued,exception,plan_start\nC0001,2019-07-14,North,CW101,2026-05-04,assess,2026-06-08,,,,,\n")
                .utf8)
        _ = csv.withUnsafeBytes {
            CaseFileReader.read($0, path: "t.csv", schema: rules.schemas["case"]!, diagnostics: &diagnostics) { collector.add($0) }
        }
        return collector.findings.first!
    }()

    static func finding(
        _ subject: String, _ rule: String, start: Int?, _ status: Status, _ rag: RAG, due: Int?, completed: Int? = nil, ended: Bool = false,
        cw: UInt64?, team: UInt64?
    ) -> AlertFinding {
        var f = template
        f.key = FindingKey(rule: rule, subject: subject, start: start.flatMap { starts[$0] })
        (f.status, f.rag, f.ended) = (status, rag, ended)
        f.due = due.map { asOf.adding(days: $0) }
        f.completed = completed.map { asOf.adding(days: $0) }
        f.newBreach = completed != nil && (status == .breached || status == .excepted)
        (f.caseworker, f.team, f.dataToFix) = (cw, team, nil)
        return f
    }

    /// Tonight's findings, fixed: open, due soon, breached, met, excepted, unreadable, ended, outside the domains.
    static let night: [AlertFinding] = {
        var unreadable = finding("C0006", "s44-annual-review", start: nil, .invalid, .red, due: nil, cw: nil, team: nil)
        unreadable.dataToFix = "last_review at a.csv:7 cannot be read"
        return [
            finding("C0001", "reg13-final-plan", start: 0, .overdue, .red, due: -10, cw: 1, team: 2),
            finding("C0002", "reg5-assessment-decision", start: 1, .dueSoon, .amber, due: 5, cw: 3, team: 4),
            finding("C0003", "s44-annual-review", start: 2, .breached, .red, due: -30, completed: -1, cw: 5, team: 2),
            finding("C0004", "reg13-final-plan", start: 0, .met, .green, due: -3, completed: -5, cw: 1, team: 2),
            finding("C0005", "reg5-assessment-decision", start: 1, .excepted, .amber, due: -20, cw: 6, team: 7),
            unreadable,
            finding("C0001", "reg5-assessment-decision", start: 2, .breached, .red, due: -9, completed: -2, ended: true, cw: 1, team: 2),
            finding("C0002", "cop-under5-review", start: 0, .dueSoon, .amber, due: 3, cw: 8, team: 4),
        ]
    }()

    /// Days as the store reads them: near the as-of date mostly, one of the clock starts, or any day
    /// the store accepts (`Day.storable`: it refuses a file holding any other, located, as
    /// AlertSafeguardTests checks, since a day near Int.max once overflowed `Day.civil` here).
    static func day(_ r: inout FuzzBytes) -> Day {
        let mode = r.byte() % 8
        switch mode {
        case 6: return starts[Int(r.byte()) % 3]!
        case 7:
            let span = Day.storable.upperBound - Day.storable.lowerBound + 1
            return Day(stored: Day.storable.lowerBound + Int(r.int64().magnitude % UInt(span)))!
        default: return asOf.adding(days: r.int16())
        }
    }

    static func optionalDay(_ r: inout FuzzBytes) -> Day? { r.byte() % 4 == 3 ? nil : day(&r) }

    static func fromState(_ body: UnsafeRawBufferPointer, rules: RuleSet) {
        var r = FuzzBytes(body)
        let flags = r.byte()
        let absent = r.byte()
        let current = night.enumerated().filter { absent & (1 << UInt8($0.offset)) == 0 }.map(\.element)
        let settings = settings(flags: flags)
        var nightRules = NightRules(asOf: asOf, repeatDays: [7, 1, 14, 3, 30, 2, 28, 1000][Int(r.byte()) % 8])
        nightRules.repeatExcepted = flags & 2 != 0
        nightRules.decideGone = flags & 1 == 0
        let heldMask = r.byte()
        nightRules.held = Set(subjects.prefix(8).enumerated().filter { heldMask & (1 << UInt8($0.offset)) != 0 }.map(\.element))
        var waivers: [Waiver] = []
        for i in 0..<Int(r.byte() % 4) {
            waivers.append(
                Waiver(
                    subject: r.pick(subjects), rule: r.pick(ruleIDs), reason: r.string(max: 40), owner: r.string(max: 20), until: day(&r),
                    at: SourceLocation(path: "w.yaml", line: i + 1, column: 1)))
        }
        nightRules.waivers = WaiverBook(waivers)
        var dropped: [DroppedDigest] = []
        for _ in 0..<Int(r.byte() % 3) { dropped.append(DroppedDigest(recipient: r.string(max: 80), asOf: day(&r), attempts: r.int16())) }
        // The records, as `AlertStore.records()` builds them: any text, any day, a known status and RAG.
        var previous: [FindingKey: AlertRecord] = [:]
        while !r.isEmpty, previous.count < 64 {
            let startByte = r.byte()
            let key = FindingKey(
                rule: r.pick(ruleIDs), subject: r.pick(subjects), start: startByte < 0xE0 ? starts[Int(startByte) % starts.count] : optionalDay(&r))
            let status = Status.allCases[Int(r.byte()) % Status.allCases.count]
            let rag = RAG.allCases[Int(r.byte()) % RAG.allCases.count]
            let resolution = r.byte()
            previous[key] = AlertRecord(
                key: key, status: status, rag: rag, due: optionalDay(&r), firstSeen: day(&r), lastSent: day(&r),
                caseworker: r.pickOptional(caseworkers),
                team: r.pickOptional(teams), resolved: resolution & 0x80 == 0 ? nil : day(&r),
                resolution: resolution & 0x40 == 0 ? nil : Resolution.allCases[Int(resolution) % Resolution.allCases.count])
        }
        let tonight = AlertPolicy.night(previous: previous, current: current, labels: labels, rules: nightRules)
        checkNight(tonight, previous: previous, current: current, labels: labels, rules: nightRules)
        deliver(tonight, settings: settings, rules: rules, asOf: asOf, dropped: dropped)
    }
}
