#if Alerts
    import Foundation
    import NIOCore
    import NIOHTTP1
    import NIOPosix
    import NIOSSL
    import SendCheckCore

    /// Sends each digest through GOV.UK Notify's REST API (`POST /v2/notifications/email`) with an
    /// email template whose subject is `((subject))` and body `((body))`.
    ///
    /// One request per message, with a fresh token each time. A 429 is retried after the waits in
    /// `backoff`; a 401/403 (wrong key, revoked key, clock adrift) refuses this message and every
    /// later one without another request, since each would be refused the same way. Each request
    /// takes at most `settings.timeout` seconds; the night's deadline and a run of failures (Notify
    /// down or unreachable) stop the rest, which stay queued (`DeliveryLimits`).
    public final class NotifyTransport: MailTransport {
        /// Seconds waited before each retry after a 429.
        public static let backoff: [Double] = [1, 2, 4]

        public let settings: NotifySettings
        private let apiKey: String
        private let sleep: (Double) -> Void
        private let now: () -> Int

        /// `apiKey` is the secret itself (read with `Secrets.read(settings.apiKey)`); `sleep` and `now`
        /// are there for tests (no waiting, a clock that is off).
        public init(
            settings: NotifySettings, apiKey: String, sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
            now: @escaping () -> Int = { Int(Date().timeIntervalSince1970) }
        ) {
            self.settings = settings
            self.apiKey = apiKey
            self.sleep = sleep
            self.now = now
        }

        public var name: String {
            switch NotifyEndpoint.parse(baseURL: settings.baseURL) {
            case .success(let endpoint): return "GOV.UK Notify (\(endpoint.hostHeader))"
            case .failure: return "GOV.UK Notify (invalid base URL)"
            }
        }

        public func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
            guard !mails.isEmpty else { return }
            let endpoint: NotifyEndpoint
            let key: NotifyAPIKey
            let tls: NIOSSLContext?
            do {
                endpoint = try NotifyEndpoint.parse(baseURL: settings.baseURL).get()
                key = try NotifyAPIKey.parse(apiKey).get()
                tls = endpoint.tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
            } catch {
                for index in mails.indices { try report(index, .failed(detail: "not sent: \(error)")) }
                return
            }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            defer { try? group.syncShutdownGracefully() }
            let client = NotifyHTTPClient(group: group, endpoint: endpoint, tls: tls)
            var limits = DeliveryGuard(settings.limits, who: "GOV.UK Notify")
            var refusal: String?
            for (index, mail) in mails.enumerated() {
                if let refusal {
                    try report(index, .refused(permanent: true, detail: "not sent: an earlier message was refused: \(refusal)"))
                    continue
                }
                if let stopped = limits.stopped {
                    try report(index, .failed(detail: stopped))
                    continue
                }
                let (delivery, refuseAll) = send(mail, key: key, client: client, before: limits.runDeadline)
                if refuseAll { refusal = delivery.detail }
                limits.count(delivery)
                try report(index, delivery)
            }
        }

        /// One message, retried after a 429 while the night's deadline allows; `refuseAll` when the key
        /// itself was refused.
        private func send(_ mail: OutgoingMail, key: NotifyAPIKey, client: NotifyHTTPClient, before deadline: Deadline) -> (
            Delivery, refuseAll: Bool
        ) {
            let body = Array(NotifyRequest.body(for: mail, templateID: settings.templateID).utf8)
            var waits = Self.backoff[...]
            while true {
                let token = NotifyRequest.jwt(serviceID: key.serviceID, secret: key.secret, issuedAt: now())
                let timeout = min(settings.timeout, max(1, deadline.remainingSeconds))
                let response: NotifyHTTPResponse
                do {
                    response = try client.post(
                        path: client.endpoint.emailPath, headers: NotifyRequest.headers(token: token), body: body, timeout: timeout)
                } catch {
                    return (.failed(detail: "GOV.UK Notify at \(client.endpoint.hostHeader): \(Self.describe(error))"), false)
                }
                switch NotifyRequest.outcome(of: NotifyReplyReader.reply(status: response.status, body: response.body)) {
                case .settled(let delivery): return (delivery, false)
                case .refuseAll(let delivery): return (delivery, true)
                case .retry(let detail):
                    guard let wait = waits.popFirst() else {
                        return (.failed(detail: "\(detail) (still after \(Self.backoff.count) retries)"), false)
                    }
                    guard Double(deadline.remainingSeconds) > wait else { return (.failed(detail: "\(detail) (\(deadline.reason))"), false) }
                    sleep(wait)
                }
            }
        }

        /// A connection error in a few words ("connection refused"), not NIO's whole record of it; TLS
        /// errors (a certificate that does not verify) say so.
        static func describe(_ error: Error) -> String {
            if let error = error as? NIOConnectionError {
                if let first = error.connectionErrors.first { return "could not connect: \(first.error)" }
                if let dns = error.dnsAError ?? error.dnsAAAAError { return "could not look up the host: \(dns)" }
                return "could not connect"
            }
            if case ChannelError.connectTimeout = error { return "could not connect in time" }
            if error is NIOSSLError { return "TLS failed: \(error)" }
            // NIO reads at most 80 KiB of a reply's head.
            if case HTTPParserError.headerOverflow = error { return "the reply's headers are longer than this client reads" }
            if let error = error as? HTTPParserError { return "the reply is not HTTP this client reads (\(error))" }
            return String(describing: error)
        }
    }
#endif
