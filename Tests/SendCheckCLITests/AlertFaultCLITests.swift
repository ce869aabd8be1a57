import Foundation
import Testing

/// `sendcheck alert` when things go wrong around it, as cron would meet them: a state path that is
/// not a state, a read-only or full disk, a hung MTA, a server that echoes the credentials. Each ends
/// with the documented exit and a located message, within bounded time.
@Suite("sendcheck alert faults", .serialized)
struct AlertFaultCLITests {
    typealias CLI = CLITests

    /// A copy of the sample (`AlertCLITests.sample`) with its state and transport replaced.
    static func sample(state: String, transport: String) throws -> String {
        let folder = try AlertCLITests.sample()
        try configure(folder, state: state, transport: transport)
        return folder
    }

    static func configure(_ folder: String, state: String, transport: String) throws {
        let config = try String(contentsOfFile: folder + "/sendcheck.yaml", encoding: .utf8)
            .replacingOccurrences(of: "state: alerts-state.sqlite", with: "state: \(state)")
            .replacingOccurrences(of: "  transport:\n    outbox: outbox\n", with: "  transport:\n" + transport)
        try config.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
    }

    /// python3 runs the hostile SMTP server; SENDCHECK_REQUIRE_SMTP=1 fails rather than skips without it.
    static let python: Bool = {
        if ProcessInfo.processInfo.environment["SENDCHECK_REQUIRE_SMTP"] == "1" { return true }
        return (try? CLI.run(["python3", "-c", "pass"], executable: "/usr/bin/env").status) == 0
    }()

    /// A fake MTA: a shell script written through a descriptor no parallel child can inherit.
    static func program(_ path: String, _ body: String) throws -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(fd >= 0)
        let bytes = Array(("#!/bin/sh\n" + body).utf8)
        let written = write(fd, bytes, bytes.count)
        close(fd)
        try #require(written == bytes.count)
        return path
    }

    #if Alerts
        @Test("exit 75 only while another run holds the lock; --state /dev/null, a missing folder or a linked lock are exit 2")
        func lock() throws {
            let folder = try AlertCLITests.sample()
            let devNull = try CLI.run(["alert", "--as-of", "2026-11-29", "--state", "/dev/null"], in: folder)
            #expect(devNull.status == 2)
            #expect(
                devNull.stderr.contains(
                    "sendcheck: /dev/null: the alert state must be a regular file (the SQLite file sendcheck creates); this is a character device"),
                "\(devNull.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "/dev/null.lock"))
            let missing = try CLI.run(["alert", "--as-of", "2026-11-29", "--state", folder + "/no-such-folder/alerts.sqlite"], in: folder)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("the state's folder \(folder)/no-such-folder cannot be used: no such folder"), "\(missing.stderr)")
            symlink(folder + "/elsewhere", folder + "/alerts-state.sqlite.lock")
            let linked = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(linked.status == 2)
            #expect(linked.stderr.contains("alerts-state.sqlite.lock: cannot create the run's lock: it is a symbolic link"), "\(linked.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/elsewhere"))
        }

        @Test("a hung MTA is stopped at its timeout, the rest wait for the next run, and the lock is free again")
        func hungSendmail() throws {
            let config = try AlertCLITests.sample()
            let mta = try Self.program(config + "/mta", "cat > /dev/null\nsleep 1000\n")
            try Self.configure(config, state: "alerts-state.sqlite", transport: "    sendmail: \(mta)\n    timeout: 1\n    max_failures: 2\n")
            let start = Date()
            let first = try CLI.run(["alert", "--as-of", "2026-11-29"], in: config)
            let elapsed = Date().timeIntervalSince(start)
            #expect(first.status == 1, "\(first.stderr)")
            #expect(elapsed < 10, "two timeouts of 1 s: \(elapsed) s")
            #expect(first.stderr.contains(": not accepted: \(mta) did not finish within 1 s, and was stopped\n"), "\(first.stderr)")
            #expect(first.stderr.contains(": not attempted: \(mta) failed 2 times in a row\n"), "\(first.stderr)")
            let second = try CLI.run(["alert", "--as-of", "2026-11-29"], in: config)
            #expect(second.status == 1, "not 75: the lock went with the first run \(second.stderr)")
        }

        @Test(
            "a server that echoes the AUTH line: no credential on standard error or in the state",
            .enabled(if: Self.python, "python3 is not installed; SENDCHECK_REQUIRE_SMTP=1 fails instead"))
        func echoedCredentials() throws {
            let server = try Self.hostileSMTP(mode: "echo-auth-refused")
            defer { server.process.terminate() }
            let transport =
                "    smtp: smtp://127.0.0.1:\(server.port)\n    username: sendcheck\n    auth: plain\n    password_env: SENDCHECK_TEST_PASSWORD\n"
            let folder = try Self.sample(state: "alerts-state.sqlite", transport: transport)
            let password = "Tr0ub4dor-and-3-horses"
            let run = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder, environment: ["SENDCHECK_TEST_PASSWORD": password])
            #expect(run.status == 1)
            #expect(
                run.stderr.contains("the server refused AUTH PLAIN as sendcheck: 535 5.7.8 credentials refused: AUTH [redacted]"), "\(run.stderr)")
            let plain = Data([0] + Array("sendcheck".utf8) + [0] + Array(password.utf8)).base64EncodedString()
            let state = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/alerts-state.sqlite")), as: UTF8.self)
            for text in [run.stderr, run.stdout, state] {
                for secret in [password, plain, String(plain.prefix(12)), String(plain.suffix(12))] { #expect(!text.contains(secret)) }
            }
        }

        @Test("a full outbox disk says so, and leaves no partial file")
        func fullOutbox() throws {
            try #require(Sandbox.available, Sandbox.note)
            let folder = try Self.sample(state: "alerts-state.sqlite", transport: "    outbox: disk\n")
            try FileManager.default.createDirectory(atPath: folder + "/disk", withIntermediateDirectories: true)
            let script = """
                mount -t tmpfs -o size=64k tmpfs \(folder)/disk && dd if=/dev/zero of=\(folder)/disk/fill bs=4k 2>/dev/null
                \(CLI.binary) alert --as-of 2026-11-29 > \(folder)/out 2> \(folder)/err
                echo $? > \(folder)/status
                ls \(folder)/disk > \(folder)/left
                """
            _ = try Sandbox.run(script, in: folder)
            let status = try String(contentsOfFile: folder + "/status", encoding: .utf8)
            let err = try String(contentsOfFile: folder + "/err", encoding: .utf8)
            #expect(status == "1\n", "\(err)")
            #expect(err.contains("the disk is full (No space left on device)"), "\(err)")
            #expect(!err.contains("No such file or directory"))
            #expect(try String(contentsOfFile: folder + "/left", encoding: .utf8) == "fill\n", "no partial file is left")
        }

        @Test("a read-only state folder is exit 2, located, not 75")
        func readOnlyState() throws {
            try #require(Sandbox.available, Sandbox.note)
            let folder = try AlertCLITests.sample()
            try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
            let script = """
                mount --bind \(folder)/state \(folder)/state && mount -o remount,bind,ro \(folder)/state
                \(CLI.binary) alert --as-of 2026-11-29 --state \(folder)/state/alerts.sqlite > \(folder)/out 2> \(folder)/err
                echo $? > \(folder)/status
                """
            _ = try Sandbox.run(script, in: folder)
            let err = try String(contentsOfFile: folder + "/err", encoding: .utf8)
            #expect(try String(contentsOfFile: folder + "/status", encoding: .utf8) == "2\n", "\(err)")
            #expect(
                err.contains("\(folder)/state/alerts.sqlite.lock: cannot create the run's lock: the folder is on a read-only file system"), "\(err)")
        }

        @Test("the state's disk fills after the first acceptance: exit 74, and the next night sends one digest twice at most")
        func fullStateDisk() throws {
            try #require(Sandbox.available, Sandbox.note)
            let config = try AlertCLITests.sample()
            // The MTA logs each Message-ID; at its second message it fills the state's disk.
            let mta = try Self.program(
                config + "/mta",
                """
                grep -i '^Message-ID:' >> \(config)/sent
                if [ "$(wc -l < \(config)/sent)" -eq 2 ] && [ ! -e \(config)/filled ]; then
                  touch \(config)/filled; dd if=/dev/zero of=\(config)/state/fill bs=4k 2>/dev/null
                fi
                exit 0

                """)
            try Self.configure(config, state: "state/alerts.sqlite", transport: "    sendmail: \(mta)\n")
            try FileManager.default.createDirectory(atPath: config + "/state", withIntermediateDirectories: true)
            let night = "\(CLI.binary) alert --as-of"
            let script = """
                mount -t tmpfs -o size=1m tmpfs \(config)/state
                \(night) 2026-11-29 > \(config)/out1 2> \(config)/err1; echo $? > \(config)/status1
                rm -f \(config)/state/fill
                \(night) 2026-11-30 > \(config)/out2 2> \(config)/err2; echo $? > \(config)/status2
                """
            _ = try Sandbox.run(script, in: config)
            let err1 = try String(contentsOfFile: config + "/err1", encoding: .utf8)
            #expect(try String(contentsOfFile: config + "/status1", encoding: .utf8) == "74\n", "\(err1)")
            #expect(err1.contains("state/alerts.sqlite: cannot record that the digest to "), "\(err1)")
            #expect(err1.contains("was accepted (") && err1.contains("full"), "\(err1)")
            #expect(err1.contains("sending stopped at once") && err1.contains("1 digest was sent and recorded before it"), "\(err1)")
            let err2 = try String(contentsOfFile: config + "/err2", encoding: .utf8)
            #expect(try String(contentsOfFile: config + "/status2", encoding: .utf8) == "0\n", "\(err2)")
            let sent = try String(contentsOfFile: config + "/sent", encoding: .utf8).split(separator: "\n")
            let twice = Dictionary(grouping: sent, by: { $0 }).filter { $0.value.count > 1 }
            #expect(twice.count == 1 && twice.values.allSatisfy { $0.count == 2 }, "one digest twice, no more: \(sent)")
            #expect(sent.count > 3, "the rest went the next night")
        }
    #endif

    /// scripts/smtp-hostile-server.py in the given mode, on a port of its own.
    static func hostileSMTP(mode: String) throws -> (process: Process, port: Int) {
        let dir = try CLI.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CLI.root + "/scripts/smtp-hostile-server.py", "--dir", dir, "--mode", mode, "--stop-on-stdin-eof"]
        process.standardInput = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, process.isRunning {
            if let port = (try? String(contentsOfFile: dir + "/port", encoding: .utf8)).flatMap({ Int($0) }) { return (process, port) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "scripts/smtp-hostile-server.py did not start"])
    }
}

/// A shell in a mount namespace of its own (and a user namespace when not root), where a test can
/// mount a small tmpfs, fill it, or mount a folder read-only, without touching the machine's mounts.
enum Sandbox {
    static let arguments: [String] = geteuid() == 0 ? ["--mount"] : ["--user", "--map-root-user", "--mount"]

    /// Whether `unshare` can make one here and mount a tmpfs in it. SENDCHECK_REQUIRE_NAMESPACES=1
    /// makes the tests that need one fail rather than skip without it.
    static let available: Bool = {
        if ProcessInfo.processInfo.environment["SENDCHECK_REQUIRE_NAMESPACES"] == "1" { return true }
        guard let folder = try? CLITests.temporaryFolder() else { return false }
        return (try? run("mount -t tmpfs -o size=64k tmpfs \(folder)", in: folder).status) == 0
    }()

    static let note: Comment = "unshare cannot make a mount namespace here; SENDCHECK_REQUIRE_NAMESPACES=1 fails instead"

    static func run(_ script: String, in folder: String) throws -> CLITests.Run {
        try CLITests.run(arguments + ["/bin/sh", "-c", script], in: folder, executable: "/usr/bin/unshare")
    }
}
