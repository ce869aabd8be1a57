import Testing

@testable import SendCheckCore

/// `run_timeout`, `max_failures` and the per-message timeouts of each transport.
@Suite("Transport limits")
struct TransportLimitsTests {
    static func transport(_ yaml: String) -> (TransportSettings?, [String]) {
        let (settings, problems) = AlertSettingsTests.parse("alerts:\n  from: a@example.gov.uk\n  transport:\n" + yaml)
        return (settings?.transport, problems)
    }

    @Test("each transport takes its limits; the defaults hold when none is given")
    func limits() throws {
        let (smtp, p1) = Self.transport("    smtp: smtp://127.0.0.1:25\n    message_timeout: 120\n    run_timeout: 900\n    max_failures: 3\n")
        #expect(p1.isEmpty, "\(p1)")
        guard case .smtp(let s) = smtp else { throw Failure("not SMTP") }
        #expect(s.messageTimeout == 120 && s.limits.runSeconds == 900 && s.limits.failuresInARow == 3)
        let (notify, p2) = Self.transport("    notify: {api_key_env: K, template: t, timeout: 10, run_timeout: 600, max_failures: 2}\n")
        #expect(p2.isEmpty, "\(p2)")
        guard case .notify(let n) = notify else { throw Failure("not Notify") }
        #expect(n.timeout == 10 && n.limits.runSeconds == 600 && n.limits.failuresInARow == 2)
        let (sendmail, p3) = Self.transport("    sendmail: /usr/sbin/sendmail\n    timeout: 30\n")
        #expect(p3.isEmpty, "\(p3)")
        guard case .sendmail(let m) = sendmail else { throw Failure("not sendmail") }
        #expect(m.path == "/usr/sbin/sendmail" && m.timeout == 30 && m.limits == DeliveryLimits())
        #expect(DeliveryLimits().runSeconds == 3600 && DeliveryLimits().failuresInARow == 5)
        #expect(SendmailSettings(path: "x").timeout == 60 && SMTPSettings(host: "h", port: 25, security: .plain).messageTimeout == 300)
    }

    @Test("limits out of range, or on the outbox, are located errors")
    func mistakes() {
        let cases: [(String, String)] = [
            ("    smtp: smtp://h:25\n    run_timeout: 0\n", "sendcheck.yaml:6:18: error: 'run_timeout' must be from 1 to 86400 seconds, not 0"),
            ("    smtp: smtp://h:25\n    message_timeout: 7200\n", "'message_timeout' must be from 1 to 3600 seconds, not 7200"),
            ("    sendmail: /usr/sbin/sendmail\n    max_failures: 0\n", "sendcheck.yaml:6:19: error: 'max_failures' must be from 1 to 1000, not 0"),
            ("    outbox: out\n    run_timeout: 60\n", "unknown key 'run_timeout' in 'alerts.transport'"),
        ]
        for (yaml, expected) in cases {
            let (transport, problems) = Self.transport(yaml)
            #expect(transport == nil)
            #expect(problems.contains { $0.contains(expected) }, "\(problems)")
        }
    }

    struct Failure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
