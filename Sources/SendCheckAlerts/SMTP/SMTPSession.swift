#if Alerts
    import NIOCore
    import NIOSSL
    import SendCheckCore

    /// An SMTP session ready for mail: greeted, EHLO'd, under TLS when asked, authenticated when a
    /// secret is given. Sends one message at a time.
    final class SMTPSession {
        private let connection: SMTPConnection
        private let capabilities: SMTPCapabilities
        /// A MAIL FROM was taken and the transaction not finished: RSET before the next one.
        private var inTransaction = false

        private init(connection: SMTPConnection, capabilities: SMTPCapabilities) {
            self.connection = connection
            self.capabilities = capabilities
        }

        /// No reply is waited for past this (the message's deadline, or the night's).
        var deadline: Deadline? {
            get { connection.deadline }
            set { connection.deadline = newValue }
        }

        /// Connects and sets the session up, before `deadline`. Any failure here fails every message
        /// that would use it.
        static func open(
            settings: SMTPSettings, secret: String?, tls: () throws(SMTPFailure) -> NIOSSLContext, group: any EventLoopGroup, deadline: Deadline
        ) throws(SMTPFailure) -> SMTPSession {
            if secret != nil, settings.security == .plain, !isLocal(settings.host) { throw clearAuthRefused(settings.host) }
            let serverHostname = (try? SocketAddress(ipAddress: settings.host, port: 0)) == nil ? settings.host : nil
            let connection = try SMTPConnection.open(
                host: settings.host, port: settings.port, tls: settings.security == .tls ? try tls() : nil, serverHostname: serverHostname,
                connectTimeout: min(settings.connectTimeout, max(1, deadline.remainingSeconds)), replyTimeout: settings.replyTimeout, group: group)
            connection.deadline = deadline
            do throws(SMTPFailure) {
                let greeting = try connection.reply(to: "the greeting")
                guard greeting.code == 220 else { throw SMTPFailure("the server turned the connection away: \(greeting)") }
                var capabilities = try hello(connection, settings: settings)
                if settings.security == .startTLS {
                    guard capabilities.startTLS else {
                        throw SMTPFailure("the server does not offer STARTTLS: nothing is sent without TLS (use smtp:// for a plain relay)")
                    }
                    let reply = try connection.command("STARTTLS", stage: "STARTTLS")
                    guard reply.code == 220 else { throw SMTPFailure("STARTTLS was refused: \(reply)") }
                    try connection.startTLS(context: try tls(), serverHostname: serverHostname)
                    capabilities = try hello(connection, settings: settings)
                }
                if let secret {
                    try authenticate(connection, capabilities: capabilities, settings: settings, secret: secret)
                }
                return SMTPSession(connection: connection, capabilities: capabilities)
            } catch {
                connection.close()
                throw error
            }
        }

        /// EHLO; HELO only on a plain connection whose server refuses EHLO (no extensions then).
        private static func hello(_ connection: SMTPConnection, settings: SMTPSettings) throws(SMTPFailure) -> SMTPCapabilities {
            let name = try validatedHelo(settings.helo)
            let reply = try connection.command("EHLO \(name)", stage: "EHLO")
            if reply.code == 250 { return SMTPCapabilities(ehlo: reply) }
            guard reply.isPermanent, settings.security == .plain else { throw SMTPFailure("EHLO was refused: \(reply)") }
            let helo = try connection.command("HELO \(name)", stage: "HELO")
            guard helo.code == 250 else { throw SMTPFailure("EHLO and HELO were refused: \(helo)") }
            return SMTPCapabilities()
        }

        private static func validatedHelo(_ name: String) throws(SMTPFailure) -> String {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw SMTPFailure("the EHLO name '\(name)' is empty or holds spaces or control characters")
            }
            return name
        }

        /// This very machine: the only place a password may go without TLS.
        private static func isLocal(_ host: String) -> Bool { ["127.0.0.1", "localhost", "::1"].contains(host.lowercased()) }

        private static func clearAuthRefused(_ host: String) -> SMTPFailure {
            SMTPFailure("refusing to send a password or token to \(host) without TLS: use smtp+starttls:// or smtps://")
        }

        /// AUTH with the configured mechanism, or PLAIN if offered, else LOGIN. Never in clear except
        /// to this very machine. Errors name the user and mechanism, never the secret.
        private static func authenticate(_ connection: SMTPConnection, capabilities: SMTPCapabilities, settings: SMTPSettings, secret: String)
            throws(SMTPFailure)
        {
            guard connection.isTLS || isLocal(settings.host) else { throw clearAuthRefused(settings.host) }
            guard let user = settings.username, !user.isEmpty else {
                throw SMTPFailure("a password or token is set but no user name: give 'username' for the SMTP server")
            }
            let offered = capabilities.authMechanisms
            let mechanism: SMTPAuthMechanism
            if let wanted = settings.mechanism {
                guard offered.contains(wanted.rawValue) else {
                    throw SMTPFailure(
                        "the server does not offer AUTH \(wanted.rawValue) (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: " ")))")
                }
                mechanism = wanted
            } else if offered.contains("PLAIN") {
                mechanism = .plain
            } else if offered.contains("LOGIN") {
                mechanism = .login
            } else {
                throw SMTPFailure(
                    "the server offers neither AUTH PLAIN nor LOGIN (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: " ")))")
            }
            let stage = "AUTH \(mechanism.rawValue)"
            var reply: SMTPReply
            switch mechanism {
            case .plain:
                reply = try connection.command("AUTH PLAIN \(SMTPAuthentication.plain(user: user, password: secret))", stage: stage)
            case .login:
                let answers = SMTPAuthentication.login(user: user, password: secret)
                reply = try connection.command("AUTH LOGIN", stage: stage)
                if reply.code == 334 { reply = try connection.command(answers.user, stage: stage) }
                if reply.code == 334 { reply = try connection.command(answers.password, stage: stage) }
            case .xoauth2:
                reply = try connection.command("AUTH XOAUTH2 \(SMTPAuthentication.xoauth2(user: user, token: secret))", stage: stage)
                // On failure the server sends a 334 with a JSON error and waits for an empty line.
                if reply.code == 334 { reply = try connection.command("", stage: stage) }
            }
            guard reply.code == 235 else {
                throw SMTPFailure("the server refused AUTH \(mechanism.rawValue) as \(user): \(reply.code == 334 ? "\(reply.code)" : "\(reply)")")
            }
        }

        /// One transaction. A refusal at MAIL, RCPT or DATA is `.refused` (RSET follows through
        /// `resetIfNeeded`); a drop, a timeout or a protocol error throws. `.accepted` only on 250
        /// after the data.
        func send(_ mail: OutgoingMail) throws(SMTPFailure) -> Delivery {
            let data = SMTPData.dotStuffed(mail.bytes)
            if let limit = capabilities.size, limit > 0, mail.bytes.count > limit {
                return .refused(permanent: true, detail: "not sent: \(mail.bytes.count) bytes is over the server's limit of \(limit)")
            }
            let mailFrom: String
            let rcptTo: String
            do {
                mailFrom = try SMTPAddress.mailFrom(mail.from, size: capabilities.size == nil ? nil : mail.bytes.count)
                rcptTo = try SMTPAddress.rcptTo(mail.to)
            } catch {
                return .refused(permanent: true, detail: "not sent: \(error)")
            }
            inTransaction = true
            for (line, stage) in [(mailFrom, "MAIL FROM"), (rcptTo, "RCPT TO:<\(mail.to)>")] {
                let reply = try connection.command(line, stage: stage)
                if let refusal = try refusal(reply, stage: stage, expected: 200..<300) { return refusal }
            }
            let go = try connection.command("DATA", stage: "DATA")
            if let refusal = try refusal(go, stage: "DATA", expected: 354..<355) { return refusal }
            connection.write(data)
            let reply = try connection.reply(to: "the end of DATA")
            if let refusal = try refusal(reply, stage: "the message", expected: 250..<251) { return refusal }
            inTransaction = false
            return .accepted(detail: "\(reply)")
        }

        /// `.refused` for a 4xx or 5xx, nil for an expected code; anything else breaks the protocol.
        private func refusal(_ reply: SMTPReply, stage: String, expected: Range<Int>) throws(SMTPFailure) -> Delivery? {
            if expected.contains(reply.code) { return nil }
            if reply.isTransient || reply.isPermanent {
                return .refused(permanent: reply.isPermanent, detail: "\(stage) refused: \(reply)")
            }
            connection.close()
            throw SMTPFailure("\(stage): unexpected reply \(reply)")
        }

        /// RSET after a refusal, so the next message starts a clean transaction.
        func resetIfNeeded() throws(SMTPFailure) {
            guard inTransaction else { return }
            let reply = try connection.command("RSET", stage: "RSET")
            guard reply.code == 250 else {
                connection.close()
                throw SMTPFailure("RSET was refused: \(reply)")
            }
            inTransaction = false
        }

        /// QUIT, and the connection closed whatever the server says.
        func quit() {
            _ = try? connection.command("QUIT", stage: "QUIT")
            connection.close()
        }

        func close() { connection.close() }
    }
#endif
