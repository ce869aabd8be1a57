#if Alerts
    import NIOCore
    import NIOPosix
    import NIOSSL
    import SendCheckCore

    /// Delivers digests over SMTP (RFC 5321) with SwiftNIO: one connection for the run, STARTTLS or
    /// implicit TLS with the certificate always verified, AUTH PLAIN, LOGIN or XOAUTH2. A drop or a
    /// timeout fails the message in hand and is reconnected once for the rest.
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
            var tlsContext: NIOSSLContext?
            let tls = { () throws(SMTPFailure) -> NIOSSLContext in
                if let tlsContext { return tlsContext }
                let context = try self.makeTLSContext()
                tlsContext = context
                return context
            }
            var session: SMTPSession?
            var connections = 0
            var stopped: String?
            for (index, mail) in mails.enumerated() {
                if let stopped {
                    try report(index, .failed(detail: stopped))
                    continue
                }
                if session == nil {
                    connections += 1
                    do {
                        session = try SMTPSession.open(settings: settings, secret: secret, tls: tls, group: group)
                    } catch {
                        let reason = redacted(connections == 1 ? "\(error)" : "reconnecting after a lost connection failed: \(error)")
                        stopped = reason
                        try report(index, .failed(detail: reason))
                        continue
                    }
                }
                guard let current = session else { continue }
                let delivery: Delivery
                do {
                    delivery = try current.send(mail)
                } catch {
                    try report(index, .failed(detail: redacted("\(error)")))
                    current.close()
                    session = nil
                    if connections >= 2 { stopped = redacted("not sent: the connection was lost again after one reconnect (\(error))") }
                    continue
                }
                try report(index, delivery.redacting(secret))
                do {
                    try current.resetIfNeeded()
                } catch {
                    // The refusal is reported; the connection is gone and counts as lost.
                    current.close()
                    session = nil
                    if connections >= 2 { stopped = redacted("not sent: the connection was lost again after one reconnect (\(error))") }
                }
            }
            session?.quit()
        }

        /// Verification always on; `caFile` adds trust roots, it never replaces verification.
        private func makeTLSContext() throws(SMTPFailure) -> NIOSSLContext {
            var configuration = TLSConfiguration.makeClientConfiguration()
            do {
                if let caFile = settings.caFile {
                    configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
                }
                return try NIOSSLContext(configuration: configuration)
            } catch {
                throw SMTPFailure("TLS cannot be set up (caFile \(settings.caFile ?? "none")): \(error)")
            }
        }

        private func redacted(_ text: String) -> String {
            guard let secret, !secret.isEmpty else { return text }
            return text.replacing(secret, with: "[secret]")
        }
    }

    extension Delivery {
        /// The same outcome with any echo of the secret in the server's words blanked.
        fileprivate func redacting(_ secret: String?) -> Delivery {
            guard let secret, !secret.isEmpty else { return self }
            switch self {
            case .accepted(let d): return .accepted(detail: d.replacing(secret, with: "[secret]"))
            case .refused(let p, let d): return .refused(permanent: p, detail: d.replacing(secret, with: "[secret]"))
            case .failed(let d): return .failed(detail: d.replacing(secret, with: "[secret]"))
            }
        }
    }
#endif
