#if Alerts
    import Foundation
    import SendCheckCore

    /// Hands digests to a server, a program or a folder. One transport serves one run: it may keep a
    /// connection open across messages, and reports each message's fate as soon as it is known, so
    /// the caller records an acceptance before the next message goes.
    public protocol MailTransport {
        /// For messages and the log ("SMTP smtp.example.org:587 (STARTTLS)"), never a secret.
        var name: String { get }
        /// Delivers the messages in order. `report` is called once per message, in order, with its
        /// index in `mails`, before the next message is attempted. A dropped connection fails the
        /// message in hand (and is reconnected, once, for the rest); nothing is reported accepted that
        /// the server did not accept. If `report` throws (the acceptance could not be recorded),
        /// nothing more is sent and the error is rethrown.
        func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows
    }

    /// Reads a secret from where the configuration says it is.
    public enum Secrets {
        public struct Failure: Error, CustomStringConvertible {
            public var description: String
        }

        /// The secret, trimmed of surrounding white space and line ends. Errors name the source,
        /// never the secret.
        public static func read(_ source: SecretSource, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
            let value: String
            switch source {
            case .environment(let name):
                guard let v = environment[name], !v.isEmpty else { throw Failure(description: "\(source) is not set") }
                value = v
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path), let v = String(data: data, encoding: .utf8) else {
                    throw Failure(description: "\(source) cannot be read")
                }
                value = v
            case .command(let command):
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command]
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.standardError
                do { try process.run() } catch { throw Failure(description: "\(source) could not be started: \(error.localizedDescription)") }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else { throw Failure(description: "\(source) exited with \(process.terminationStatus)") }
                value = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw Failure(description: "\(source) gives an empty secret") }
            return trimmed
        }
    }
#endif
