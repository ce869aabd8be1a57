import Foundation
import SendCheckCore
import Testing

/// One regression test per class of hostile or accidental bad input: each ends in a located
/// diagnostic with exact counts, in bounded time and memory.
@Suite("Hostile and accidental bad input")
struct HostileInputTests {
    // MARK: YAML

    @Test("anchors and aliases are refused before anything is expanded, at the first anchor")
    func aliasBomb() {
        var yaml = "version: 1\nkind: rule-pack\na: &a [x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        var diagnostics = Diagnostics()
        #expect(YAMLParser.parse(yaml, path: "bomb.yaml", diagnostics: &diagnostics) == nil)
        #expect(
            diagnostics.items.map(\.description) == [
                "bomb.yaml:3:4: error: YAML anchors and aliases (&name, *name) are not supported in sendcheck files; write the value out"
            ])
        var config = Diagnostics()
        #expect(Configuration.parse("version: 1\nrules: *x\n", path: "sendcheck.yaml", diagnostics: &config) == nil)
        #expect(config.items.first?.description.hasPrefix("sendcheck.yaml:2:8: error: YAML anchors and aliases") == true)
    }

    @Test("a scalar longer than 64 KiB is a located error")
    func hugeScalar() {
        var diagnostics = Diagnostics()
        _ = YAMLParser.parse("version: 1\ndisable: [" + String(repeating: "x", count: 70_000) + "]\n", path: "c.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.description) == ["c.yaml:2:11: error: this value is longer than 64 KiB"])
    }

    @Test("'did you mean' over a huge word is bounded: no suggestion, no quadratic work", .timeLimit(.minutes(1)))
    func boundedSuggestions() {
        let huge = String(repeating: "x", count: 1_000_000)
        #expect(Suggestion.hint(for: huge, in: ["reg5-assessment-decision", huge]) == "")
        #expect(Suggestion.ranked(huge, ["a", "b"]).count == 2)
    }

    @Test("thousands of rules load and their examples run, each rule once")
    func manyRules() throws {
        var yaml =
            "version: 1\nkind: rule-pack\npack: many\ntitle: many\nsubject: case\nid_field: case_id\nfields: {case_id: text, d: date}\nrules:\n"
        for i in 0..<3000 {
            yaml += """
                  - {id: r-\(i), title: t, citation: c, certainty: computed, severity: advisory, from: 2014-09-01, start: d, limit: 6 weeks, message: m,
                     examples: [{name: e, as_of: 2024-06-30, given: {d: 2024-01-08}, expect: {status: overdue}}]}

                """
        }
        let (set, errors) = Fixtures.load(yaml)
        #expect(errors.isEmpty)
        let report = ExampleRunner.run(try #require(set))
        #expect(report.passed == 3000 && report.failures.isEmpty)
    }

    // MARK: Diagnostics

    @Test("diagnostics are kept up to a limit per file and kind, with exact counts of the rest")
    func cappedDiagnostics() {
        var csv = "case_id,request_received,request_outcome_date\n"
        for i in 0..<5000 { csv += "C\(i),2024-01-01\n" }
        csv += "X1,2024-01-01,2024-01-02\n"
        let (subjects, stats, shown) = Fixtures.read(csv)
        #expect(subjects.count == 1)
        #expect(stats?.rowsRejected == 5000)
        #expect(shown.count == 100)
        var diagnostics = Diagnostics()
        for i in 0..<5000 {
            diagnostics.error(SourceLocation(path: "a.csv", line: i + 2, column: 3), "row rejected: it has 2 fields but the header has 3")
        }
        diagnostics.error(SourceLocation(path: "b.csv", line: 2, column: 1), "another kind")
        #expect(diagnostics.items.count == 101)
        #expect(diagnostics.errorCount == 5001)
        #expect(
            diagnostics.summaries.map(\.description) == [
                "a.csv:102:3: error: ... and 4,900 more like this, not shown: row rejected: it has 2 fields but the header has 3"
            ])
        // Merged from parts read on other cores, the counts stay exact.
        var merged = Diagnostics()
        merged.append(contentsOf: diagnostics)
        merged.append(contentsOf: diagnostics)
        #expect(merged.errorCount == 10002)
        #expect(merged.items.count == 102)
    }

    // MARK: Malformed case files

    @Test("a file in another encoding, a spreadsheet or CR-only lines each say so")
    func notCSVText() {
        let cases: [([UInt8], String)] = [
            (
                [0xFF, 0xFE] + Array("case_id\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                "the file is UTF-16 (little-endian), not UTF-8"
            ),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "this is a ZIP file (an Excel .xlsx workbook?), not CSV"),
            (Array("case_id,request_received\rC1,2024-01-01\r".utf8), "the lines end with a carriage return alone"),
            (Array("case_id\nC1\0\0\n".utf8), "the file holds zero bytes"),
        ]
        for (bytes, reason) in cases {
            var diagnostics = Diagnostics()
            let stats = bytes.withUnsafeBytes {
                CaseFileReader.read($0, path: "x.csv", schema: Fixtures.statutory.schemas["case"]!, diagnostics: &diagnostics) { _ in }
            }
            #expect(stats == nil)
            #expect(diagnostics.items.first?.description.hasPrefix("x.csv:1:1: error: \(reason)") == true, "\(diagnostics.items)")
        }
    }

    @Test("a quote that closes lines later costs only its own line; counts are exact")
    func quoteClosedLater() {
        let csv = "case_id,request_received,request_outcome_date\nC1,\"2024-01-01,\nC2,2024-01-01,\nC3,\"x\",\nC4,2024-02-01,\n"
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        #expect(subjects.map(\.id) == ["C2", "C3", "C4"])
        #expect(stats?.rowsRead == 4 && stats?.rowsEvaluated == 3 && stats?.rowsRejected == 1)
        #expect(
            diagnostics == [
                "cases.csv:2:2: error: row rejected: the quote that opens field 2 runs on to line 4, where unexpected text after a closing quote; this line is rejected and the lines after it are read again as rows",
                "cases.csv:4:2: error: request_received: 'x' is not a date; use ISO 2024-03-15 or UK 15/03/2024 (a time of day after it is allowed) (case C3)",
            ])
    }

    // MARK: Values at the edges

    @Test("values at the edges are located errors: invalid UTF-8, years 0000 and 9999, a transfer year of 0, a control character in a reference")
    func edgeValues() {
        var bytes = Array("case_id,request_received,transfer_year,team\n".utf8)
        bytes += Array("C1,0000-01-01,0,North\n".utf8)
        bytes += Array("C2,9999-12-31,-5,".utf8) + [0x4E, 0xFF, 0x0A]
        bytes += Array("C\u{1B}3,2024-01-01,2026,\n".utf8)
        var diagnostics = Diagnostics()
        var ids: [String] = []
        let stats = bytes.withUnsafeBytes {
            CaseFileReader.read($0, path: "x.csv", schema: Fixtures.statutory.schemas["case"]!, diagnostics: &diagnostics) { ids.append($0.id) }
        }
        #expect(ids == ["C1", "C2"])
        #expect(stats?.invalidCells == 5)
        #expect(
            diagnostics.items.map(\.description) == [
                "x.csv:2:2: error: request_received: '0000-01-01' is in the year 0, outside 1900 to 2100: a placeholder or a mistyped year? (case C1)",
                "x.csv:2:3: error: transfer_year: 0 is outside the values this field takes (2000 to 2100) (case C1)",
                "x.csv:3:2: error: request_received: '9999-12-31' is in the year 9999, outside 1900 to 2100: a placeholder or a mistyped year? (case C2)",
                "x.csv:3:3: error: transfer_year: -5 is outside the values this field takes (2000 to 2100) (case C2)",
                "x.csv:3:4: error: team: 'N\u{FFFD}' is not valid UTF-8 text (is the file in another encoding?) (case C2)",
                "x.csv:4:1: error: row rejected: 'case_id' 'C\\u{1B}3' holds a control character",
            ])
    }

    @Test("limits of millions of days are refused with the reason")
    func hugeLimits() {
        #expect(Duration.parse("9999999 days") == nil)
        #expect(Duration.problem("9999999 days")?.contains("longer than the longest period sendcheck accepts") == true)
    }

    // MARK: Nothing echoed raw

    @Test("a diagnostic never carries a control character: a file name cannot forge a line, a cell cannot rewrite a terminal")
    func escapedDiagnostics() {
        let d = Diagnostic(.error, SourceLocation(path: "evil\nx.csv:1:1: error: forged", line: 2, column: 1), "'\u{1B}[2J' is not a date")
        #expect(d.description == "evil\\nx.csv:1:1: error: forged:2:1: error: '\\u{1B}[2J' is not a date")
        #expect(!d.description.contains("\n") && !d.description.contains("\u{1B}"))
        let long = Diagnostic(.error, SourceLocation(path: "a.csv", line: 1, column: 1), String(repeating: "v", count: 1_000_000))
        #expect(long.description.count < 2100)
    }
}
