import Foundation
import Testing

/// `sendcheck alert` as cron runs it: the built binary, the sample configuration, an outbox.
@Suite("sendcheck alert", .serialized)
struct AlertCLITests {
    typealias CLI = CLITests

    /// A copy of examples/alerts with its own state and outbox, so runs do not share state.
    static func sample() throws -> String {
        let folder = try CLI.temporaryFolder()
        let config = try String(contentsOfFile: CLI.root + "/examples/alerts/sendcheck.yaml", encoding: .utf8)
            .replacingOccurrences(of: "cases: [../cases.csv]", with: "cases: [\(CLI.root)/examples/cases.csv]")
        try config.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CLI.root + "/examples/alerts/waivers.yaml", toPath: folder + "/waivers.yaml")
        return folder
    }

    #if Alerts
        @Test("the first night sends one digest per recipient; a second run the same day sends nothing; exit 0 both times")
        func nights() throws {
            let folder = try Self.sample()
            let first = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.hasPrefix("sendcheck alert: as of 2026-11-29: "))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/outbox").filter { $0.hasSuffix(".eml") }
            #expect(files.count >= 5, "caseworkers, managers and the head of service: \(files)")
            let all = try files.map { try String(contentsOfFile: folder + "/outbox/" + $0, encoding: .utf8) }.joined()
            #expect(!all.contains("2015-03-02"), "no date of birth reaches an email")
            #expect(!all.contains("C0017  reg13-final-plan"), "the waived case is silent")
            let mode = try FileManager.default.attributesOfItem(atPath: folder + "/alerts-state.sqlite")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let second = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(second.status == 0)
            #expect(second.stdout.contains(": 0 changes, 0 digests, 0 sent, 0 not sent"), "\(second.stdout)")
        }

        @Test("--test sends a fire drill to every configured recipient and records nothing; a held lock is exit 75")
        func drillAndLock() throws {
            let folder = try Self.sample()
            let drill = try CLI.run(["alert", "--test", "--outbox", folder + "/drill"], in: folder)
            #expect(drill.status == 0, "\(drill.stderr)")
            #expect(drill.stdout.hasPrefix("sendcheck alert --test: 6 test messages, 6 sent, 0 not sent"), "\(drill.stdout)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/alerts-state.sqlite"))
            // flock from another process holds the lock while sendcheck runs.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            holder.arguments = [folder + "/alerts-state.sqlite.lock", "sleep", "5"]
            try holder.run()
            Thread.sleep(forTimeInterval: 0.5)
            let busy = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            holder.terminate()
            #expect(busy.status == 75)
            #expect(busy.stderr.contains("another sendcheck alert run holds the lock"))
        }

        @Test("configuration mistakes are located and exit 2; a bad --smtp URL is named; a password never echoed")
        func mistakes() throws {
            let folder = try Self.sample()
            var config = try String(contentsOfFile: folder + "/sendcheck.yaml", encoding: .utf8)
            config = config.replacingOccurrences(of: "  repeat: 7 days", with: "  repeet: 7 days")
            try config.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
            let bad = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("sendcheck.yaml:26:3: error: unknown key 'repeet' in 'alerts'; did you mean 'repeat'?"), "\(bad.stderr)")
            let sample = try Self.sample()
            let url = try CLI.run(["alert", "--smtp", "smtp://user:hunter2@localhost:25"], in: sample)
            #expect(url.status == 2)
            #expect(url.stderr.contains("would be seen in the process list") && !url.stderr.contains("hunter2"))
        }

        @Test("a mistyped future --as-of is refused without --allow-future; a run too far ahead is undone by --rewind, with a record")
        func timeMachine() throws {
            let folder = try Self.sample()
            let typo = try CLI.run(["alert", "--as-of", "2062-11-30"], in: folder)
            #expect(typo.status == 64)
            #expect(typo.stderr.contains("--as-of 2062-11-30 is after tomorrow"), "\(typo.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/alerts-state.sqlite"))
            let rehearsal = try CLI.run(["alert", "--as-of", "2062-11-30", "--allow-future"], in: folder)
            #expect(rehearsal.status == 0, "\(rehearsal.stderr)")
            let stuck = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(stuck.status == 2)
            #expect(stuck.stderr.contains("the state is as of 2062-11-30") && stuck.stderr.contains("--rewind 2026-11-28"), "\(stuck.stderr)")
            let rewind = try CLI.run(["alert", "--rewind", "2026-11-28"], in: folder)
            #expect(rewind.status == 0, "\(rewind.stderr)")
            #expect(
                rewind.stdout.hasPrefix("sendcheck alert --rewind: the state is as of 2026-11-28 again: undid 1 run (as of 2062-11-30)"),
                "\(rewind.stdout)")
            let night = try CLI.run(["alert", "--as-of", "2026-11-29"], in: folder)
            #expect(night.status == 0, "\(night.stderr)")
            #expect(
                night.stdout.contains("whose caseworker could not be emailed went to the team's manager"), "CW511 has no address: \(night.stdout)")
            let both = try CLI.run(["alert", "--rewind", "2026-11-28", "--as-of", "2026-11-29"], in: folder)
            #expect(both.status == 64)
        }

        @Test("waiver files are checked by validate")
        func validateWaivers() throws {
            let folder = try Self.sample()
            try
                "version: 1\nkind: waivers\nwaivers:\n  - case: C1\n    rule: reg13-final-plam\n    reason: Tribunal stay agreed\n    owner: Head\n    until: 2027-01-31\n"
                .write(toFile: folder + "/waivers.yaml", atomically: true, encoding: .utf8)
            let r = try CLI.run(["validate", "waivers.yaml", "--no-config"], in: folder)
            #expect(r.status == 2 || r.status == 1, "\(r.stdout)\(r.stderr)")
            #expect(
                (r.stdout + r.stderr).contains(
                    "waivers.yaml:5:11: error: waiver 1 names no loaded rule 'reg13-final-plam'; did you mean 'reg13-final-plan'?"))
        }
    #else
        @Test("built without the Alerts trait, alert says how to get it and exits 2")
        func withoutTrait() throws {
            let r = try CLI.run(["alert", "--no-config"])
            #expect(r.status == 2)
            #expect(r.stderr.contains("built without the alert job"))
        }
    #endif
}
