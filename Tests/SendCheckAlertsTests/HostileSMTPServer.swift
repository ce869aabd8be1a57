#if Alerts
    import Foundation
    import Testing

    /// `scripts/smtp-hostile-server.py` run for one test: an SMTP server on 127.0.0.1 that misbehaves
    /// in one way (its mode), with the lines it was sent read back. It needs only python3.
    final class HostileSMTPServer {
        /// python3 is there, or the server is required (SENDCHECK_REQUIRE_SMTP=1: the tests then fail
        /// rather than skip without it).
        static let available: Bool = {
            if ProcessInfo.processInfo.environment["SENDCHECK_REQUIRE_SMTP"] == "1" { return true }
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            probe.arguments = ["python3", "-c", "pass"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return false }
            probe.waitUntilExit()
            return probe.terminationStatus == 0
        }()

        static let skipNote: Comment = "python3 is not installed; SENDCHECK_REQUIRE_SMTP=1 fails instead"

        let dir: String
        let port: Int
        private let process = Process()

        init(mode: String, delay: Double = 1) throws {
            dir = NSTemporaryDirectory() + "sendcheck-hostile-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", TestSMTPServer.root + "/scripts/smtp-hostile-server.py", "--dir", dir, "--mode", mode, "--delay", String(delay),
                "--lifetime", "120", "--stop-on-stdin-eof",
            ]
            // It stops when this pipe closes, which it does when the test process ends.
            process.standardInput = Pipe()
            try process.run()
            let deadline = Date().addingTimeInterval(15)
            var port: Int?
            while port == nil, Date() < deadline, process.isRunning {
                port = (try? String(contentsOfFile: dir + "/port", encoding: .utf8)).flatMap { Int($0) }
                if port == nil { Thread.sleep(forTimeInterval: 0.02) }
            }
            guard let port else {
                if process.isRunning { process.terminate() }
                try? FileManager.default.removeItem(atPath: dir)
                throw TestSMTPServer.Unavailable(description: "scripts/smtp-hostile-server.py did not start")
            }
            self.port = port
        }

        /// Ends the server and removes its folder.
        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: dir)
        }

        /// Every line the server was sent, in order.
        var commands: [String] {
            ((try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }
#endif
