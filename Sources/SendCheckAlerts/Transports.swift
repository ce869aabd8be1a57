#if Alerts
    import Foundation
    import SendCheckCore
    import SendCheckRuntime

    /// Builds the night's transport from the configuration and the command line's overrides.
    public enum Transports {
        public struct Failure: Error, CustomStringConvertible {
            public var description: String
        }

        /// `outbox` (a folder) or `smtp` (a URL) replace the configured transport; an SMTP URL keeps
        /// the configured SMTP credentials, certificate authority, timeouts and limits.
        public static func make(_ settings: AlertSettings, smtp: String?, outbox: String?, folder: String) throws -> any MailTransport {
            if let outbox { return OutboxTransport(folder: outbox) }
            var configured = settings.transport
            if let smtp {
                switch SMTPSettings.parse(url: smtp) {
                case .failure(let e): throw Failure(description: "--smtp: \(e)")
                case .success(var s):
                    if case .smtp(let c) = configured {
                        s.username = s.username ?? c.username
                        s.secret = c.secret
                        s.mechanism = c.mechanism
                        s.caFile = c.caFile
                        s.connectTimeout = c.connectTimeout
                        s.replyTimeout = c.replyTimeout
                        s.messageTimeout = c.messageTimeout
                        s.limits = c.limits
                        s.helo = c.helo
                    }
                    configured = .smtp(s)
                }
            }
            switch configured {
            case .none:
                throw Failure(description: "no transport: set alerts.transport in the configuration, or give --smtp or --outbox")
            case .smtp(var s):
                s.caFile = s.caFile.map { FileSource.resolve($0, against: folder) }
                let secret = try s.secret.map { try Secrets.read($0) }
                return SMTPTransport(settings: s, secret: secret)
            case .notify(let n):
                return NotifyTransport(settings: n, apiKey: try Secrets.read(n.apiKey))
            case .sendmail(let settings):
                return SendmailTransport(settings: settings)
            case .outbox(let f):
                return OutboxTransport(folder: FileSource.resolve(f, against: folder))
            }
        }
    }
#endif
