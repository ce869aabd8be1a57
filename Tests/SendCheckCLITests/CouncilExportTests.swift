import Foundation
import Testing

/// First contact with a council's own export, run as a data officer would: never a false red,
/// never a silent all-clear, every misconfiguration a located error.
@Suite("A council's own export", .serialized)
struct CouncilExportTests {
    typealias CLI = CLITests

    /// (rule, subject, status, due, completed) of every finding of a JSON report.
    static func findings(_ json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let list = try #require(object["findings"] as? [[String: Any]])
        return list.map { f in
            ["rule", "subject", "status", "due", "completed"].map { "\(f[$0] ?? "-")" }.joined(separator: " ")
        }
    }

    @Test("the docs' recipe: other headers, UK dates with times, Yes/No codes, no outcome column, BOM and CRLF give the default layout's findings")
    func recipe() throws {
        let export = try CLI.run([
            "check", "--config", "examples/council/single-export/sendcheck.yaml", "--as-of", "2026-11-29", "--all", "--format", "json",
        ])
        let same = try CLI.run([
            "check", "--no-config", "--cases", "examples/council/single-export/ehcp-default-layout.csv", "--as-of", "2026-11-29", "--all", "--format",
            "json",
        ])
        #expect(export.status == 1 && same.status == 1)
        #expect(export.stderr.isEmpty && same.stderr.isEmpty)
        let got = try Self.findings(export.stdout)
        #expect(got.count == 20)
        #expect(got == (try Self.findings(same.stdout)))
        // A name column in the export is never read, never shown.
        #expect(!export.stdout.contains("Synthetic Child"))
        #expect(got.contains("s44-annual-review K010 breached 2026-09-01 2026-10-15"))
    }

    @Test(
        "three exports of the same children (an Excel workbook, a Windows-1252 meetings export, a cease list) give the one file's findings, plus the earlier review cycles"
    )
    func threeExports() throws {
        let folder = CLI.root + "/examples/council"
        let three = try CLI.run(["check", "--as-of", "2026-11-29", "--all", "--format", "json"], in: folder)
        let one = try CLI.run(
            ["check", "--no-config", "--cases", "ehcp-default-layout.csv", "--as-of", "2026-11-29", "--all", "--format", "json"], in: folder)
        #expect(three.status == 1 && one.status == 1)
        #expect(three.stderr.isEmpty, "\(three.stderr)")
        let joined = try Self.findings(three.stdout)
        let single = try Self.findings(one.stdout)
        // Every finding of the one file; the meetings export also shows the cycles before the latest.
        #expect(single.allSatisfy(joined.contains))
        #expect(
            joined.filter { !single.contains($0) } == [
                "reg20-review-decision K108 met 2026-02-02 2026-01-08", "s44-annual-review K108 met 2026-01-09 2026-01-08",
                "s44-annual-review K108 met 2027-01-07 2026-10-30",
            ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(three.stdout.utf8)) as? [String: Any])
        // Thirteen children, each once: the test record and the Total row are left out and counted.
        #expect((object["summary"] as? [String: Any])?["subjects"] as? Int == 13)
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["path"] as? String } == ["ehcp-requests.xlsx[Requests]", "review-meetings.csv", "ceased-plans.csv"])
        #expect(inputs[0]["rows_excluded"] as? Int == 2)
        #expect(inputs[0]["null_cells"] as? Int == 1)
        #expect(inputs[0]["placeholder_dates"] as? Int == 1)
        // A cease in the cease list ends the review clock started from the meetings export.
        let text = try CLI.run(["check", "--as-of", "2026-11-29"], in: folder)
        #expect(
            text.stdout.contains(
                "review-meetings.csv:10: red: K110 s44-annual-review breached, due 2026-09-01, ended 2026-10-15 (44 days late)"))
        #expect(text.stdout.contains("(end event at ceased-plans.csv:3)"))
        // No name, from any of the three files, in any output.
        for name in ["Synthetic Child", "Zoë", "Siân", "O’Neill"] { #expect(!three.stdout.contains(name) && !text.stdout.contains(name)) }
    }

    @Test("explain shows one child's record across the three exports, and never a column no rule reads")
    func explainJoined() throws {
        let r = try CLI.run(["explain", "K110", "--as-of", "2026-11-29"], in: CLI.root + "/examples/council")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Case K110 (ehcp-requests.xlsx[Requests]:12), as of Sun 29 Nov 2026"))
        #expect(r.stdout.contains("Thu 15 Oct 2026   cease_date"))
        #expect(r.stdout.contains("End: Thu 15 Oct 2026: ended, the plan ceased (cease_date), with the step not done"))
        #expect(r.stdout.contains("Columns no rule reads, not shown: 3 (Chair, Child Name, Reason)"))
        for name in ["Synthetic Child", "Siân", "No longer needed"] { #expect(!r.stdout.contains(name)) }
    }

    @Test("columns lists a file's headers even when the mapping does not fit it, then the errors")
    func columnsOnABrokenMapping() throws {
        let folder = try CLI.temporaryFolder()
        try "Child Ref,Date Request Received,Decision\nK1,01/02/2026,03/03/2026\n".write(
            toFile: folder + "/export.csv", atomically: true, encoding: .utf8)
        try "version: 1\ncolumns:\n  case_id: Child Reference\n".write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["columns", "export.csv"], in: folder)
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("export.csv: 3 columns; the mapping does not fit this file yet (1 error below), so no values are read:"))
        #expect(r.stdout.contains("1    Child Ref") && r.stdout.contains("3    Decision"))
        #expect(r.stderr.hasPrefix("sendcheck.yaml:3:12: error: 'Child Reference', mapped to case_id, is not a column of export.csv"))
        // A workbook's sheet, as its columns are.
        let book = try CLI.run(["columns", "ehcp-requests.xlsx"], in: CLI.root + "/examples/council")
        #expect(book.status == 0)
        #expect(book.stdout.hasPrefix("ehcp-requests.xlsx[Requests]: wide layout, 12 columns, 13 cases"))
        #expect(book.stdout.contains("12   Transfer"))
    }

    @Test("--cases FILE keeps the configuration's mapping for that file")
    func commandLineKeepsMapping() throws {
        let r = try CLI.run([
            "check", "--config", "examples/council/single-export/sendcheck.yaml", "--cases", "examples/council/single-export/ehcp-export.csv",
            "--as-of", "2026-11-29",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("ehcp-export.csv:3: red: K002 reg13-final-plan overdue, due 2026-09-21"))
    }

    @Test("a file that gives no rule anything to check exits 2 with an error, never 0 with '0 findings'")
    func nothingChecked() throws {
        let folder = try CLI.temporaryFolder()
        try "Child Ref,Date Received,Review Done\nK1,01/02/2026,03/04/2025\n".write(toFile: folder + "/export.csv", atomically: true, encoding: .utf8)
        try "version: 1\ncolumns:\n  case_id: Child Ref\n".write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", "--cases", "export.csv", "--as-of", "2026-06-30"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("export.csv:1:1: error: no rule can be checked from this file"))
        #expect(r.stderr.contains("'sendcheck columns export.csv'"))
    }

    @Test("every misconfiguration of the mapping gets a located error and exit 2")
    func misconfigurations() throws {
        let folder = try CLI.temporaryFolder()
        try "Child Ref,Decision Date,Date Received\nK1,01/02/2026,03/01/2026\n".write(
            toFile: folder + "/export.csv", atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            (
                "columns:\n  case_id: Child Ref\n  date_of_brith: DOB\n",
                "sendcheck.yaml:5:3: error: 'date_of_brith' is not a field of any loaded rule pack; did you mean 'date_of_birth'?"
            ),
            ("columns:\n  Child Ref: case_id\n", "sendcheck.yaml:4:3: error: this mapping is written the wrong way round"),
            (
                "columns:\n  case_id: Child Ref\n  request_outcome_date: Decision Dat\n",
                "sendcheck.yaml:5:25: error: 'Decision Dat', mapped to request_outcome_date, is not a column of export.csv; its columns, closest first: 'Decision Date'"
            ),
            (
                "columns:\n  case_id: Child Ref\n  request_received: Date Received\n  plan_start: date received\n",
                "error: header 'date received' is mapped to both 'request_received' and 'plan_start'"
            ),
        ]
        for (mapping, expected) in cases {
            try "version: 1\ncases: [export.csv]\n\(mapping)".write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
            let r = try CLI.run(["check", "--as-of", "2026-06-30"], in: folder)
            #expect(r.status == 2, "\(mapping)")
            #expect(r.stderr.contains(expected), "\(r.stderr)")
        }
    }

    @Test("sendcheck columns shows each column's field, samples and the rules it feeds, never an unused column's values")
    func columns() throws {
        let r = try CLI.run(["columns", "ehcp-export.csv"], in: CLI.root + "/examples/council/single-export")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ehcp-export.csv: wide layout, 13 columns, 12 cases (12 rows read, 0 rejected)\n"))
        #expect(r.stdout.contains("2    Child Name             -                        not used  12 filled (not shown: no rule reads it)"))
        #expect(r.stdout.contains("codes Yes→assess (4), No→not_assess (1), Withdrawn→withdrawn (1)"))
        #expect(r.stdout.contains("constant: assessment_outcome = issue on every row"))
        #expect(r.stdout.contains("not checked: reg21-review-report: the step cannot be seen done (no review_report_sent)"))
        #expect(!r.stdout.contains("Synthetic Child"))
        let nothing = try CLI.run(["columns", "--no-config", CLI.root + "/examples/council/single-export/ehcp-export.csv"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no 'case_id' column"))
    }

    @Test("JSON carries each source's coverage and mapping under 'sources'")
    func sourcesJSON() throws {
        let r = try CLI.run(["check", "--config", "examples/council/single-export/sendcheck.yaml", "--as-of", "2026-11-29", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 1)
        let mapping = try #require(sources[0]["mapping"] as? [String: Any])
        #expect((mapping["constants"] as? [String: String]) == ["assessment_outcome": "issue"])
        let rules = try #require(sources[0]["rules"] as? [[String: Any]])
        let report = try #require(rules.first { $0["rule"] as? String == "reg21-review-report" })
        #expect(report["coverage"] as? String == "not_checked")
        #expect(report["missing"] as? [String] == ["review_report_sent"])
        #expect(report["subjects_not_checked"] as? Int == 3)
    }

    @Test("--sen2 alone checks the return alone, not the configuration's sample cases and plans")
    func sen2Alone() throws {
        let r = try CLI.run(
            ["check", "--sen2", "examples/sen2/sen2-2026-sample.xml"], environment: ["SENDCHECK_SEN2_KEY": "a long random secret"])
        #expect(!r.stdout.contains("examples/cases.csv"))
        #expect(!r.stdout.contains("improvement plan"))
        #expect(r.stdout.contains("examples/sen2/sen2-2026-sample.xml"))
    }

    @Test("the README's SEN2 explain example works with the key the docs use")
    func readmeSEN2Explain() throws {
        let r = try CLI.run(
            ["explain", "P9ed9e8e77092d53b-20250303", "--sen2", "examples/sen2/sen2-2026-sample.xml"],
            environment: ["SENDCHECK_SEN2_KEY": "a long random secret"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Case P9ed9e8e77092d53b-20250303 (examples/sen2/sen2-2026-sample.xml:"))
    }

    @Test("--no-config, --config /dev/null and an empty configuration mean no configuration")
    func noConfiguration() throws {
        let folder = try CLI.temporaryFolder()
        try "case_id,request_received,request_outcome_date\nC1,2026-01-05,\n".write(toFile: folder + "/c.csv", atomically: true, encoding: .utf8)
        try "# nothing set yet\n".write(toFile: folder + "/empty.yaml", atomically: true, encoding: .utf8)
        try "version: 1\ncases: [missing.csv]\n".write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        for config in [["--no-config"], ["--config", "/dev/null"], ["--config", "empty.yaml"]] {
            let r = try CLI.run(["check", "--cases", "c.csv", "--as-of", "2026-06-30"] + config, in: folder)
            #expect(r.status == 1, "\(config): \(r.stderr)")
            #expect(r.stdout.contains("C1 reg5-assessment-decision overdue"))
        }
        let both = try CLI.run(["check", "--no-config", "--config", "x.yaml"], in: folder)
        #expect(both.status == 64)
    }
}
