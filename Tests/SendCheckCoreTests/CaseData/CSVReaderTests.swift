import SendCheckCore
import Testing

@Suite("Case CSV reading")
struct CSVReaderTests {
    @Test("RFC 4180 quoting, CRLF, a byte-order mark and a line break inside quotes")
    func quoting() {
        let csv = "\u{FEFF}case_id,team,request_received\r\n\"C1\",\"North, \"\"A\"\"\",2024-01-08\r\nC2,\"two\nlines\",08/01/2024\r\n"
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        #expect(diagnostics == [])
        #expect(subjects.map(\.id) == ["C1", "C2"])
        #expect(subjects.map(\.location.line) == [2, 3])
        let slot = Fixtures.statutory.schemas["case"]!.slot(of: "team")!
        #expect(subjects[0].values[slot] == Value.text("North, \"A\""))
        let received = Fixtures.statutory.schemas["case"]!.slot(of: "request_received")!
        #expect(subjects[1].values[received] == .date(Fixtures.day("2024-01-08")))
        #expect(stats?.rowsRead == 2 && stats?.rowsEvaluated == 2 && stats?.rowsRejected == 0)
    }

    @Test("a label cell is kept as its text without surrounding spaces, tabs and line breaks (trimmingSpaces, by Characters)")
    func labelText() {
        let cells = ["North", "  North ", "\tNorth\r\n", "Siaë", " \u{301}North", "North \u{301}", "", "   ", "a, b"]
        // A space carrying an accent is one Character, not a space: it stays.
        let kept = ["North", "North", "North", "Siaë", " \u{301}North", "North \u{301}", "", "", "a, b"]
        let csv = cells.map { "\"" + $0 + "\"" }.joined(separator: ",") + "\n"
        Array(csv.utf8).withUnsafeBytes { raw in
            var scanner = CSVScanner(raw)
            var fields: [CSVScanner.Field] = []
            _ = try? scanner.nextRow(into: &fields)
            #expect(fields.count == cells.count)
            #expect(fields.map { scanner.string($0).trimmingSpaces } == kept)
        }
    }

    @Test("bad cells are located errors; the row is still evaluated with the cell invalid")
    func badCells() {
        let csv = "case_id,request_received,request_outcome,transfer_year\nC1,31/02/2024,asses,20x6\nC2,2024-01-08,assess,2026\n"
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        #expect(
            diagnostics == [
                "cases.csv:2:2: error: request_received: '31/02/2024' is not a real day (2024-2-31 does not exist) (case C1)",
                "cases.csv:2:3: error: request_outcome: 'asses' is not a code of request_outcome (expected assess, not_assess, withdrawn, historical); did you mean 'assess'? (case C1)",
                "cases.csv:2:4: error: transfer_year: '20x6' is not a whole number (case C1)",
            ])
        #expect(subjects.count == 2)
        #expect(stats?.invalidCells == 3)
        #expect(stats?.rowsEvaluated == 2)
    }

    @Test("malformed rows are rejected with a reason and counted; the rest are read")
    func rejected() {
        let csv = "case_id,request_received\nC1,2024-01-08\nC2,2024-01-08,extra\n,2024-01-08\nC1,2024-02-01\nC3,\"unclosed\nC4,2024-01-08\n"
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        // The unclosed quote costs its own line only: the row after it is read again.
        #expect(subjects.map(\.id) == ["C1", "C4"])
        #expect(
            diagnostics == [
                "cases.csv:3:3: error: row rejected: it has 3 fields but the header has 2",
                "cases.csv:4:1: error: row rejected: 'case_id' is empty",
                "cases.csv:5:1: error: row rejected: case_id 'C1' appears on an earlier row of this file",
                "cases.csv:6:2: error: row rejected: the quote that opens field 2 is never closed; this line is rejected and the lines after it are read again as rows",
            ])
        #expect(stats?.rowsRead == 6)
        #expect(stats?.rowsEvaluated == 2)
        #expect(stats?.rowsRejected == 4)
    }

    @Test(
        "repeated references are found in order, out of order and after the order breaks",
        arguments: [
            (["C1", "C2", "C10", "C2"], [5]),
            (["C3", "C1", "C2", "C1", "C3"], [5, 6]),
            (["C1", "C2", "C3", "C0", "C2", "C0", "C4"], [6, 7]),
            (["A", "AB", "ABC", "AB", "B"], [5]),
            (["C1", "C1"], [3]),
        ])
    func repeatedReferences(ids: [String], rejectedLines: [Int]) {
        let csv = "case_id,request_received\n" + ids.map { "\($0),2024-01-08\n" }.joined()
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        #expect(diagnostics.map { Int($0.split(separator: ":")[1])! } == rejectedLines)
        #expect(subjects.count == ids.count - rejectedLines.count)
        #expect(stats?.rowsRejected == rejectedLines.count)
    }

    @Test("a file without case_id cannot be read, with a hint")
    func noID() {
        let (_, stats, diagnostics) = Fixtures.read("case,request_received\nC1,2024-01-08\n")
        #expect(stats == nil)
        #expect(
            diagnostics == [
                "cases.csv:1:1: error: no 'case_id' column; every case file needs one (map your own header to it in sendcheck.yaml under 'columns'); did you mean 'case'?"
            ])
        let (_, empty, d2) = Fixtures.read("")
        #expect(empty == nil)
        #expect(d2 == ["cases.csv:1:1: error: the file is empty; expected a header row naming the columns"])
    }

    @Test("a column mapping renames a council's headers; unknown columns are kept and never an error")
    func mapping() {
        let csv = "Case Ref,Date Request Received,Ward\nC1,2024-01-08,Ashby\n"
        let (subjects, _, diagnostics) = Fixtures.read(csv, columns: ["case_id": "Case Ref", "request_received": "date request received"])
        #expect(diagnostics == [])
        let slot = Fixtures.statutory.schemas["case"]!.slot(of: "request_received")!
        #expect(subjects.first?.values[slot] == .date(Fixtures.day("2024-01-08")))
    }

    @Test("the long layout gathers events per case, keeps every occurrence and reads attribute values")
    func longLayout() {
        let csv = """
            case_id,event,date,value
            L1,plan_start,2022-01-10,
            L2,request_received,2024-01-08,
            L1,last_review,2024-01-20,
            L1,last_review,2022-12-15,
            L2,request_outcome,,assess
            L1,bogus_event,2024-01-01,
            L2,request_outcome_date,2024-13-01,

            """
        let (subjects, stats, diagnostics) = Fixtures.read(csv)
        #expect(subjects.map(\.id) == ["L1", "L2"])
        let schema = Fixtures.statutory.schemas["case"]!
        #expect(subjects[0].occurrences(of: schema.slot(of: "last_review")!) == [Fixtures.day("2022-12-15"), Fixtures.day("2024-01-20")])
        // Every event the file records is a whole history (each review cycle is checked).
        #expect(subjects[0].hasHistory(schema.slot(of: "last_review")!))
        #expect(subjects[0].hasHistory(schema.slot(of: "plan_start")!))
        #expect(subjects[1].values[schema.slot(of: "request_outcome")!] == .code(0))
        #expect(
            diagnostics == [
                "cases.csv:7:2: error: row rejected: unknown event 'bogus_event'",
                "cases.csv:8:3: error: date: '2024-13-01' is not a real day (2024-13-1 does not exist) (case L2)",
            ])
        #expect(stats?.rowsRead == 7 && stats?.rowsEvaluated == 6 && stats?.rowsRejected == 1 && stats?.subjects == 2)
    }
}
