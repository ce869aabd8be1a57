#if Alerts
    import Foundation
    import SendCheckAlerts
    import SendCheckCore
    import Testing

    /// SMTPTransport against a real SMTP server (aiosmtpd, scripts/smtp-test-server.py). Every test
    /// uses its own recipients, so a server shared with other runs is filtered by them.
    @Suite("SMTP transport", .enabled(if: TestSMTPServer.available, TestSMTPServer.skipNote))
    struct SMTPTransportTests {
        static let password = "test-password"
        static let token = "test-token"

        /// `prefix-<unique>@example.org`: the prefix picks the server's behaviour (refuse, tempfail,
        /// drop, slow; anything else is accepted).
        static func address(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(13).lowercased())@example.org" }

        /// A minimal RFC 5322 message with CRLF line ends, a Message-ID and lines that need dot-stuffing.
        static func mail(to: String) -> OutgoingMail {
            let id = "\(UUID().uuidString.lowercased()).2026-11-29@sendcheck"
            let text = [
                "From: SEND alerts <alerts@council.example>", "To: \(to)", "Subject: 3 overdue EHC plans", "Message-ID: <\(id)>",
                "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii", "", "Three plans are past their 20-week deadline.",
                ".a line that starts with a dot", ".", "..two dots", "The end.", "",
            ].joined(separator: "\r\n")
            return OutgoingMail(
                messageID: id, from: "alerts@council.example", to: to, subject: "3 overdue EHC plans", text: "", html: "", bytes: Array(text.utf8))
        }

        static func settings(_ port: Int, _ security: SMTPSettings.Security, host: String = "127.0.0.1") -> SMTPSettings {
            var settings = SMTPSettings(host: host, port: port, security: security)
            settings.connectTimeout = 10
            settings.replyTimeout = 10
            return settings
        }

        /// Delivers and returns the reports, checking they come once each, in order.
        static func deliver(_ transport: SMTPTransport, _ mails: [OutgoingMail]) -> [Delivery] {
            var reports: [(Int, Delivery)] = []
            transport.deliver(mails) { reports.append(($0, $1)) }
            #expect(reports.map(\.0) == Array(mails.indices))
            return reports.map(\.1)
        }

        /// The server saved exactly what was sent: the same bytes (it undoes the dot-stuffing), the
        /// envelope and the Message-ID.
        static func expectSaved(_ received: TestSMTPServer.Received, _ mail: OutgoingMail) {
            // As text for a readable difference; both are ASCII.
            #expect(String(decoding: received.bytes, as: UTF8.self) == String(decoding: mail.bytes, as: UTF8.self))
            #expect(received.bytes == mail.bytes)
            #expect(received.recipients == [mail.to])
            #expect(received.mailFrom == mail.from)
            #expect(received.messageID == mail.messageID)
        }

        @Test("plain: two messages on one connection, saved byte for byte")
        func plainTwo() throws {
            let server = try TestSMTPServer.shared()
            let mails = [Self.mail(to: Self.address("a")), Self.mail(to: Self.address("b"))]
            let reports = Self.deliver(SMTPTransport(settings: Self.settings(server.plain, .plain), secret: nil), mails)
            #expect(reports.map(\.isAccepted) == [true, true], "\(reports)")
            #expect(reports.allSatisfy { $0.detail.hasPrefix("250") })
            let received = try server.received(for: Set(mails.map(\.to)))
            try #require(received.count == 2)
            Self.expectSaved(received[0], mails[0])
            Self.expectSaved(received[1], mails[1])
            #expect(received[0].peer == received[1].peer, "one connection for the run")
            #expect(!received[0].tls && received[0].authUser == nil && received[0].listener == "plain")
        }

        @Test(
            "STARTTLS with the test certificate as caFile, then AUTH",
            arguments: [nil, SMTPAuthMechanism.plain, .login, .xoauth2])
        func startTLSAuth(mechanism: SMTPAuthMechanism?) throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.startTLS, .startTLS)
            settings.caFile = server.cert
            settings.username = "sendcheck"
            settings.mechanism = mechanism
            let secret = mechanism == .xoauth2 ? Self.token : Self.password
            let mail = Self.mail(to: Self.address("auth"))
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: secret), [mail])
            #expect(reports.map(\.isAccepted) == [true], "\(reports)")
            let received = try server.received(for: [mail.to])
            try #require(received.count == 1)
            Self.expectSaved(received[0], mail)
            #expect(received[0].tls && received[0].authUser == "sendcheck" && received[0].listener == "starttls")
        }

        @Test("implicit TLS, with the host name checked against the certificate")
        func implicitTLS() throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.tls, .tls, host: "localhost")
            settings.caFile = server.cert
            settings.username = "sendcheck"
            let mails = [Self.mail(to: Self.address("tls1")), Self.mail(to: Self.address("tls2"))]
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: Self.password), mails)
            #expect(reports.map(\.isAccepted) == [true, true], "\(reports)")
            let received = try server.received(for: Set(mails.map(\.to)))
            try #require(received.count == 2)
            Self.expectSaved(received[0], mails[0])
            Self.expectSaved(received[1], mails[1])
            #expect(received.allSatisfy { $0.tls && $0.authUser == "sendcheck" && $0.listener == "tls" })
        }

        @Test("without caFile the self-signed certificate fails verification: nothing is sent", arguments: [SMTPSettings.Security.tls, .startTLS])
        func untrustedCertificate(security: SMTPSettings.Security) throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(security == .tls ? server.tls : server.startTLS, security)
            settings.username = "sendcheck"
            let mails = [Self.mail(to: Self.address("untrusted1")), Self.mail(to: Self.address("untrusted2"))]
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: Self.password), mails)
            for report in reports {
                guard case .failed(let detail) = report else {
                    Issue.record("expected a failure, got \(report)")
                    continue
                }
                #expect(detail.contains("TLS"), "\(detail)")
                #expect(!detail.contains(Self.password))
            }
            #expect(try server.received(for: Set(mails.map(\.to))).isEmpty)
        }

        @Test("STARTTLS asked of a server that does not offer it: every message fails, none goes in clear")
        func startTLSNotOffered() throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.plain, .startTLS)
            settings.caFile = server.cert
            let mails = [Self.mail(to: Self.address("clear1")), Self.mail(to: Self.address("clear2"))]
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: nil), mails)
            #expect(reports.allSatisfy { if case .failed(let d) = $0 { d.contains("STARTTLS") } else { false } }, "\(reports)")
            #expect(try server.received(for: Set(mails.map(\.to))).isEmpty)
        }

        @Test("a refused recipient does not stop the others; 550 is permanent, 451 is not")
        func refusedRecipient() throws {
            let server = try TestSMTPServer.shared()
            let mails = ["ok1", "refuse", "ok2", "tempfail", "ok3"].map { Self.mail(to: Self.address($0)) }
            let reports = Self.deliver(SMTPTransport(settings: Self.settings(server.plain, .plain), secret: nil), mails)
            try #require(reports.count == 5)
            #expect(reports[0].isAccepted && reports[2].isAccepted && reports[4].isAccepted, "\(reports)")
            guard case .refused(true, let detail) = reports[1] else {
                Issue.record("expected a permanent refusal, got \(reports[1])")
                return
            }
            #expect(detail.contains("550") && detail.contains("RCPT"), "\(detail)")
            guard case .refused(false, let transient) = reports[3] else {
                Issue.record("expected a transient refusal, got \(reports[3])")
                return
            }
            #expect(transient.contains("451"))
            let received = try server.received(for: Set(mails.map(\.to)))
            #expect(received.map(\.recipients) == [[mails[0].to], [mails[2].to], [mails[4].to]])
            #expect(Set(received.map(\.peer)).count == 1, "RSET keeps the connection")
        }

        @Test("a dropped connection fails the message in hand; the next goes on a new connection")
        func droppedConnection() throws {
            let server = try TestSMTPServer.shared()
            let mails = ["before", "drop", "after"].map { Self.mail(to: Self.address($0)) }
            let reports = Self.deliver(SMTPTransport(settings: Self.settings(server.plain, .plain), secret: nil), mails)
            try #require(reports.count == 3)
            #expect(reports[0].isAccepted && reports[2].isAccepted, "\(reports)")
            guard case .failed(let detail) = reports[1] else {
                Issue.record("expected a failure, got \(reports[1])")
                return
            }
            #expect(detail.contains("closed"), "\(detail)")
            let received = try server.received(for: Set(mails.map(\.to)))
            try #require(received.count == 2)
            Self.expectSaved(received[0], mails[0])
            Self.expectSaved(received[1], mails[2])
            #expect(received[0].peer != received[1].peer, "reconnected")
        }

        @Test("the connection is remade once only: a second drop fails the rest")
        func reconnectOnce() throws {
            let server = try TestSMTPServer.shared()
            let mails = ["drop", "drop", "after", "later"].map { Self.mail(to: Self.address($0)) }
            let reports = Self.deliver(SMTPTransport(settings: Self.settings(server.plain, .plain), secret: nil), mails)
            #expect(reports.allSatisfy { if case .failed = $0 { true } else { false } }, "\(reports)")
            #expect(try server.received(for: Set(mails.map(\.to))).isEmpty)
        }

        @Test("a reply that does not come within replyTimeout fails the message; the next is delivered")
        func replyTimeout() throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.plain, .plain)
            settings.replyTimeout = 1
            let mails = ["slow", "after"].map { Self.mail(to: Self.address($0)) }
            let start = Date()
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: nil), mails)
            #expect(Date().timeIntervalSince(start) < 4.5, "the 5 s reply was not waited for")
            try #require(reports.count == 2)
            guard case .failed(let detail) = reports[0] else {
                Issue.record("expected a failure, got \(reports[0])")
                return
            }
            #expect(detail.contains("within 1 s"), "\(detail)")
            #expect(reports[1].isAccepted, "\(reports[1])")
            #expect(try server.received(for: Set(mails.map(\.to))).map(\.recipients) == [[mails[1].to]])
        }

        @Test("a wrong password fails every message, and no detail holds it", arguments: [SMTPAuthMechanism.plain, .login])
        func wrongPassword(mechanism: SMTPAuthMechanism) throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.startTLS, .startTLS)
            settings.caFile = server.cert
            settings.username = "sendcheck"
            settings.mechanism = mechanism
            let wrong = "wrong-Pa55word-\(UUID().uuidString.prefix(6))"
            let mails = [Self.mail(to: Self.address("nopass1")), Self.mail(to: Self.address("nopass2"))]
            let transport = SMTPTransport(settings: settings, secret: wrong)
            let reports = Self.deliver(transport, mails)
            for report in reports {
                guard case .failed(let detail) = report else {
                    Issue.record("expected a failure, got \(report)")
                    continue
                }
                #expect(detail.contains("535") && detail.contains("sendcheck"), "\(detail)")
                #expect(!detail.contains(wrong))
                #expect(!detail.contains(SMTPAuthentication.plain(user: "sendcheck", password: wrong)))
            }
            #expect(!transport.name.contains(wrong))
            #expect(try server.received(for: Set(mails.map(\.to))).isEmpty)
        }

        @Test("AUTH in clear is allowed to this machine only (the test server's plain listener)")
        func plainAuthToLocalhost() throws {
            let server = try TestSMTPServer.shared()
            var settings = Self.settings(server.plain, .plain)
            settings.username = "sendcheck"
            let mail = Self.mail(to: Self.address("local"))
            let reports = Self.deliver(SMTPTransport(settings: settings, secret: Self.password), [mail])
            #expect(reports.map(\.isAccepted) == [true], "\(reports)")
            let received = try server.received(for: [mail.to])
            #expect(received.map(\.authUser) == ["sendcheck"] && received.map(\.tls) == [false])
        }
    }

    /// What needs no server: the name, a refused connection, addresses that would inject commands.
    @Suite("SMTP transport without a server")
    struct SMTPTransportOfflineTests {
        @Test("the name gives host, port and security, never the secret")
        func name() {
            let settings = SMTPSettings(host: "smtp.example.org", port: 587, security: .startTLS)
            #expect(SMTPTransport(settings: settings, secret: "hunter2").name == "SMTP smtp.example.org:587 (STARTTLS)")
            #expect(SMTPTransport(settings: SMTPSettings(host: "::1", port: 465, security: .tls), secret: nil).name == "SMTP [::1]:465 (TLS)")
            #expect(SMTPTransport(settings: SMTPSettings(host: "relay", port: 25, security: .plain), secret: nil).name == "SMTP relay:25 (plain)")
        }

        @Test("a refused connection fails every message")
        func refusedConnection() {
            var settings = SMTPSettings(host: "127.0.0.1", port: 1, security: .plain)
            settings.connectTimeout = 5
            let mails = [SMTPTransportTests.mail(to: "a@example.org"), SMTPTransportTests.mail(to: "b@example.org")]
            let reports = SMTPTransportTests.deliver(SMTPTransport(settings: settings, secret: nil), mails)
            #expect(reports.count == 2)
            #expect(reports.allSatisfy { if case .failed(let d) = $0 { d.contains("cannot connect to 127.0.0.1:1") } else { false } }, "\(reports)")
        }

        @Test("a password is never sent in clear to another machine: refused before connecting")
        func noClearAuthToOtherHosts() {
            // 192.0.2.1 (TEST-NET-1) is never routed: a connection attempt would time out, not refuse.
            var settings = SMTPSettings(host: "192.0.2.1", port: 25, security: .plain)
            settings.connectTimeout = 20
            settings.username = "sendcheck"
            let start = Date()
            let mails = [SMTPTransportTests.mail(to: "a@example.org"), SMTPTransportTests.mail(to: "b@example.org")]
            let reports = SMTPTransportTests.deliver(SMTPTransport(settings: settings, secret: "s3cret"), mails)
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(
                reports.allSatisfy { if case .failed(let d) = $0 { d.contains("without TLS") && !d.contains("s3cret") } else { false } }, "\(reports)"
            )
        }
    }
#endif
