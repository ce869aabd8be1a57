#if Alerts
    import Foundation
    import SendCheckCore

    /// Hands each message to a local MTA on standard input (`sendmail -i -f FROM -- RECIPIENT`), as
    /// cron and mail(1) do. Exit 0 after taking the whole message is acceptance; anything else is
    /// reported with what the program said.
    ///
    /// The program runs for at most `settings.timeout` seconds per message (then it is stopped), its
    /// output is read up to a bound, and a program that exits without reading the message is a
    /// failure, not a crash. The night's deadline and a run of failures stop the rest (`DeliveryLimits`).
    public struct SendmailTransport: MailTransport {
        public let settings: SendmailSettings
        public var program: String { settings.path }
        public var name: String { "sendmail \(program)" }

        public init(settings: SendmailSettings) { self.settings = settings }

        public init(program: String) { self.init(settings: SendmailSettings(path: program)) }

        public func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
            var limits = DeliveryGuard(settings.limits, who: program)
            for (i, mail) in mails.enumerated() {
                if let stopped = limits.stopped {
                    try report(i, .failed(detail: stopped))
                    continue
                }
                let own = Deadline(seconds: settings.timeout, reason: "\(program) did not finish within \(settings.timeout) s, and was stopped")
                let delivery = send(mail, before: Deadline.earliest(own, limits.runDeadline))
                limits.count(delivery)
                try report(i, delivery)
            }
        }

        /// One message, the program stopped at `deadline` if it has not finished.
        func send(_ mail: OutgoingMail, before deadline: Deadline) -> Delivery {
            let arguments = (mail.from.isEmpty ? ["-i"] : ["-i", "-f", mail.from]) + ["--", mail.to]
            // The message with LF line ends, as sendmail expects on standard input.
            let text = Array(String(decoding: mail.bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            let outcome: ChildProcess.Outcome
            do {
                outcome = try ChildProcess.run(program, arguments: arguments, input: text, until: deadline.instant)
            } catch {
                return .failed(detail: "not accepted: \(error)")
            }
            let said = Self.words(outcome)
            switch outcome.end {
            case .timedOut:
                return .failed(detail: "not accepted: \(deadline.reason)\(said)")
            case .signalled(let signal):
                return .failed(detail: "not accepted: \(program) was ended by signal \(signal)\(said)")
            case .exited(let status) where status != 0:
                return .failed(detail: "\(program) exit \(status)\(said)")
            case .exited:
                guard outcome.inputUnread == 0 else {
                    return .failed(
                        detail:
                            "not accepted: \(program) exited 0 without reading the whole message (\(outcome.inputUnread) of \(text.count) bytes unread)\(said)"
                    )
                }
                return .accepted(detail: "\(program) exit 0")
            }
        }

        /// ": " and the first 500 bytes the program printed, on one line, and how much more there was.
        static func words(_ outcome: ChildProcess.Outcome) -> String {
            let text = String(decoding: outcome.output.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return "" }
            let line = text.split(whereSeparator: \.isNewline).joined(separator: " / ")
            return ": " + line + (outcome.outputBytes > 500 ? " (… \(outcome.outputBytes) bytes of output in all)" : "")
        }
    }
#endif
