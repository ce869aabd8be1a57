import Testing

@testable import SendCheckCore

@Suite("Alert settings and waivers")
struct AlertSettingsTests {
    static func parse(_ yaml: String) -> (AlertSettings?, [String]) {
        var d = Diagnostics()
        let config = Configuration.parse("version: 1\n" + yaml, path: "sendcheck.yaml", diagnostics: &d)
        return (config?.alerts, d.shown.map(\.description))
    }

    @Test("a full alerts section: SMTP with an OAuth token command, teams, service, repeat, ladder, waivers")
    func full() throws {
        let (s, problems) = Self.parse(
            """
            alerts:
              from: sendcheck@example.gov.uk
              state: state/alerts.sqlite
              transport:
                smtp: smtp+starttls://smtp.office365.com
                username: sendcheck@example.gov.uk
                token_command: /usr/local/bin/m365-token
              teams:
                North: north.manager@example.gov.uk
              service: head.of.send@example.gov.uk
              repeat: 2 weeks
              escalation: {caseworker: amber, manager: amber}
              waivers: [waivers.yaml]
            """)
        #expect(problems.isEmpty)
        let settings = try #require(s)
        guard case .smtp(let smtp) = settings.transport else {
            Issue.record("not SMTP")
            return
        }
        #expect(smtp.host == "smtp.office365.com" && smtp.port == 587 && smtp.security == .startTLS)
        #expect(smtp.mechanism == .xoauth2, "a token means XOAUTH2")
        #expect(smtp.secret == .command("/usr/local/bin/m365-token"))
        #expect(settings.repeatDays == 14)
        #expect(settings.ladder.manager == .amber)
        #expect(settings.teams["North"] == "north.manager@example.gov.uk")
    }

    @Test("mistakes are located errors: a misspelt key, a bad address, two transports, a password in the URL, a password for XOAUTH2")
    func mistakes() {
        let cases: [(String, String)] = [
            (
                "alerts:\n  from: a@example.gov.uk\n  repeet: 7 days\n",
                "sendcheck.yaml:4:3: error: unknown key 'repeet' in 'alerts'; did you mean 'repeat'?"
            ),
            ("alerts:\n  from: not-an-address\n", "sendcheck.yaml:3:9: error: 'from' must be one email address"),
            (
                "alerts:\n  from: a@example.gov.uk\n  transport: {smtp: 'smtp://h', outbox: out}\n",
                "must name exactly one of smtp, notify, sendmail or outbox"
            ),
            ("alerts:\n  from: a@example.gov.uk\n  transport: {smtp: 'smtps://u:secret@h'}\n", "would be seen in the process list"),
            (
                "alerts:\n  from: a@example.gov.uk\n  transport: {smtp: 'smtps://h', username: u, auth: xoauth2, password_env: P}\n",
                "XOAUTH2 takes an OAuth token"
            ),
            ("alerts:\n  from: a@example.gov.uk\n  repeat: 5 working days\n", "'repeat' in 'alerts' must be a number of days or weeks"),
            (
                "alerts:\n  from: a@example.gov.uk\n  transport: {notify: {template: t}}\n",
                "needs one of api_key_env, api_key_file or api_key_command"
            ),
        ]
        for (yaml, expected) in cases {
            let (s, problems) = Self.parse(yaml)
            #expect(s == nil)
            #expect(problems.contains { $0.contains(expected) }, "\(problems)")
            #expect(!problems.joined().contains("secret"), "a secret is never echoed")
        }
    }

    @Test("SMTP URLs: schemes, default ports, IPv6, bad ports")
    func urls() throws {
        let plain = try SMTPSettings.parse(url: "smtp://127.0.0.1:2525").get()
        #expect(plain.security == .plain && plain.port == 2525)
        let tls = try SMTPSettings.parse(url: "smtps://relay.example.gov.uk").get()
        #expect(tls.security == .tls && tls.port == 465)
        let v6 = try SMTPSettings.parse(url: "smtp+starttls://user@[::1]:1587").get()
        #expect(v6.host == "::1" && v6.port == 1587 && v6.username == "user")
        #expect((try? SMTPSettings.parse(url: "smtp://h:99999").get()) == nil)
        #expect((try? SMTPSettings.parse(url: "http://h").get()) == nil)
    }

    @Test("waiver files: required keys, an unknown rule with a suggestion, duplicates, expired ones warned")
    func waivers() {
        let text = """
            version: 1
            kind: waivers
            waivers:
              - case: C0002
                rule: reg13-final-plan
                reason: Tribunal stay agreed with the family
                owner: Head of SEND
                until: 2027-01-31
              - case: C0003
                rule: reg13-final-plam
                reason: Tribunal stay agreed with the family
                owner: Head of SEND
                until: 2027-01-31
              - case: C0002
                rule: reg13-final-plan
                reason: Tribunal stay agreed with the family
                owner: Head of SEND
                until: 2027-02-28
              - case: C0004
                rule: reg5-assessment-decision
                reason: short
                owner: Head of SEND
                until: 2026-01-31
              - case: C0005
                rule: reg5-assessment-decision
                owner: Head of SEND
                until: 2027-01-31
            """
        var book = WaiverBook()
        var d = Diagnostics()
        WaiverBook.parse(
            text, path: "waivers.yaml", rules: ["reg13-final-plan", "reg5-assessment-decision"], asOf: Day(year: 2026, month: 12, day: 1),
            into: &book, diagnostics: &d)
        let lines = d.shown.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix("waivers.yaml:10:11: error: waiver 2 names no loaded rule 'reg13-final-plam'; did you mean 'reg13-final-plan'?")
            }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("waivers.yaml:14:5: error: waiver 3 waives C0002 reg13-final-plan again") })
        #expect(lines.contains { $0.contains("waiver 4: the reason must say why") })
        #expect(lines.contains { $0.contains("warning: waiver 4 for C0004 reg5-assessment-decision expired on 2026-01-31") })
        #expect(lines.contains { $0.contains("waiver 5 is missing the required key 'reason'") })
        #expect(book.waiver(subject: "C0002", rule: "reg13-final-plan")?.until == Day(year: 2027, month: 1, day: 31))
    }
}
