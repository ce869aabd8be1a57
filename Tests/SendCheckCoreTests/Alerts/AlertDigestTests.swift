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
        #expect(by["north.manager@example.gov.uk"]?.otherOpen.amber == 1)
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
}
