#if Alerts
    import Foundation
    import SendCheckAlerts
    import SendCheckCore
    import Testing

    /// NotifyTransport against `scripts/notify-test-server.py`, which checks tokens and bodies as
    /// GOV.UK Notify does. Each test has its own server on its own port.
    @Suite("Notify transport")
    struct NotifyTransportTests {
        static func mail(to: String, subject: String = "SEND: 2 overdue", text: String = "Hello") -> OutgoingMail {
            OutgoingMail(
                messageID: "\(to.prefix(while: { $0 != "@" })).2025-01-31@sendcheck", from: "alerts@council.example", to: to, subject: subject,
                text: text, html: "<p>\(text)</p>", bytes: Array("Subject: \(subject)\r\n\r\n\(text)\r\n".utf8))
        }

        static func transport(
            _ server: NotifyTestServer, apiKey: String? = nil, baseURL: String? = nil, timeout: Int = 10,
            sleep: @escaping (Double) -> Void = { _ in }, now: @escaping () -> Int = { Int(Date().timeIntervalSince1970) }
        ) -> NotifyTransport {
            var settings = NotifySettings(apiKey: .environment("NOTIFY_API_KEY"), templateID: server.templateID)
            settings.baseURL = baseURL ?? server.baseURL
            settings.timeout = timeout
            return NotifyTransport(settings: settings, apiKey: apiKey ?? server.apiKey, sleep: sleep, now: now)
        }

        /// Delivers and returns the outcomes, checking that each message is reported once, in order.
        static func deliver(_ transport: NotifyTransport, _ mails: [OutgoingMail]) -> [Delivery] {
            var outcomes: [Delivery] = []
            transport.deliver(mails) { index, delivery in
                #expect(index == outcomes.count)
                outcomes.append(delivery)
            }
            #expect(outcomes.count == mails.count)
            return outcomes
        }

        @Test("two messages are accepted, with the subject and text as personalisation and the Message-ID as reference")
        func accepted() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let mails = [
                Self.mail(to: "alice@council.example", subject: #"Ysgol "Bro" – 2 overdue"#, text: "Line one\nCafé ✓ \\ \"quoted\"\n"),
                Self.mail(to: "bob@council.example"),
            ]
            let outcomes = Self.deliver(Self.transport(server), mails)
            let requests = server.requests
            try #require(requests.count == 2)
            for (i, request) in requests.enumerated() {
                #expect(outcomes[i] == .accepted(detail: "GOV.UK Notify 201, notification \(request["id"] as? String ?? "?")"))
                #expect(request["email_address"] as? String == mails[i].to)
                #expect(request["template_id"] as? String == server.templateID)
                #expect(request["personalisation"] as? [String: String] == ["subject": mails[i].subject, "body": mails[i].text])
                #expect(request["reference"] as? String == mails[i].messageID)
                #expect(request["user_agent"] as? String == "sendcheck")
                #expect(request["content_type"] as? String == "application/json")
            }
        }

        @Test("a 400 refuses that message for good, and the next one is still sent")
        func badRequest() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let outcomes = Self.deliver(Self.transport(server), [Self.mail(to: "bad@council.example"), Self.mail(to: "ok@council.example")])
            #expect(
                outcomes[0]
                    == .refused(permanent: true, detail: "GOV.UK Notify 400 BadRequestError: Can’t send to this recipient using a team-only API key"))
            #expect(outcomes[1].isAccepted)
            #expect(server.requests.map { $0["email_address"] as? String } == ["ok@council.example"])
        }

        @Test("a 429 is retried after the back-off waits, then accepted")
        func rateLimited() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            var sleeps: [Double] = []
            let outcomes = Self.deliver(Self.transport(server, sleep: { sleeps.append($0) }), [Self.mail(to: "ratelimit@council.example")])
            #expect(outcomes[0].isAccepted)
            #expect(sleeps == [1, 2])
            #expect(server.log.map { $0["status"] as? Int } == [429, 429, 201])
            #expect(server.requests.count == 1)
        }

        @Test("a 429 that lasts past three retries fails the message, to be sent on the next run")
        func rateLimitedForGood() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            var sleeps: [Double] = []
            let outcomes = Self.deliver(Self.transport(server, sleep: { sleeps.append($0) }), [Self.mail(to: "busy@council.example")])
            #expect(
                outcomes[0]
                    == .failed(
                        detail: "GOV.UK Notify 429 TooManyRequestsError: Exceeded send limits (email: 250000) for today (still after 3 retries)"))
            #expect(sleeps == NotifyTransport.backoff)
            #expect(server.log.count == 4)
        }

        @Test("a wrong API key: the first message gets a 403 and the rest are refused without a request")
        func wrongKey() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let serviceID = String(server.apiKey.suffix(73).prefix(36))
            let wrong = NotifyTestServer.makeKey(serviceID: serviceID)
            let transport = Self.transport(server, apiKey: wrong)
            let outcomes = Self.deliver(transport, ["a", "b", "c"].map { Self.mail(to: "\($0)@council.example") })
            let first = "GOV.UK Notify 403 AuthError: Invalid token: API key not found"
            #expect(outcomes[0] == .refused(permanent: true, detail: first))
            for later in outcomes.dropFirst() {
                #expect(later == .refused(permanent: true, detail: "not sent: an earlier message was refused: \(first)"))
            }
            #expect(server.log.count == 1)
            #expect(server.requests.isEmpty)
            for text in outcomes.map(\.detail) + [transport.name] { #expect(!text.contains(String(wrong.suffix(36)))) }
        }

        @Test("a clock more than 30 s adrift is refused (403) once, as Notify does")
        func clockAdrift() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let late = Self.transport(server, now: { Int(Date().timeIntervalSince1970) - 120 })
            let outcomes = Self.deliver(late, [Self.mail(to: "a@council.example"), Self.mail(to: "b@council.example")])
            #expect(
                outcomes[0]
                    == .refused(
                        permanent: true, detail: "GOV.UK Notify 403 AuthError: Error: Your system clock must be accurate to within 30 seconds"))
            guard case .refused(true, _) = outcomes[1] else {
                Issue.record("\(outcomes[1])")
                return
            }
            #expect(server.log.count == 1)
        }

        @Test("a 500 fails the message (to be sent next run) and the next one is still sent")
        func serverError() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let outcomes = Self.deliver(Self.transport(server), [Self.mail(to: "boom@council.example"), Self.mail(to: "ok@council.example")])
            #expect(outcomes[0] == .failed(detail: "GOV.UK Notify 500 Exception: Internal server error"))
            #expect(outcomes[1].isAccepted)
        }

        @Test("the server down (connection refused) fails every message")
        func serverDown() throws {
            let server = try NotifyTestServer()
            server.stop()
            let outcomes = Self.deliver(Self.transport(server), [Self.mail(to: "a@council.example"), Self.mail(to: "b@council.example")])
            for outcome in outcomes {
                guard case .failed(let detail) = outcome else {
                    Issue.record("expected a failure, got \(outcome)")
                    continue
                }
                #expect(detail.hasPrefix("GOV.UK Notify at 127.0.0.1:\(server.port): could not connect"))
                #expect(detail.lowercased().contains("refused"))
            }
        }

        @Test("no reply within the timeout fails the message")
        func timeout() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let outcomes = Self.deliver(Self.transport(server, timeout: 1), [Self.mail(to: "slow@council.example")])
            #expect(outcomes[0] == .failed(detail: "GOV.UK Notify at 127.0.0.1:\(server.port): no reply within 1 s"))
        }

        @Test("https to a server that does not speak TLS fails the message")
        func tlsRequired() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let outcomes = Self.deliver(Self.transport(server, baseURL: "https://127.0.0.1:\(server.port)"), [Self.mail(to: "a@council.example")])
            guard case .failed(let detail) = outcomes[0] else {
                Issue.record("\(outcomes[0])")
                return
            }
            #expect(detail.hasPrefix("GOV.UK Notify at 127.0.0.1:\(server.port): TLS failed: "))
            #expect(server.log.isEmpty)
        }

        @Test(
            "https with a certificate that does not verify (self-signed) fails the message",
            .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "openssl makes the certificate"))
        func certificateVerified() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notify-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let (cert, key) = (folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent("key.pem").path)
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost",
            ]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            try #require(openssl.terminationStatus == 0)
            let server = try NotifyTestServer(tls: (cert, key))
            defer { server.stop() }
            let outcomes = Self.deliver(Self.transport(server, baseURL: "https://localhost:\(server.port)"), [Self.mail(to: "a@council.example")])
            guard case .failed(let detail) = outcomes[0] else {
                Issue.record("\(outcomes[0])")
                return
            }
            #expect(detail.contains("TLS failed") && detail.contains("CERTIFICATE_VERIFY_FAILED"), "\(detail)")
            #expect(server.log.isEmpty)
        }

        @Test("plain http to another host, or a malformed key, fails every message without a request and without the key")
        func badSettings() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let remote = Self.deliver(
                Self.transport(server, baseURL: "http://api.notifications.service.gov.uk"), [Self.mail(to: "a@council.example")])
            #expect(remote[0].detail.contains("must use https://"))
            guard case .failed = remote[0] else {
                Issue.record("\(remote[0])")
                return
            }
            let cut = String(server.apiKey.dropLast(2))
            let mangled = Self.deliver(Self.transport(server, apiKey: cut), [Self.mail(to: "a@council.example"), Self.mail(to: "b@council.example")])
            for outcome in mangled {
                guard case .failed(let detail) = outcome else {
                    Issue.record("\(outcome)")
                    return
                }
                #expect(detail.contains("GOV.UK Notify API key"))
                #expect(!detail.contains(cut.suffix(30)))
            }
            #expect(server.log.isEmpty)
        }

        @Test("the name gives the host and port, never the key")
        func name() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let transport = Self.transport(server)
            #expect(transport.name == "GOV.UK Notify (127.0.0.1:\(server.port))")
            var settings = NotifySettings(apiKey: .file("/etc/sendcheck/notify-key"), templateID: server.templateID)
            #expect(NotifyTransport(settings: settings, apiKey: server.apiKey).name == "GOV.UK Notify (api.notifications.service.gov.uk)")
            settings.baseURL = "https://user:secret@example.org"
            #expect(NotifyTransport(settings: settings, apiKey: server.apiKey).name == "GOV.UK Notify (invalid base URL)")
        }
    }

    /// `scripts/notify-test-server.py` run for one test: a GOV.UK Notify stand-in on 127.0.0.1 that
    /// checks tokens and bodies as Notify does, with its log and accepted requests read back.
    final class NotifyTestServer {
        /// The repository's root, three folders above this file.
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        /// A fresh key in Notify's shape: `{name}-{service id}-{secret}`.
        static func makeKey(serviceID: String = UUID().uuidString.lowercased()) -> String {
            "sendcheck_test-\(serviceID)-\(UUID().uuidString.lowercased())"
        }

        let dir: URL
        let apiKey: String
        let templateID = UUID().uuidString.lowercased()
        let port: Int
        private let process = Process()

        var baseURL: String { "http://127.0.0.1:\(port)" }

        init(apiKey: String = NotifyTestServer.makeKey(), tls: (cert: String, key: String)? = nil) throws {
            self.apiKey = apiKey
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", Self.root.appendingPathComponent("scripts/notify-test-server.py").path, "--dir", dir.path, "--api-key", apiKey,
                "--template", templateID, "--lifetime", "300",
            ]
            if let tls { process.arguments! += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
            try process.run()
            let portFile = dir.appendingPathComponent("port")
            let deadline = Date().addingTimeInterval(15)
            var port: Int?
            while port == nil, Date() < deadline, process.isRunning {
                port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
                if port == nil { Thread.sleep(forTimeInterval: 0.02) }
            }
            guard let port else {
                if process.isRunning { process.terminate() }
                try? FileManager.default.removeItem(at: dir)
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the Notify test server did not start"])
            }
            self.port = port
        }

        /// Ends the server (it serves until told) and removes its folder.
        func stop() {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(5)
                while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: dir)
        }

        /// Every request the server answered: `status`, `email_address`, `path`.
        var log: [[String: Any]] { lines("log.jsonl") }

        /// The accepted requests: `id`, `email_address`, `template_id`, `personalisation`, `reference`,
        /// `user_agent`, `content_type`.
        var requests: [[String: Any]] { lines("requests.jsonl") }

        private func lines(_ name: String) -> [[String: Any]] {
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
    }
#endif
