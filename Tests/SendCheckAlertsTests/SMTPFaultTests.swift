#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore

    /// SMTPTransport against a hostile server (scripts/smtp-hostile-server.py): endless replies,
    /// floods, slow or silent answers, failures every time, and echoes of the credentials. Every
    /// run ends in bounded time and memory, with a reason that names the step, and no reason, reply
    /// or state holds a credential.
    @Suite("SMTP transport faults", .enabled(if: HostileSMTPServer.available, HostileSMTPServer.skipNote))
    struct SMTPFaultTests {
        static let user = "sendcheck"
        static let password = "Tr0ub4dor-and-3-horses"

        static func settings(_ server: HostileSMTPServer) -> SMTPSettings {
            var settings = SMTPSettings(host: "127.0.0.1", port: server.port, security: .plain)
            settings.connectTimeout = 5
            settings.replyTimeout = 10
            return settings
        }

        static func mails(_ n: Int) -> [OutgoingMail] { (1...n).map { SMTPTransportTests.mail(to: "r\($0)@example.org") } }

        /// The reports, and how long delivering took.
        static func deliver(_ settings: SMTPSettings, secret: String? = nil, _ mails: [OutgoingMail]) -> ([Delivery], Double) {
            let start = Date()
            let reports = SMTPTransportTests.deliver(SMTPTransport(settings: settings, secret: secret), mails)
            return (reports, Date().timeIntervalSince(start))
        }

        static func failures(_ reports: [Delivery]) -> [String] {
            reports.compactMap { if case .failed(let d) = $0 { d } else { nil } }
        }

        @Test(
            "an endless reply or an endless line fails at once, located, and memory stays bounded",
            arguments: [
                ("endless-lines", "the greeting: the server broke the protocol: the server sent a reply of more than 100 lines"),
                ("endless-line", "the greeting: the server broke the protocol: the server sent a line longer than 4096 bytes"),
            ])
        func endless(mode: String, reason: String) throws {
            let server = try HostileSMTPServer(mode: mode)
            defer { server.stop() }
            let (reports, elapsed) = Self.deliver(Self.settings(server), Self.mails(3))
            #expect(elapsed < 3, "not the 10 s reply timeout: \(elapsed) s")
            #expect(Self.failures(reports) == [reason, reason, reason], "\(reports)")
        }

        @Test("replies nobody asked for, without end, fail the message in bounded time")
        func unasked() throws {
            let server = try HostileSMTPServer(mode: "unasked")
            defer { server.stop() }
            let (reports, elapsed) = Self.deliver(Self.settings(server), Self.mails(2))
            #expect(elapsed < 3, "\(elapsed) s")
            #expect(Self.failures(reports).count == 2, "\(reports)")
            #expect(reports.allSatisfy { $0.detail.contains("broke the protocol") || $0.detail.contains("unexpected reply") }, "\(reports)")
        }

        @Test("a silent end of DATA fails at the message's deadline, not the reply timeout")
        func silentData() throws {
            let server = try HostileSMTPServer(mode: "silent-data")
            defer { server.stop() }
            var settings = Self.settings(server)
            settings.replyTimeout = 60
            settings.messageTimeout = 2
            let (reports, elapsed) = Self.deliver(settings, Self.mails(1))
            #expect(elapsed < 4, "\(elapsed) s")
            #expect(Self.failures(reports) == ["the end of DATA: the message was not accepted within 2 s (message_timeout)"], "\(reports)")
        }

        @Test("a slow server: each message has its deadline, and the night has one")
        func slow() throws {
            let server = try HostileSMTPServer(mode: "slow", delay: 0.5)
            defer { server.stop() }
            var settings = Self.settings(server)
            settings.messageTimeout = 1
            let (reports, _) = Self.deliver(settings, Self.mails(1))
            #expect(
                Self.failures(reports) == ["RCPT TO:<r1@example.org>: the message was not accepted within 1 s (message_timeout)"], "\(reports)")
            var night = Self.settings(server)
            night.limits.runSeconds = 2
            let (late, elapsed) = Self.deliver(night, Self.mails(4))
            #expect(elapsed < 3.5, "\(elapsed) s")
            let failures = Self.failures(late)
            #expect(failures.first?.hasSuffix(": the night's sending took longer than 2 s (run_timeout)") == true, "\(late)")
            #expect(failures.last == "not attempted: the night's sending took longer than 2 s (run_timeout)", "\(late)")
        }

        @Test("a server that fails every message: after max_failures in a row the rest are not attempted")
        func failuresInARow() throws {
            let server = try HostileSMTPServer(mode: "tempfail")
            defer { server.stop() }
            var settings = Self.settings(server)
            settings.limits.failuresInARow = 3
            let (reports, _) = Self.deliver(settings, Self.mails(6))
            #expect(reports.prefix(3).allSatisfy { $0 == .refused(permanent: false, detail: "MAIL FROM refused: 451 4.3.0 try again later") })
            #expect(Self.failures(Array(reports.dropFirst(3))) == Array(repeating: "not attempted: the server failed 3 times in a row", count: 3))
            #expect(server.commands.filter { $0.hasPrefix("MAIL FROM") }.count == 3)
        }

        /// Every piece of eight characters of every form the credentials take.
        static func fragments(user: String, secret: String) -> [String] {
            let forms = [
                secret, SMTPAuthentication.plain(user: user, password: secret), SMTPAuthentication.login(user: user, password: secret).password,
                SMTPAuthentication.xoauth2(user: user, token: secret),
            ]
            return forms.flatMap { form in (0...(form.count - 8)).map { String(form.dropFirst($0).prefix(8)) } }
        }

        @Test(
            "a server that echoes the AUTH line and the credentials: no report holds any part of them",
            arguments: [
                ("echo-auth", SMTPAuthMechanism.plain), ("echo-auth", .login), ("echo-auth", .xoauth2), ("echo-auth-refused", .plain),
                ("echo-auth-refused", .login), ("echo-auth-refused", .xoauth2),
            ])
        func echoedCredentials(mode: String, mechanism: SMTPAuthMechanism) throws {
            let server = try HostileSMTPServer(mode: mode)
            defer { server.stop() }
            var settings = Self.settings(server)
            settings.username = Self.user
            settings.mechanism = mechanism
            let (reports, _) = Self.deliver(settings, secret: Self.password, Self.mails(2))
            #expect(server.commands.contains { $0.hasPrefix("AUTH") }, "the credentials were sent, and echoed")
            #expect(reports.allSatisfy { mode == "echo-auth" ? $0.isAccepted : !$0.isAccepted }, "\(reports)")
            let shown = reports.map(\.detail).joined(separator: "\n")
            for piece in Self.fragments(user: Self.user, secret: Self.password) { #expect(!shown.contains(piece), "\(shown) holds \(piece)") }
        }

        @Test("through the nightly job: neither the state's replies nor its errors hold the credentials")
        func echoedIntoState() throws {
            for mode in ["echo-auth", "echo-auth-refused"] {
                let server = try HostileSMTPServer(mode: mode)
                defer { server.stop() }
                var settings = Self.settings(server)
                settings.username = Self.user
                settings.mechanism = .plain
                let folder = try AlertJobTests.Folder()
                let outcome = try AlertJobTests.night(
                    folder, "C1,North,jo@example.gov.uk,2026-10-01,,,,\n", Day(year: 2026, month: 12, day: 1)!,
                    transport: SMTPTransport(settings: settings, secret: Self.password))
                #expect(outcome.sent.count == (mode == "echo-auth" ? 3 : 0), "\(outcome.notSent)")
                let state = try #require(FileManager.default.contents(atPath: folder.path + "/alerts.sqlite"))
                let text = String(decoding: state, as: UTF8.self)
                #expect(text.contains(mode == "echo-auth" ? "250 2.0.0 queued; credentials were [secret]" : "AUTH [redacted]"))
                for piece in Self.fragments(user: Self.user, secret: Self.password) { #expect(!text.contains(piece), "the state holds \(piece)") }
            }
        }
    }
#endif
