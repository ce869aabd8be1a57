#if Alerts
    import Foundation
    import SendCheckCore

    /// Hands each message to a local MTA on standard input (`sendmail -i -- RECIPIENT`), as cron
    /// and mail(1) do. Exit 0 is acceptance; anything else is reported with what the program said.
    public struct SendmailTransport: MailTransport {
        public let program: String
        public var name: String { "sendmail \(program)" }

        public init(program: String) { self.program = program }

        public func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
            for (i, mail) in mails.enumerated() {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = (mail.from.isEmpty ? ["-i"] : ["-i", "-f", mail.from]) + ["--", mail.to]
                let input = Pipe()
                let errors = Pipe()
                process.standardInput = input
                process.standardOutput = errors
                process.standardError = errors
                do {
                    try process.run()
                } catch {
                    try report(i, .failed(detail: "\(program) could not be started: \(error.localizedDescription)"))
                    continue
                }
                // The message with LF line ends, as sendmail expects on standard input.
                let text = String(decoding: mail.bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                input.fileHandleForWriting.write(Data(text.utf8))
                try? input.fileHandleForWriting.close()
                let said = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let words = String(decoding: said.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if process.terminationStatus == 0 {
                    try report(i, .accepted(detail: "\(program) exit 0"))
                } else {
                    try report(i, .failed(detail: "\(program) exit \(process.terminationStatus)\(words.isEmpty ? "" : ": " + words)"))
                }
            }
        }
    }
#endif
