import Foundation
import Testing

/// Usage mistakes get a message that says what is wrong, and exit 64; what the tool cannot run on
/// gets exit 2 with the real reason.
@Suite("Usage and the smaller defects", .serialized)
struct UsageTests {
    typealias CLI = CLITests

    @Test("an unknown subcommand gets the list of subcommands and 'did you mean'")
    func unknownSubcommand() throws {
        let r = try CLI.run(["valdiate"])
        #expect(r.status == 64)
        #expect(
            r.stderr.hasPrefix(
                "sendcheck: 'valdiate' is not a sendcheck command; did you mean 'validate'?\ncommands: check, report, alert, validate, columns,"))
        #expect(r.stdout.isEmpty)
    }

    @Test("dates: --since after --as-of is a usage error; an impossible --as-of says why")
    func dates() throws {
        let since = try CLI.run(["check", "--as-of", "2026-01-01", "--since", "2026-02-01"])
        #expect(since.status == 64)
        #expect(since.stderr.contains("--since 2026-02-01 is after --as-of 2026-01-01"))
        let impossible = try CLI.run(["check", "--as-of", "31/02/2026"])
        #expect(impossible.status == 64)
        #expect(impossible.stderr.contains("'31/02/2026' is not a real day (2026-2-31 does not exist)"))
    }

    @Test("options a subcommand would ignore are rejected")
    func ignoredOptions() throws {
        for arguments in [
            ["rules", "--cases", "x.csv"], ["test", "--plans", "plans"], ["validate", "--cases", "x.csv"], ["check", "--layout", "long"],
        ] {
            let r = try CLI.run(arguments)
            #expect(r.status == 64, "\(arguments)")
        }
    }

    @Test("validate with no plans/ folder says so, without a made-up location")
    func validateNoPlans() throws {
        let folder = try CLI.temporaryFolder()
        let r = try CLI.run(["validate"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("sendcheck: nothing to validate: no files named, no 'plans' in the configuration, and no plans/ folder here"))
        #expect(!r.stderr.contains("plans:1:1"))
    }

    @Test("validate on an edited copy of a bundled pack reports the real error, not every rule as already defined")
    func validateEditedBundledPack() throws {
        let folder = try CLI.temporaryFolder()
        var text = try String(contentsOfFile: CLI.root + "/rules/statutory.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "    limit: 20 weeks\n", with: "    limit: 20 weekz\n")
        try text.write(toFile: folder + "/statutory.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "--no-config", "statutory.yaml"], in: folder)
        #expect(r.status == 1)
        #expect(!r.stdout.contains("already defined"))
        #expect(r.stdout.contains("error: 'limit' of rule 'reg13-final-plan' must be a period"))
        #expect(r.stdout.hasSuffix("1 file checked: 1 error, 0 warnings\n"))
    }

    @Test("explain names the end field it looked for, the real start of a later cycle, and explains plan actions")
    func explain() throws {
        let folder = try CLI.temporaryFolder()
        try "case_id,event,date\nE1,plan_start,2022-01-10\nE1,last_review,2022-12-15\n".write(
            toFile: folder + "/e.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["explain", "E1", "--no-config", "--cases", "e.csv", "--as-of", "2024-01-20"], in: folder)
        #expect(r.status == 0)
        #expect(
            r.stdout.contains(
                "  Start: Thu 15 Dec 2022 (a later cycle: the last_review of Thu 15 Dec 2022 ended the cycle before and opened this one)"))
        #expect(r.stdout.contains("  End: not recorded (looked for last_review, on or after the start and on or before the as-of date)"))
        let action = try CLI.run(["explain", "example-cip-2022/T1.1", "--as-of", "2022-09-01"])
        #expect(action.status == 0)
        #expect(action.stdout.hasPrefix("Action example-cip-2022/T1.1 (plans/example-county-cip-2022.yaml:"))
        #expect(action.stdout.contains("plan-action-overdue: Complete each action by its due date"))
    }
}
