#if Alerts
    import NIOCore
    import NIOSSL
    import SendCheckCore

    /// One night's sending over SMTP: the session (opened when first needed and remade once after a
    /// lost connection), each message's deadline, the night's deadline and the failures in a row.
    /// `send` never throws: every outcome is a `Delivery`, with credentials already hidden.
    final class SMTPRun {
        private let settings: SMTPSettings
        private let secret: String?
        private let group: any EventLoopGroup
        private let redactor: CredentialRedactor
        private var limits: DeliveryGuard
        private var tlsContext: NIOSSLContext?
        private var session: SMTPSession?
        private var connections = 0
        /// Set once the connection cannot be had: every later message fails with it.
        private var stopped: String?

        init(settings: SMTPSettings, secret: String?, group: any EventLoopGroup) {
            self.settings = settings
            self.secret = secret
            self.group = group
            redactor = CredentialRedactor(secret: secret, user: settings.username)
            limits = DeliveryGuard(settings.limits, who: "the server")
        }

        /// One message: not attempted once the night is stopped, else sent on the session.
        func send(_ mail: OutgoingMail) -> Delivery {
            if let stopped { return .failed(detail: stopped) }
            if let stopped = limits.stopped { return .failed(detail: stopped) }
            let delivery = redacted(attempt(mail))
            limits.count(delivery)
            return delivery
        }

        /// QUIT, whatever happened.
        func finish() {
            session?.quit()
            session = nil
        }

        private func attempt(_ mail: OutgoingMail) -> Delivery {
            let current: SMTPSession
            do {
                current = try openSession()
            } catch {
                stopped = redactor.redact(connections == 1 ? "\(error)" : "reconnecting after a lost connection failed: \(error)")
                return .failed(detail: stopped ?? "")
            }
            let message = Deadline(
                seconds: settings.messageTimeout, reason: "the message was not accepted within \(settings.messageTimeout) s (message_timeout)")
            current.deadline = Deadline.earliest(message, limits.runDeadline)
            defer { current.deadline = limits.runDeadline }
            let delivery: Delivery
            do {
                delivery = try current.send(mail)
            } catch {
                lost(current, error)
                return .failed(detail: "\(error)")
            }
            do {
                try current.resetIfNeeded()
            } catch {
                // The refusal stands; the connection is gone and counts as lost.
                lost(current, error)
            }
            return delivery
        }

        private func openSession() throws(SMTPFailure) -> SMTPSession {
            if let session { return session }
            connections += 1
            let opened = try SMTPSession.open(
                settings: settings, secret: secret, tls: { () throws(SMTPFailure) -> NIOSSLContext in try self.tls() }, group: group,
                deadline: limits.runDeadline)
            session = opened
            return opened
        }

        private func lost(_ current: SMTPSession, _ error: any Error) {
            current.close()
            session = nil
            if connections >= 2 { stopped = redactor.redact("not sent: the connection was lost again after one reconnect (\(error))") }
        }

        /// Verification always on; `caFile` adds trust roots, it never replaces verification.
        private func tls() throws(SMTPFailure) -> NIOSSLContext {
            if let tlsContext { return tlsContext }
            var configuration = TLSConfiguration.makeClientConfiguration()
            do {
                if let caFile = settings.caFile {
                    configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
                }
                let context = try NIOSSLContext(configuration: configuration)
                tlsContext = context
                return context
            } catch {
                throw SMTPFailure("TLS cannot be set up (caFile \(settings.caFile ?? "none")): \(error)")
            }
        }

        /// The same outcome with every form of the secret in the server's words hidden.
        private func redacted(_ delivery: Delivery) -> Delivery {
            switch delivery {
            case .accepted(let d): return .accepted(detail: redactor.redact(d))
            case .refused(let p, let d): return .refused(permanent: p, detail: redactor.redact(d))
            case .failed(let d): return .failed(detail: redactor.redact(d))
            }
        }
    }
#endif
