import Foundation
import Testing

/// The pre-commit flow end to end, with the real `pre-commit` tool (PyPI): a plan repository installs
/// this repository's `sendcheck-validate` hook; a good plan commits, a broken edit is rejected with its
/// located errors, and the fix commits. CI sets SENDCHECK_REQUIRE_PRECOMMIT=1 so a missing tool fails
/// the test instead of skipping it.
@Suite("pre-commit hook", .serialized)
struct PreCommitTests {
    static let preCommit: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/pre-commit" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["SENDCHECK_REQUIRE_PRECOMMIT"] == "1" }

    @discardableResult
    static func sh(_ args: [String], in folder: String, path: String? = nil) throws -> CLITests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        if let path { env["PATH"] = path }
        env["PRE_COMMIT_HOME"] = folder + "/.pre-commit-cache"
        env["GIT_AUTHOR_NAME"] = "Test"
        env["GIT_AUTHOR_EMAIL"] = "test@example.invalid"
        env["GIT_COMMITTER_NAME"] = "Test"
        env["GIT_COMMITTER_EMAIL"] = "test@example.invalid"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    @Test("a broken plan edit is rejected with located errors; a good one is accepted")
    func flow() throws {
        guard Self.preCommit != nil else {
            if Self.required { Issue.record("pre-commit is not installed (pip install pre-commit)") }
            return
        }
        let root = CLITests.root
        // The README's example installs the hook from the version's tag: use it where the clone has it.
        let version = try CLITests.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tagged = try Self.sh(["git", "rev-parse", "--verify", "--quiet", "v\(version)^{commit}"], in: root)
        let head =
            tagged.status == 0
            ? "v\(version)" : try Self.sh(["git", "rev-parse", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let hooks = try Self.sh(["git", "show", "\(head):.pre-commit-hooks.yaml"], in: root)
        try #require(hooks.status == 0, "commit .pre-commit-hooks.yaml first: the hook is installed from HEAD")

        let repo = try CLITests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: repo + "/plans", withIntermediateDirectories: true)
        let plan = try String(contentsOfFile: root + "/plans/example-county-cip-2022.yaml", encoding: .utf8)
        try plan.write(toFile: repo + "/plans/plan.yaml", atomically: true, encoding: .utf8)
        try """
        repos:
          - repo: \(root)
            rev: \(head)
            hooks:
              - id: sendcheck-validate
        """.write(toFile: repo + "/.pre-commit-config.yaml", atomically: true, encoding: .utf8)
        let binDir = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        try Self.sh(["git", "init", "-q"], in: repo)
        let install = try Self.sh(["pre-commit", "install"], in: repo, path: path)
        #expect(install.status == 0, "\(install.stdout)")
        try Self.sh(["git", "add", "."], in: repo)
        let good = try Self.sh(["git", "commit", "-q", "-m", "Add the plan"], in: repo, path: path)
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("sendcheck validate"))

        let broken = plan.replacingOccurrences(of: "        carries: WSOA-8", with: "        carries: WSOA-88")
            .replacingOccurrences(of: "        due: 2022-11-30", with: "        due: 31/11/2022")
        try broken.write(toFile: repo + "/plans/plan.yaml", atomically: true, encoding: .utf8)
        try Self.sh(["git", "add", "."], in: repo)
        let rejected = try Self.sh(["git", "commit", "-q", "-m", "Break the plan"], in: repo, path: path)
        #expect(rejected.status != 0)
        #expect(rejected.stdout.contains("plans/plan.yaml:186:14: error: 'due': '31/11/2022' is not a real day (2022-11-31 does not exist)"))
        #expect(
            rejected.stdout.contains(
                "plans/plan.yaml:188:18: error: action T4.1 carries 'WSOA-88', which is not an action of the WSoA; did you mean 'WSOA-8'?"))

        let fixed = broken.replacingOccurrences(of: "WSOA-88", with: "WSOA-8").replacingOccurrences(of: "31/11/2022", with: "30/11/2022")
        try fixed.write(toFile: repo + "/plans/plan.yaml", atomically: true, encoding: .utf8)
        try Self.sh(["git", "add", "."], in: repo)
        let accepted = try Self.sh(["git", "commit", "-q", "-m", "Fix the plan"], in: repo, path: path)
        #expect(accepted.status == 0, "\(accepted.stdout)")

        // Alert waivers are checked by the same hook.
        let waiver =
            "version: 1\nkind: waivers\nwaivers:\n  - case: C1\n    rule: RULE\n    reason: Tribunal stay agreed\n    owner: Head of SEND\n    until: 2027-01-31\n"
        try waiver.replacingOccurrences(of: "RULE", with: "reg13-final-plam").write(toFile: repo + "/waivers.yaml", atomically: true, encoding: .utf8)
        try Self.sh(["git", "add", "."], in: repo)
        let badWaiver = try Self.sh(["git", "commit", "-q", "-m", "Waive a case"], in: repo, path: path)
        #expect(badWaiver.status != 0)
        #expect(
            badWaiver.stdout.contains("waivers.yaml:5:11: error: waiver 1 names no loaded rule 'reg13-final-plam'; did you mean 'reg13-final-plan'?"))
        try waiver.replacingOccurrences(of: "RULE", with: "reg13-final-plan").write(toFile: repo + "/waivers.yaml", atomically: true, encoding: .utf8)
        try Self.sh(["git", "add", "."], in: repo)
        let goodWaiver = try Self.sh(["git", "commit", "-q", "-m", "Waive a case"], in: repo, path: path)
        #expect(goodWaiver.status == 0, "\(goodWaiver.stdout)")
    }
}
