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
        #expect(lines.contains { $0.contains("waiver 4: the reason must say in words why") })
        #expect(lines.contains { $0.contains("warning: waiver 4 for C0004 reg5-assessment-decision expired on 2026-01-31") })
        #expect(lines.contains { $0.contains("waiver 5 is missing the required key 'reason'") })
        #expect(book.waiver(subject: "C0002", rule: "reg13-final-plan")?.until == Day(year: 2027, month: 1, day: 31))
    }

    @Test("the safeguards: max_gone, expire, repeat_excepted, allowed_domains and max_waiver, with located errors")
    func policy() throws {
        let (s, problems) = Self.parse(
            """
            alerts:
              from: sendcheck@example.gov.uk
              teams:
                North: north.manager@example.gov.uk
              max_gone: 10%
              expire: 2 weeks
              repeat_excepted: true
              allowed_domains: [Example.gov.uk, nhs.net]
              max_waiver: 2 years
            """)
        #expect(problems.isEmpty, "\(problems)")
        let settings = try #require(s)
        #expect(settings.policy.maxGone == 0.1 && settings.policy.expireDays == 14 && settings.policy.repeatExcepted)
        #expect(settings.policy.allowedDomains == ["example.gov.uk", "nhs.net"] && settings.policy.longestWaiverMonths == 24)
        #expect(settings.route(ofCaseworker: "jo@north.example.gov.uk") == .address("jo@north.example.gov.uk"), "a subdomain is inside")
        #expect(settings.route(ofCaseworker: "jo@evil-example.gov.uk") == .unroutable(.outsideDomains))
        let defaults = AlertSettings.Policy()
        #expect(defaults.maxGone == 0.05 && defaults.expireDays == 7 && !defaults.repeatExcepted && defaults.longestWaiverMonths == 12)
        let (bad, errors) = Self.parse(
            """
            alerts:
              from: sendcheck@example.gov.uk
              service: head@elsewhere.org
              max_gone: 5
              expire: 0 days
              allowed_domains: ["@example.gov.uk"]
              max_waiver: forever
            """)
        #expect(bad == nil)
        #expect(
            errors == [
                "sendcheck.yaml:5:13: error: 'max_gone' in 'alerts' must be a share of the open alerts such as '5%', not '5'",
                "sendcheck.yaml:6:11: error: 'expire' in 'alerts' must be a number of days or weeks such as '7 days', not '0 days'",
                "sendcheck.yaml:7:21: error: each of 'allowed_domains' must be a mail domain such as example.gov.uk, not '@example.gov.uk'",
                "sendcheck.yaml:8:15: error: 'max_waiver' in 'alerts' must be a number of months or years such as '12 months', not 'forever'",
            ], "\(errors)")
        let (_, outside) = Self.parse(
            "alerts:\n  from: a@example.gov.uk\n  service: head@elsewhere.org\n  allowed_domains: [example.gov.uk]\n")
        #expect(
            outside == ["sendcheck.yaml:4:12: error: 'head@elsewhere.org' is outside 'allowed_domains' (example.gov.uk): nothing would be sent to it"]
        )
    }

    @Test("a waiver until 2100 or with a reason of ten dots is refused, located; max_waiver allows longer")
    func waiverLimits() {
        let text = """
            version: 1
            kind: waivers
            waivers:
              - case: C0002
                rule: reg13-final-plan
                reason: ..........
                owner: Head of SEND
                until: 2027-01-31
              - case: C0003
                rule: reg13-final-plan
                reason: Tribunal stay agreed with the family
                owner: Head of SEND
                until: 2100-01-01
              - case: C0004
                rule: reg13-final-plan
                reason: Tribunal stay agreed with the family
                owner: Head of SEND
                until: 2027-11-30
            """
        var book = WaiverBook()
        var d = Diagnostics()
        let asOf = Day(year: 2026, month: 12, day: 1)
        WaiverBook.parse(text, path: "waivers.yaml", check: .init(rules: ["reg13-final-plan"], asOf: asOf), into: &book, diagnostics: &d)
        #expect(
            d.shown.map(\.description) == [
                "waivers.yaml:6:13: error: waiver 1: the reason must say in words why the duty is waived (at least three words), for whoever reads it next",
                "waivers.yaml:13:12: error: waiver 2 for C0003 reg13-final-plan lasts until 2100-01-01, more than 12 months after 2026-12-01: agree a shorter waiver and renew it if it is still needed (alerts.max_waiver sets the longest)",
            ])
        var longer = Diagnostics()
        var other = WaiverBook()
        WaiverBook.parse(
            text, path: "waivers.yaml", check: .init(rules: ["reg13-final-plan"], asOf: asOf, longestMonths: 1200), into: &other, diagnostics: &longer
        )
        #expect(longer.errorCount == 1, "only the dots")
        #expect(!WaiverBook.isReason("xx xx xx") && !WaiverBook.isReason("Tribunal stay") && WaiverBook.isReason("Tribunal stay agreed"))
    }
}
