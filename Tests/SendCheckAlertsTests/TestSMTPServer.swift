#if Alerts
    import Foundation
    import SendCheckCore
    import Testing

    /// The SMTP test server (scripts/smtp-test-server.py, aiosmtpd): the one whose folder is in
    /// SENDCHECK_TEST_SMTP (CI starts it), else one started here once for the whole test process and
    /// stopped when it exits.
    struct TestSMTPServer: Sendable {
        let directory: String
        let plain: Int
        let startTLS: Int
        let tls: Int
        /// The self-signed certificate (localhost, 127.0.0.1), as a caFile.
        let cert: String

        struct Unavailable: Error, CustomStringConvertible {
            var description: String
        }

        static let environment = ProcessInfo.processInfo.environment

        /// Whether the tests can run: a server is given, aiosmtpd can be imported, or the server is
        /// required (SENDCHECK_REQUIRE_SMTP=1: the tests then fail rather than skip without it).
        static let available: Bool = {
            if environment["SENDCHECK_TEST_SMTP"] != nil || environment["SENDCHECK_REQUIRE_SMTP"] == "1" { return true }
            return (try? run(["python3", "-c", "import aiosmtpd"])) == 0
        }()

        static let skipNote: Comment = "aiosmtpd is not installed (python3 -m pip install aiosmtpd); SENDCHECK_REQUIRE_SMTP=1 fails instead"

        /// The repository root, three folders above this file.
        static let root: String = {
            var url = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 { url.deleteLastPathComponent() }
            return url.path
        }()

        private static let started: Result<TestSMTPServer, Unavailable> = {
            if let directory = environment["SENDCHECK_TEST_SMTP"] {
                return read(directory, waiting: 30, process: nil)
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sendcheck-smtp-\(UUID().uuidString)").path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", root + "/scripts/smtp-test-server.py", "--dir", directory, "--stop-on-stdin-eof"]
                // The server stops when this pipe closes, which it does when this process ends.
                process.standardInput = Pipe()
                try process.run()
                serverPID = process.processIdentifier
                serverDirectory = directory
                atexit {
                    guard serverPID > 0 else { return }
                    kill(serverPID, SIGTERM)
                    var status: Int32 = 0
                    var tenths = 0
                    while waitpid(serverPID, &status, WNOHANG) == 0 {
                        tenths += 1
                        if tenths == 50 { kill(serverPID, SIGKILL) }
                        usleep(100_000)
                    }
                    try? FileManager.default.removeItem(atPath: serverDirectory)
                }
                return read(directory, waiting: 60, process: process)
            } catch {
                return .failure(Unavailable(description: "cannot start scripts/smtp-test-server.py: \(error)"))
            }
        }()

        /// The server, started on first use.
        static func shared() throws -> TestSMTPServer { try started.get() }

        private static func read(_ directory: String, waiting seconds: Double, process: Process?) -> Result<TestSMTPServer, Unavailable> {
            let deadline = Date().addingTimeInterval(seconds)
            let path = directory + "/ports.json"
            while Date() < deadline {
                if let data = FileManager.default.contents(atPath: path),
                    let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let plain = json["plain"] as? Int, let startTLS = json["starttls"] as? Int, let tls = json["tls"] as? Int,
                    let cert = json["cert"] as? String
                {
                    return .success(TestSMTPServer(directory: directory, plain: plain, startTLS: startTLS, tls: tls, cert: cert))
                }
                if let process, !process.isRunning {
                    return .failure(Unavailable(description: "scripts/smtp-test-server.py exited with \(process.terminationStatus)"))
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return .failure(Unavailable(description: "no \(path) after \(Int(seconds)) s"))
        }

        private static func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// One accepted message as the server logged and saved it.
        struct Received {
            var mailFrom: String
            var recipients: [String]
            var messageID: String?
            var authUser: String?
            var tls: Bool
            var listener: String
            /// The client's address and port: equal for messages sent on one connection.
            var peer: String
            /// The bytes after DATA, un-dot-stuffed by the server.
            var bytes: [UInt8]
        }

        /// The accepted messages for any of `recipients`, in the order the server took them.
        func received(for recipients: Set<String>) throws -> [Received] {
            let log = (try? String(contentsOfFile: directory + "/log.jsonl", encoding: .utf8)) ?? ""
            var found: [(Int, Received)] = []
            for line in log.split(separator: "\n") {
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let rcpts = entry["rcpt_tos"] as? [String] ?? []
                guard !recipients.isDisjoint(with: rcpts) else { continue }
                let n = try #require(entry["n"] as? Int)
                let data = try #require(FileManager.default.contents(atPath: "\(directory)/messages/\(n).eml"))
                found.append(
                    (
                        n,
                        Received(
                            mailFrom: entry["mail_from"] as? String ?? "", recipients: rcpts, messageID: entry["message_id"] as? String,
                            authUser: entry["auth_user"] as? String, tls: entry["tls"] as? Bool ?? false,
                            listener: entry["listener"] as? String ?? "",
                            peer: entry["peer"] as? String ?? "", bytes: Array(data))
                    ))
            }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The test server's process and folder, for the exit handler (set once, when it starts).
    nonisolated(unsafe) private var serverPID: pid_t = 0
    nonisolated(unsafe) private var serverDirectory = ""
#endif
