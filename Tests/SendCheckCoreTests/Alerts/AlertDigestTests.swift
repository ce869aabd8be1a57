import Testing

@testable import SendCheckCore

@Suite("Alert routing and digests")
struct AlertDigestTests {
    static let asOf = AlertPolicyTests.asOf

    static var settings: AlertSettings {
        var s = AlertSettings(from: "sendcheck@example.gov.uk")
        s.teams = ["North": "north.manager@example.gov.uk"]
        s.service = "head.of.send@example.gov.uk"
        return s
    }

    static func event(_ subject: String, _ kind: AlertEvent.Kind, status: Status, rag: RAG, caseworker: String?, team: String?) -> AlertEvent {
        AlertEvent(
            kind: kind, key: FindingKey(rule: "reg13-final-plan", subject: subject, start: Day(year: 2026, month: 6, day: 1)), status: status,
            rag: rag,
            due: Day(year: 2026, month: 10, day: 19), completed: status == .breached ? Day(year: 2026, month: 11, day: 30) : nil,
            caseworker: caseworker,
            team: team, resolution: kind == .resolved ? .late : nil, expiredWaiver: nil)
    }

    static var night: AlertNight {
        var n = AlertNight()
        n.events = [
            event("C0002", .new, status: .overdue, rag: .red, caseworker: "jo@example.gov.uk", team: "North"),
            event("C0003", .new, status: .dueSoon, rag: .amber, caseworker: "jo@example.gov.uk", team: "North"),
            event("C0004", .breached, status: .breached, rag: .red, caseworker: "sam@example.gov.uk", team: "North"),
            event("C0005", .escalated, status: .overdue, rag: .red, caseworker: nil, team: "North"),
            event("C0006", .resolved, status: .breached, rag: .red, caseworker: "jo@example.gov.uk", team: "North"),
            event("C0007", .new, status: .overdue, rag: .red, caseworker: "not an address", team: "South"),
        ]
        n.open = n.events.filter { $0.kind != .resolved && $0.kind != .breached }.map {
            AlertRecord(
                key: $0.key, status: $0.status, rag: $0.rag, due: $0.due, firstSeen: asOf, lastSent: asOf, caseworker: $0.caseworker, team: $0.team)
        }
        return n
    }

    @Test("one digest per recipient: caseworkers their cases, the manager the team's reds and unassigned cases, the head of service a summary")
    func routing() {
        let digests = AlertRouting.digests(Self.night, settings: Self.settings)
        let by = Dictionary(uniqueKeysWithValues: digests.map { ($0.recipient, $0) })
        #expect(digests.count == 4)
        #expect(by["jo@example.gov.uk"]?.events.map(\.key.subject) == ["C0002", "C0003", "C0006"])
        #expect(by["sam@example.gov.uk"]?.events.map(\.key.subject) == ["C0004"])
        // Reds of the team (new, escalated, breached, resolved) and C0005, which has no caseworker.
        #expect(by["north.manager@example.gov.uk"]?.events.map(\.key.subject) == ["C0002", "C0005", "C0004", "C0006"])
        #expect(by["north.manager@example.gov.uk"]?.otherOpen.dueSoon == 1)
        let summary = by["head.of.send@example.gov.uk"]?.summary
        #expect(summary?.unrouted.map(\.key.subject) == ["C0007"], "South has no manager and C0007 no address")
        #expect(summary?.newBreaches == 1)
        #expect(summary?.byTeam.map(\.name) == ["North", "South"])
    }

    @Test("data that cannot be read is its own section, 'data to fix', naming the field and where, never the cell")
    func dataToFix() {
        var n = AlertNight()
        var unreadable = Self.event("C0009", .new, status: .invalid, rag: .red, caseworker: "jo@example.gov.uk", team: "North")
        unreadable.dataToFix = "last_review at exports.csv:12 cannot be read"
        n.events = [unreadable, Self.event("C0002", .new, status: .overdue, rag: .red, caseworker: "jo@example.gov.uk", team: "North")]
        let digest = AlertRouting.digests(n, settings: Self.settings).first { $0.recipient == "jo@example.gov.uk" }!
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        let text = renderer.render(digest).text
        #expect(renderer.subject(digest) == "SEND deadlines: 1 overdue, 1 data to fix")
        let overdue = text.range(of: "Overdue")!.lowerBound
        let toFix = text.range(of: "Data to fix")!.lowerBound
        #expect(overdue < toFix)
        #expect(text.contains("data to fix: last_review at exports.csv:12 cannot be read"))
    }

    @Test("the head of service's open alerts by rule say which rules are not statutory duties")
    func legalWeight() {
        var n = Self.night
        var under5 = Self.event("C0020", .new, status: .overdue, rag: .red, caseworker: "jo@example.gov.uk", team: "North")
        under5.key = FindingKey(rule: "cop-under5-review", subject: "C0020", start: Day(year: 2026, month: 1, day: 5))
        n.events.append(under5)
        n.open.append(
            AlertRecord(
                key: under5.key, status: .overdue, rag: .red, due: under5.due, firstSeen: Self.asOf, lastSent: Self.asOf,
                caseworker: under5.caseworker, team: under5.team))
        let digests = AlertRouting.digests(n, settings: Self.settings)
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        let service = renderer.render(digests.first { $0.role == .service }!)
        #expect(service.text.contains("  cop-under5-review (guidance, not a statutory duty)  1 overdue"))
        #expect(service.text.contains("  reg13-final-plan "))
        #expect(!service.text.contains("reg13-final-plan (guidance"))
        #expect(service.html.contains("cop-under5-review (guidance, not a statutory duty)"))
    }

    @Test("the ladder: managers at amber hear of due-soon cases too")
    func ladder() {
        var s = Self.settings
        s.ladder.manager = .amber
        let manager = AlertRouting.digests(Self.night, settings: s).first { $0.recipient == "north.manager@example.gov.uk" }
        #expect(manager?.events.map(\.key.subject).contains("C0003") == true)
    }

    @Test("digest emails match their golden files; no name or other cell reaches them")
    func goldens() {
        let digests = AlertRouting.digests(Self.night, settings: Self.settings)
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        for (d, name) in zip(digests, ["digest-caseworker", "digest-caseworker-2", "digest-manager", "digest-service"]) {
            let r = renderer.render(d)
            let mail = MailComposer.compose(
                from: "sendcheck@example.gov.uk", to: d.recipient, rendered: r, date: "Tue, 01 Dec 2026 06:00:00 +0000", runKey: Self.asOf.iso)
            Golden.assert(r.text, "\(name).txt")
            Golden.assert(String(decoding: mail.bytes, as: UTF8.self), "\(name).eml")
            Golden.assert(r.html, "\(name).html")
            #expect(mail.bytes.allSatisfy { $0 < 128 }, "7-bit on the wire")
            #expect(!r.text.contains("2010-"), "no date of birth")
        }
        let caseworker = renderer.render(digests[0])
        #expect(caseworker.subject == "SEND deadlines: 1 overdue, 1 due this week, 1 resolved")
    }

    @Test("the Message-ID is stable for the same digest on the same day and differs otherwise")
    func messageID() {
        let r = DigestRenderer.Rendered(subject: "s", text: "t", html: "h")
        let a = MailComposer.compose(from: "a@example.gov.uk", to: "b@example.gov.uk", rendered: r, date: "x", runKey: "2026-12-01")
        let b = MailComposer.compose(from: "a@example.gov.uk", to: "b@example.gov.uk", rendered: r, date: "y", runKey: "2026-12-01")
        let c = MailComposer.compose(from: "a@example.gov.uk", to: "b@example.gov.uk", rendered: r, date: "x", runKey: "2026-12-02")
        #expect(a.messageID == b.messageID)
        #expect(a.messageID != c.messageID)
        #expect(a.messageID.hasSuffix("@example.gov.uk"))
    }

    @Test("quoted-printable keeps lines short and 7-bit; subjects outside ASCII become RFC 2047 words")
    func encodings() {
        let qp = MailComposer.quotedPrintable(String(repeating: "é", count: 60) + " \nx=y")
        #expect(qp.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(qp.hasSuffix("x=3Dy"))
        #expect(MailComposer.encodedWord("3 overdue") == "3 overdue")
        #expect(MailComposer.encodedWord("Team Ōtautahi").hasPrefix("=?utf-8?B?"))
        #expect(MailComposer.encodedWord("evil\r\nBcc: x@y.z") == "evil  Bcc: x@y.z", "no header injection")
        #expect(Base64.encode(Array("\0user\0pass".utf8)) == "AHVzZXIAcGFzcw==")
        #expect(Base64.decode("AHVzZXIAcGFzcw==") == Array("\0user\0pass".utf8))
        #expect(Base64.encodeURL([0xfb, 0xff]) == "-_8")
    }

    @Test("excepted clocks are their own section, apart from due soon; data to fix is not counted as overdue for the head of service")
    func exceptedSection() {
        var n = AlertNight()
        var excepted = Self.event("C0010", .new, status: .excepted, rag: .amber, caseworker: "jo@example.gov.uk", team: "North")
        excepted.due = Day(year: 2026, month: 11, day: 2)
        var unreadable = Self.event("C0011", .new, status: .invalid, rag: .red, caseworker: "jo@example.gov.uk", team: "North")
        unreadable.dataToFix = "last_review at exports.csv:12 cannot be read"
        n.events = [excepted, unreadable]
        n.open = n.events.map {
            AlertRecord(
                key: $0.key, status: $0.status, rag: $0.rag, due: $0.due, firstSeen: Self.asOf, lastSent: Self.asOf, caseworker: $0.caseworker,
                team: $0.team)
        }
        let digests = AlertRouting.digests(n, settings: Self.settings)
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        let jo = renderer.render(digests.first { $0.recipient == "jo@example.gov.uk" }!)
        #expect(jo.subject == "SEND deadlines: 1 data to fix, 1 excepted")
        #expect(jo.text.contains("Excepted: late, with a recorded exception (1)"))
        #expect(jo.text.contains("C0010  reg13-final-plan  late since Tue 3 Nov 2026 (29 days late), with a recorded exception [new]"))
        #expect(!jo.text.contains("Due soon"))
        let service = digests.first { $0.role == .service }!.summary!
        #expect(service.total.overdue == 0 && service.total.toFix == 1 && service.total.excepted == 1)
        #expect(renderer.subject(digests.last!) == "SEND deadlines, service summary: 0 overdue, 0 due soon, 1 excepted, 1 data to fix open, 2 new")
    }

    @Test("the manager's digest names each case's caseworker; unroutable caseworkers go to the manager and are listed for the head of service")
    func unroutable() {
        var s = Self.settings
        s.policy.allowedDomains = ["example.gov.uk"]
        var n = AlertNight()
        n.events = [
            Self.event("C0001", .new, status: .overdue, rag: .red, caseworker: "jo@example.gov.uk", team: "North"),
            Self.event("C0002", .new, status: .dueSoon, rag: .amber, caseworker: "zoë@example.gov.uk", team: "North"),
            Self.event("C0003", .new, status: .dueSoon, rag: .amber, caseworker: "jo@gmail.com", team: "North"),
            Self.event("C0004", .new, status: .dueSoon, rag: .amber, caseworker: nil, team: "North"),
        ]
        let routed = AlertRouting.route(n, settings: s)
        #expect(routed.digests.map(\.recipient) == ["jo@example.gov.uk", "north.manager@example.gov.uk", "head.of.send@example.gov.uk"])
        #expect(routed.unroutable.map(\.unroutable) == [.notSendable, .outsideDomains, .noAddress])
        let manager = routed.digests[1]
        #expect(manager.events.map(\.key.subject) == ["C0001", "C0002", "C0003", "C0004"])
        let text = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf).text(manager)
        #expect(text.contains("      caseworker: jo@example.gov.uk\n"))
        #expect(text.contains("      caseworker: jo@gmail.com (an address outside the allowed domains)\n"))
        #expect(text.contains("      caseworker: none recorded (no address)\n"))
        let service = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf).text(routed.digests[2])
        #expect(service.contains("Caseworker could not be emailed, so the team's manager was told (3):"))
        #expect(service.contains("C0002  reg13-final-plan  caseworker: zoë@example.gov.uk (an address mail cannot be sent to)"))
    }

    @Test("digests use UK dates and speak no command-line jargon")
    func plainWords() {
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        for d in AlertRouting.digests(Self.night, settings: Self.settings) {
            let r = renderer.render(d)
            #expect(r.text.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil, "\(r.text)")
            #expect(!r.text.contains("sendcheck") && !r.text.contains("docs/") && !r.text.contains("`"))
        }
    }

    @Test("newlines and right-to-left overrides in a team cell forge no line; a long name is cut; the subject is folded")
    func hostileLabels() {
        var n = AlertNight()
        let team = "North\nC9999  reg13-final-plan  resolved\u{202E}evil" + String(repeating: "x", count: 190)
        var s = Self.settings
        s.teams = [team: "north.manager@example.gov.uk"]
        n.events = [Self.event("C0001", .new, status: .overdue, rag: .red, caseworker: "line\nbreak", team: team)]
        n.open = [
            AlertRecord(
                key: n.events[0].key, status: .overdue, rag: .red, due: nil, firstSeen: Self.asOf, lastSent: Self.asOf, caseworker: nil, team: team)
        ]
        let renderer = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf)
        for d in AlertRouting.digests(n, settings: s) {
            let r = renderer.render(d)
            #expect(!r.text.split(separator: "\n").contains { $0.hasPrefix("C9999") || $0.hasPrefix("  C9999") }, "\(r.text)")
            #expect(
                !r.text.unicodeScalars.contains("\u{202E}") && !r.html.unicodeScalars.contains("\u{202E}")
                    && !r.subject.unicodeScalars.contains("\u{202E}"))
            #expect(!r.subject.contains("\n"))
            #expect(r.text.split(separator: "\n").allSatisfy { $0.count < 300 })
            let mail = MailComposer.compose(from: "a@example.gov.uk", to: d.recipient, rendered: r, date: "x", runKey: "k")
            let header = String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\nDate:")[0]
            #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 }, "\(header)")
        }
    }

    @Test("a by-team table is capped, with an exact count of the rest; 5,000 teams make a small digest")
    func cappedTables() {
        var n = AlertNight()
        for i in 0..<5_000 {
            let key = FindingKey(rule: "reg13-final-plan", subject: "C\(i)", start: Self.asOf)
            n.open.append(
                AlertRecord(
                    key: key, status: i % 2 == 0 ? .overdue : .dueSoon, rag: i % 2 == 0 ? .red : .amber, due: nil, firstSeen: Self.asOf,
                    lastSent: Self.asOf, caseworker: nil, team: "Team \(i)"))
        }
        n.events = [Self.event("C0", .new, status: .overdue, rag: .red, caseworker: nil, team: "Team 0")]
        let service = AlertRouting.digests(n, settings: Self.settings).first { $0.role == .service }!
        let s = service.summary!
        #expect(s.byTeam.count == ServiceSummary.tableRows)
        #expect(s.otherTeams.rows == 5_000 - ServiceSummary.tableRows)
        #expect(s.byTeam.reduce(0) { $0 + $1.open.total } + s.otherTeams.open.total == 5_000)
        #expect(s.byTeam.allSatisfy { $0.open.overdue == 1 }, "the teams with the most overdue are shown")
        let text = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf).text(service)
        #expect(text.contains("  ... and 4950 more teams: 2450 overdue, 2500 due soon\n"))
        #expect(text.utf8.count < 20_000)
    }

    @Test("a digest dropped after alerts.expire is noted for the head of service")
    func droppedNote() {
        var n = AlertNight()
        n.open = []
        let dropped = [DroppedDigest(recipient: "jo@example.gov.uk", asOf: Day(year: 2026, month: 11, day: 20)!, attempts: 9)]
        let routed = AlertRouting.route(n, settings: Self.settings, dropped: dropped)
        #expect(routed.digests.map(\.role) == [.service], "a dropped digest alone is news for the head of service")
        let text = DigestRenderer(rules: Fixtures.statutory.rules, asOf: Self.asOf).text(routed.digests[0])
        #expect(
            text.contains(
                "Digests dropped: the mail system had not accepted them in time (1):\n  jo@example.gov.uk: queued Fri 20 Nov 2026, tried 9 times\n"))
    }
}
