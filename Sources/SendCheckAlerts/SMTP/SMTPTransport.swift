#if Alerts
    import NIOCore
    import NIOPosix
    import SendCheckCore

    /// Delivers digests over SMTP (RFC 5321) with SwiftNIO: one connection for the run, STARTTLS or
    /// implicit TLS with the certificate always verified, AUTH PLAIN, LOGIN or XOAUTH2. A drop or a
    /// timeout fails the message in hand and is reconnected once for the rest.
    ///
    /// Every wait is bounded: a reply by `replyTimeout`, a message by `messageTimeout`, the night by
    /// `limits.runSeconds`; a run of `limits.failuresInARow` failures stops the rest (`SMTPRun`). No
    /// detail it reports holds a credential, in any form the server might echo.
    public final class SMTPTransport: MailTransport {
        private let settings: SMTPSettings
        private let secret: String?

        /// `secret` is the password or OAuth token, already read by the caller; nil sends no AUTH.
        public init(settings: SMTPSettings, secret: String?) {
            self.settings = settings
            self.secret = secret
        }

        public var name: String {
            let security: String
            switch settings.security {
            case .plain: security = "plain"
            case .startTLS: security = "STARTTLS"
            case .tls: security = "TLS"
            }
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            return "SMTP \(host):\(settings.port) (\(security))"
        }

        public func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
            guard !mails.isEmpty else { return }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            defer { try? group.syncShutdownGracefully() }
            let run = SMTPRun(settings: settings, secret: secret, group: group)
            defer { run.finish() }
            for (index, mail) in mails.enumerated() {
                try report(index, run.send(mail))
            }
        }
    }
#endif
