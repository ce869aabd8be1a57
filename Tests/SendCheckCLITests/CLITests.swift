import Foundation
import Testing

/// Runs the built `sendcheck` binary and checks stdout, stderr and the exit code together.
@Suite("sendcheck command line", .serialized)
struct CLITests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The binary built next to the test bundle.
    static let binary: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sendcheck").path,
            root + "/.build/debug/sendcheck",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ arguments: [String], in folder: String = CLITests.root, environment: [String: String?] = [:], executable: String = CLITests.binary
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (name, value) in environment { env[name] = value }
            process.environment = env
        }
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "sendcheck-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("no arguments: the bundled rules over the bundled examples, red findings exit 1")
    func defaults() throws {
        let r = try Self.run(["--as-of", "2026-11-29"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("sendcheck: as of 2026-11-29 (history since 2025-11-29)\n"))
        #expect(r.stdout.contains("examples/cases.csv:3: red: C0002 reg13-final-plan overdue, due 2026-09-21 (69 days late)"))
        #expect(r.stdout.contains("48 subjects, 81 findings: 29 red, 21 amber, 31 green"))
        #expect(r.stdout.contains("plans/example-county-cip-2022.yaml:75: red: example-cip-2022/T1.1 plan-action-overdue overdue, due 2022-12-31"))
        #expect(r.stdout.contains("examples/cases.csv: 20 rows read, 20 evaluated, 0 rejected, 1 invalid cell"))
        #expect(
            r.stderr == "examples/cases.csv:20:5: error: request_received: '2026-02-30' is not a real day (2026-2-30 does not exist) (case C0019)\n")
    }

    @Test("JSON goes to stdout alone and parses; --fail-on never exits 0")
    func json() throws {
        let r = try Self.run(["check", "--as-of", "2026-11-29", "--format", "json", "--fail-on", "never"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2026-11-29")
        #expect((object["findings"] as? [Any])?.count == 50)
        #expect((object["sources"] as? [Any])?.count == 2)
    }

    @Test("--fail-on amber fails on amber alone; a clean file exits 0")
    func failOn() throws {
        let folder = try Self.temporaryFolder()
        try "case_id,request_received,request_outcome_date\nA1,2026-01-05,\n".write(toFile: folder + "/amber.csv", atomically: true, encoding: .utf8)
        let rules = Self.root + "/rules"
        let amber = try Self.run(["check", "--rules", rules, "--cases", "amber.csv", "--as-of", "2026-02-10"], in: folder)
        #expect(amber.status == 0)
        #expect(amber.stdout.contains("amber: A1 reg5-assessment-decision due soon, due 2026-02-16 (6 days left)"))
        let strict = try Self.run(["check", "--rules", rules, "--cases", "amber.csv", "--as-of", "2026-02-10", "--fail-on", "amber"], in: folder)
        #expect(strict.status == 1)
        let early = try Self.run(["check", "--rules", rules, "--cases", "amber.csv", "--as-of", "2026-01-10"], in: folder)
        #expect(early.status == 0)
        #expect(early.stdout.contains("1 subject, 1 finding: 0 red, 0 amber, 1 green, 0 blue"))
        #expect(
            early.stdout.contains(
                "  not checked: reg13-final-plan: the step cannot be seen done (no assessment_outcome, assessment_outcome_date); 1 case started"))
    }

    @Test("a missing case file: located error on stderr, nothing on stdout, exit 2")
    func missingFile() throws {
        let r = try Self.run(["check", "--cases", "nope.csv", "--as-of", "2026-11-29"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "nope.csv:1:1: error: no such file\n")
    }

    @Test("a bad rule pack: every problem located, exit 2")
    func badRules() throws {
        let folder = try Self.temporaryFolder()
        try """
        version: 1
        kind: rule-pack
        pack: x
        title: x
        subject: case
        rules:
          - id: x
            titel: x
        """.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try Self.run(["check", "--rules", "bad.yaml", "--cases", Self.root + "/examples/cases.csv"], in: folder)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("bad.yaml:8:5: error: unknown key 'titel' in rule 'x'; did you mean 'title'?"))
        #expect(r.stderr.contains("bad.yaml:7:5: error: rule 'x' is missing the required key 'citation'"))
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["check", "--as-of", "31/02/2026"], ["check", "--format", "xml"], ["check", "--fail-on", "orange"], ["--bogus"],
            ["rules", "--format", "html"], ["test", "--rule", "reg13-final-plam"],
        ])
    func usage(arguments: [String]) throws {
        let r = try Self.run(arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stdout == "")
        #expect(!r.stderr.isEmpty)
    }

    @Test("sendcheck test runs every example; a failing example exits 1 with its location")
    func exampleRunner() throws {
        let ok = try Self.run(["test"])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasSuffix(" passed, 0 failed\n"))
        let folder = try Self.temporaryFolder()
        let pack = try String(contentsOfFile: Self.root + "/rules/statutory.yaml", encoding: .utf8)
            .replacingOccurrences(of: "expect: {status: met, due: 2024-02-19}", with: "expect: {status: met, due: 2024-02-18}")
        try pack.write(toFile: folder + "/statutory.yaml", atomically: true, encoding: .utf8)
        let bad = try Self.run(["test", "--rules", "statutory.yaml", "--rule", "reg5-assessment-decision"], in: folder)
        #expect(bad.status == 1)
        #expect(bad.stdout == "16 passed, 2 failed\n")  // the same expectation stands in two examples
        #expect(bad.stderr.contains("statutory.yaml:"))
        #expect(
            bad.stderr.contains(
                ": error: rule 'reg5-assessment-decision' example 'decision on the due date is on time': expected due 2024-02-18, got met due 2024-02-19"
            ))
    }

    @Test("sendcheck rules lists citations; markdown matches docs/rule-reference.md")
    func rules() throws {
        let text = try Self.run(["rules"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("reg13-final-plan"))
        #expect(text.stdout.contains("SEND Regulations 2014, reg 13(2)"))
        let markdown = try Self.run(["rules", "--format", "markdown"])
        #expect(markdown.stdout == (try String(contentsOfFile: Self.root + "/docs/rule-reference.md", encoding: .utf8)))
    }

    @Test("sendcheck explain tells the story of one case; an unknown case exits 2")
    func explain() throws {
        let r = try Self.run(["explain", "C0002", "--as-of", "2026-11-29"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Case C0002 (examples/cases.csv:3), as of Sun 29 Nov 2026"))
        #expect(r.stdout.contains("Limit: 20 weeks, so due: Mon 21 Sep 2026"))
        #expect(r.stdout.contains("Status: overdue (red): 69 days late."))
        #expect(r.stderr == "")
        let bad = try Self.run(["explain", "C0019", "--as-of", "2026-11-29"])
        #expect(bad.stdout.contains("request_received: 2026-02-30  (cannot be read: '2026-02-30' is not a real day (2026-2-30 does not exist))"))
        #expect(bad.stdout.contains("Status: invalid (red)"))
        #expect(
            bad.stderr == "examples/cases.csv:20:5: error: request_received: '2026-02-30' is not a real day (2026-2-30 does not exist) (case C0019)\n"
        )
        let missing = try Self.run(["explain", "NOPE"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no case or plan action 'NOPE'"))
    }

    @Test("sendcheck generate is deterministic for a seed and its output checks cleanly")
    func generate() throws {
        let folder = try Self.temporaryFolder()
        let a = try Self.run(["generate", "--count", "200", "--seed", "7", "--as-of", "2026-01-15"])
        let b = try Self.run(["generate", "--count", "200", "--seed", "7", "--as-of", "2026-01-15"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 201)
        try a.stdout.write(toFile: folder + "/gen.csv", atomically: true, encoding: .utf8)
        let r = try Self.run(
            ["check", "--rules", Self.root + "/rules", "--cases", "gen.csv", "--as-of", "2026-01-15", "--fail-on", "never"], in: folder)
        #expect(r.status == 0)
        #expect(r.stdout.contains("gen.csv: 200 rows read, 200 evaluated, 0 rejected"))
        // No error; the few warnings are the events the generator dates after a cease (as real exports do).
        #expect(!r.stderr.contains("error:"))
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.contains(": warning: ") && $0.contains("after the plan ceased") })
    }

    @Test("a configuration file maps a council's headers; rejected rows are counted and named")
    func configuration() throws {
        let folder = try Self.temporaryFolder()
        try "Case Ref,Date Received,Decision\nK1,2026-01-05,\nK2,2026-01-05,,extra\n".write(
            toFile: folder + "/export.csv", atomically: true, encoding: .utf8)
        try """
        version: 1
        rules: [\(Self.root)/rules]
        cases: [export.csv]
        columns: {case_id: Case Ref, request_received: Date Received, request_outcome_date: Decision}
        """.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let r = try Self.run(["--as-of", "2026-03-01"], in: folder)
        #expect(r.status == 1)
        #expect(r.stdout.contains("export.csv:2: red: K1 reg5-assessment-decision overdue"))
        #expect(r.stdout.contains("export.csv: 2 rows read, 1 evaluated, 1 rejected"))
        #expect(r.stderr == "export.csv:3:4: error: row rejected: it has 4 fields but the header has 3\nsendcheck: 1 row rejected (reasons above)\n")
    }

    @Test("--help and --version")
    func help() throws {
        let r = try Self.run(["--help"])
        #expect(r.status == 0)
        for sub in ["check", "test", "rules", "explain", "generate"] { #expect(r.stdout.contains(sub)) }
        #expect(r.stdout.contains("Exit codes: 0"))
        #expect(try Self.run(["--version"]).stdout == "0.3.0\n")
    }

    @Test("case files with no loaded case rules are an error, not a silent empty check")
    func casesWithoutCaseRules() throws {
        let folder = try Self.temporaryFolder()
        try FileManager.default.copyItem(atPath: Self.root + "/examples/cases.csv", toPath: folder + "/cases.csv")
        let r = try Self.run(
            ["check", "--rules", Self.root + "/rules/plan-actions.yaml", "--cases", "cases.csv", "--plans", Self.root + "/plans"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.contains("cases.csv:1:1: error: no loaded rule pack checks cases (subject: case)"))
    }

    @Test("validate applies the configuration (disabled rules) also when rule packs are given to it")
    func validateWithPacksUsesConfiguration() throws {
        let folder = try Self.temporaryFolder()
        try FileManager.default.copyItem(atPath: Self.root + "/plans/example-county-cip-2022.yaml", toPath: folder + "/plan.yaml")
        try "version: 1\nrules: [\(Self.root)/rules]\ndisable: [plan-action-stale]\n"
            .write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let plain = try Self.run(["validate", "plan.yaml", "--as-of", "2022-09-01"], in: folder)
        let withPack = try Self.run(["validate", "plan.yaml", Self.root + "/rules/plan-actions.yaml", "--as-of", "2022-09-01"], in: folder)
        #expect(plain.status == 0 && withPack.status == 0)
        #expect(plain.stdout.contains("[plan-action-overdue]"))
        #expect(!plain.stdout.contains("[plan-action-stale]"))
        #expect(!withPack.stdout.contains("[plan-action-stale]"))
        #expect(withPack.stdout.contains("[plan-action-overdue]"))
    }
}
