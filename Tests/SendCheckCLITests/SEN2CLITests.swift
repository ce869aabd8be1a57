import Foundation
import Testing

/// The SEN2 commands end to end, through the built binary.
@Suite("sendcheck with SEN2 returns", .serialized)
struct SEN2CLITests {
    static let key = ["SENDCHECK_SEN2_KEY": "test-key-not-a-secret-0001"]
    static let sample = CLITests.root + "/examples/sen2/sen2-2026-sample.xml"
    static let rules = CLITests.root + "/rules"
    /// Text that identifies the synthetic children; none of it may reach any output.
    static let personal = ["Synthetic", "Alpha", "Z00000000000", "ZZ99", "9000000008", "2021-04-11", "2013-11-05"]

    static func folderWithSample() throws -> String {
        let folder = try CLITests.temporaryFolder()
        try FileManager.default.copyItem(atPath: sample, toPath: folder + "/sen2.xml")
        return folder
    }

    @Test("check --sen2: findings as of the return's reference date, data quality on stderr, no personal data, exit 1 on red")
    func check() throws {
        let folder = try Self.folderWithSample()
        let r = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "sen2.xml"], in: folder, environment: Self.key)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("sendcheck: as of 2026-01-15, the reference date of the SEN2 return (use --as-of to choose another date)\n"))
        #expect(r.stderr.contains("sen2.xml:311:7: error: request rejected: a duplicate of the request at line 296"))
        #expect(r.stderr.contains("sendcheck: 1 row rejected (reasons above)"))
        #expect(r.stdout.hasPrefix("sendcheck: as of 2026-01-15 (history since 2025-01-15)\n"))
        #expect(r.stdout.contains("sen2.xml: 12 rows read, 11 evaluated, 1 rejected, 2 invalid cells"))
        #expect(r.stdout.contains(" reg5-assessment-decision overdue, due 2026-01-05 (10 days late)"))
        for text in Self.personal {
            #expect(!r.stdout.contains(text), "stdout shows \(text)")
            #expect(!r.stderr.contains(text), "stderr shows \(text)")
        }
        let json = try CLITests.run(
            ["check", "--rules", Self.rules, "--sen2", "sen2.xml", "--format", "json", "--all"], in: folder, environment: Self.key)
        #expect(json.status == 1)
        #expect(
            json.stdout.contains(
                "{\"path\": \"sen2.xml\", \"rows_read\": 12, \"rows_evaluated\": 11, \"rows_rejected\": 1, \"invalid_cells\": 2, \"subjects\": 11, "))
        #expect(
            json.stdout.contains(
                "{\"rule\": \"reg22-amended-plan\", \"path\": \"sen2.xml\", \"missing\": [\"amended_plan_issued or decided_not_to_amend\"], \"subjects\": 1}"
            ))
        for text in Self.personal { #expect(!json.stdout.contains(text), "JSON shows \(text)") }
    }

    @Test("without a key there is no pseudonymous reference: exit 2 with how to set one")
    func noKey() throws {
        let folder = try Self.folderWithSample()
        let r = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "sen2.xml"], in: folder, environment: ["SENDCHECK_SEN2_KEY": nil])
        #expect(r.status == 2)
        #expect(r.stderr.contains("sen2.xml:1:1: error: a SEN2 return needs a key for pseudonymous person references: set SENDCHECK_SEN2_KEY"))
        let short = try CLITests.run(
            ["check", "--rules", Self.rules, "--sen2", "sen2.xml"], in: folder, environment: ["SENDCHECK_SEN2_KEY": "short"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("sen2.xml:1:1: error: the SEN2 key in SENDCHECK_SEN2_KEY is too short"))
    }

    @Test("sen2-measures: text and JSON, beside England's figures")
    func measures() throws {
        let folder = try Self.folderWithSample()
        let text = try CLITests.run(["sen2-measures", "--rules", Self.rules, "--sen2", "sen2.xml"], in: folder, environment: Self.key)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("SEN2 measures for 2025, LA 999 (as of 2026-01-15): sen2.xml\n"))
        #expect(text.stdout.contains("Plans issued within 20 weeks, including exception cases        50.0% (3 of 6)"))
        #expect(text.stdout.contains("Average weeks from request to plan, including exception cases  22.6 weeks (6 plans)"))
        let json = try CLITests.run(
            ["sen2-measures", "--rules", Self.rules, "--sen2", "sen2.xml", "--format", "json"], in: folder, environment: Self.key)
        #expect(json.status == 0)
        #expect(json.stdout.contains("{\"id\": \"review-decisions-4-weeks\", \"rule\": \"reg20-review-decision\", \"count\": 1, \"total\": 1"))
        let none = try CLITests.run(["sen2-measures", "--rules", Self.rules], in: folder, environment: Self.key)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no SEN2 return"))
    }

    @Test("generate --sen2 writes a return of the year's layout; a Blade export of it checks the same")
    func generated() throws {
        let folder = try CLITests.temporaryFolder()
        let xml = try CLITests.run(["generate", "--sen2", "2025", "--count", "300", "--seed", "4", "-o", "r.xml"], in: folder)
        #expect(xml.status == 0)
        let blade = try CLITests.run(["generate", "--sen2", "2025", "--count", "300", "--seed", "4", "--blade", "blade"], in: folder)
        #expect(blade.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/blade").sorted()
        #expect(files.count == 9)
        #expect(files.contains("Blade-Export_16-01-2025_namedplan.csv"))
        let a = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "r.xml", "--format", "json", "--all"], in: folder, environment: Self.key)
        let b = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "blade", "--format", "json", "--all"], in: folder, environment: Self.key)
        #expect(a.stderr == "sendcheck: as of 2025-01-16, the reference date of the SEN2 return (use --as-of to choose another date)\n")
        #expect(a.stderr == b.stderr)
        func summary(_ s: String) -> String {
            String(
                s.split(separator: "\n").prefix(20).filter { $0.contains("\"summary\"") || $0.contains("by_rule") || $0.contains(": {\"") }.joined())
        }
        #expect(summary(a.stdout) == summary(b.stdout))
        #expect(!summary(a.stdout).isEmpty)
    }

    @Test("a file that is not a SEN2 return, a person given the same reference twice, a personal person_id")
    func unusable() throws {
        let folder = try CLITests.temporaryFolder()
        try "<Other><Thing/></Other>\n".write(toFile: folder + "/other.xml", atomically: true, encoding: .utf8)
        let other = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "other.xml"], in: folder, environment: Self.key)
        #expect(other.status == 2)
        #expect(other.stderr.contains("other.xml:1:1: error: no SEN2 <Message> here: is this a SEN2 XML return?"))

        let twice = """
            <Message><Header><CollectionDetails><Year>2026</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails></Header><Persons>
            <Person><UPN>Z7</UPN><Requests><ReceivedDate>2025-03-03</ReceivedDate></Requests></Person>
            <Person><UPN>z7</UPN><Requests><ReceivedDate>2025-04-07</ReceivedDate></Requests></Person>
            </Persons></Message>

            """
        try twice.write(toFile: folder + "/twice.xml", atomically: true, encoding: .utf8)
        let r = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "twice.xml"], in: folder, environment: Self.key)
        #expect(
            r.stderr.contains(
                "twice.xml:3:1: warning: this person has the same reference as the person at line 2 (same UPN, ULN or person id): their requests are checked apart"
            ))

        try "version: 1\nsen2:\n  person_id: 'UPN '\n".write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let personal = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "twice.xml"], in: folder, environment: Self.key)
        #expect(personal.status == 2)
        #expect(personal.stderr.contains("sendcheck.yaml:3:14: error: 'person_id' must name the council's own person id, not UPN"))

        let explain = try CLITests.run(["explain", "X", "--rules", Self.rules, "--sen2", "twice.xml"], in: folder, environment: Self.key)
        #expect(explain.status == 2)
    }

    @Test("a Blade export: rejected rows are counted, a missing person module stops the run, no cell is quoted")
    func bladeProblems() throws {
        let folder = try CLITests.temporaryFolder()
        let made = try CLITests.run(["generate", "--sen2", "2025", "--count", "20", "--seed", "4", "--blade", "blade"], in: folder)
        #expect(made.status == 0)
        let requests = folder + "/blade/Blade-Export_16-01-2025_requests.csv"
        let text = try String(contentsOfFile: requests, encoding: .utf8)
        let firstRow = text.split(separator: "\n")[1]
        try (text + firstRow + "\n").write(toFile: requests, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "blade", "--format", "json"], in: folder, environment: Self.key)
        #expect(r.stderr.contains("Blade-Export_16-01-2025_requests.csv:"))
        #expect(r.stdout.contains("\"rows_rejected\": 1,"))

        // A person file without its header row: its first row would be taken for names; none is quoted.
        let person = folder + "/blade/Blade-Export_16-01-2025_person.csv"
        let rows = try String(contentsOfFile: person, encoding: .utf8).split(separator: "\n").dropFirst()
        try (rows.joined(separator: "\n") + "\n").write(toFile: person, atomically: true, encoding: .utf8)
        let headerless = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "blade"], in: folder, environment: Self.key)
        #expect(headerless.status == 2)
        for text in Self.personal + ["Person1", "Z000000000001"] { #expect(!headerless.stderr.contains(text), "stderr shows \(text)") }

        try FileManager.default.removeItem(atPath: person)
        let noPersons = try CLITests.run(["check", "--rules", Self.rules, "--sen2", "blade"], in: folder, environment: Self.key)
        #expect(noPersons.status == 2)

        let asOf = try CLITests.run(["generate", "--sen2", "2025", "--as-of", "2025-06-30"], in: folder)
        #expect(asOf.status == 64)
        #expect(asOf.stderr.contains("--as-of does not apply to --sen2"))
    }

    @Test("explain a SEN2 request: rule by rule, its date of birth used but never shown")
    func explain() throws {
        let folder = try Self.folderWithSample()
        let r = try CLITests.run(
            ["explain", "P4e999a8fe5bc2422-20250303", "--rules", Self.rules, "--sen2", "sen2.xml"], in: folder, environment: Self.key)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Case P4e999a8fe5bc2422-20250303 (sen2.xml:40), as of Thu 15 Jan 2026\n"))
        #expect(r.stdout.contains("Recorded but not shown (personal data): date_of_birth"))
        #expect(r.stdout.contains("  Status: due_soon (amber): due within the amber window, 2 days left."))
        for text in Self.personal + ["11 Apr 2021"] { #expect(!r.stdout.contains(text), "explain shows \(text)") }
        // The file's data-quality problems belong to check, not to one case's explanation.
        #expect(r.stderr == "sendcheck: as of 2026-01-15, the reference date of the SEN2 return (use --as-of to choose another date)\n")
    }
}
