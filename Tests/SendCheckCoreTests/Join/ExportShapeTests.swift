import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// A council's exports as they come out of Excel: event exports in their own shape, `N/A` cells,
/// placeholder dates, blank and Total rows, several columns for one field, combined cells.
@Suite("Exports in the council's own shape")
struct ExportShapeTests {
    @Test("an events export: a constant event, the same meeting twice is one event, other columns read with the row")
    func constantEvent() throws {
        let folder = try SourceFolder(
            [
                "plans.csv": "Ref,EHCP Start\nK1,2024-03-10\n",
                "meetings.csv": """
                Child Ref,Meeting Date,Decision Sent
                K1,04/03/2025,20/03/2025
                K1,04/03/2025,20/03/2025
                K1,02/03/2026,

                """,
            ],
            config: """
                cases:
                  - path: plans.csv
                    columns: {case_id: Ref, plan_start: EHCP Start}
                  - path: meetings.csv
                    layout: events
                    event: review_meeting
                    columns: {case_id: Child Ref, date: Meeting Date, last_review: Decision Sent}

                """)
        let (result, diagnostics) = folder.check(asOf: "2026-04-15", since: "2024-01-01")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        // Two meetings, not three: the repeated row invents no cycle. The 2026 meeting's decision is
        // not recorded (4 weeks: due 30 March 2026, overdue on 15 April).
        // The first plan year ran to 9 March 2025 and its review decision came on the 20th: breached.
        #expect(
            SourceFolder.lines(result, folder: folder) == [
                "reg20-review-decision K1 met 2025-04-01 at meetings.csv:2",
                "reg20-review-decision K1 overdue 2026-03-30 at meetings.csv:4",
                "s44-annual-review K1 breached 2025-03-09 at plans.csv:2 end meetings.csv:2",
                "s44-annual-review K1 overdue 2026-03-19 at meetings.csv:2",
            ])
        // The repeated row repeats two events: the meeting and its decision.
        #expect(result?.inputs.first { $0.path.hasSuffix("meetings.csv") }?.duplicateEvents == 2)
    }

    @Test("an events export with an event column: the export's own event names, an unknown one rejected with a hint")
    func eventColumn() throws {
        let folder = try SourceFolder(
            [
                "events.csv": """
                Ref,Type,Date
                K1,EHCP Issued,2024-03-10
                K1,Annual Review Meeting,2025-02-20
                K1,Review Letter,2025-03-05
                K1,Phone call,2025-04-01
                K1,Anual Review Meeting,2026-01-10

                """
            ],
            config: """
                cases:
                  - path: events.csv
                    layout: events
                    columns: {case_id: Ref, event: Type, date: Date}
                    values:
                      event: {"EHCP Issued": plan_start, "Annual Review Meeting": review_meeting, "Review Letter": last_review}
                    exclude: {event: ["Phone call"]}

                """)
        let (result, diagnostics) = folder.check(asOf: "2026-03-01", since: "2024-01-01")
        #expect(
            diagnostics == [
                "events.csv:6:2: error: row rejected: unknown event 'Anual Review Meeting'; did you mean 'annual review meeting'? "
                    + "(name your export's events under 'values: {event: {...}}' in sendcheck.yaml)"
            ])
        let stats = try #require(result?.inputs.first)
        #expect((stats.rowsRead, stats.rowsEvaluated, stats.rowsRejected, stats.rowsExcluded) == (5, 3, 1, 1))
        #expect(
            SourceFolder.lines(result, folder: folder) == [
                "reg20-review-decision K1 met 2025-03-20 at events.csv:3 end events.csv:4",
                "s44-annual-review K1 met 2025-03-09 at events.csv:2 end events.csv:4",
                "s44-annual-review K1 due_soon 2026-03-04 at events.csv:4",
            ])
    }

    @Test("nulls are blank, not unreadable; placeholder dates are blank and counted; without nulls N/A is invalid, with a hint")
    func nullsAndPlaceholders() throws {
        let csv = "case_id,plan_start,last_review,cease_date\nK1,2025-01-10,N/A,01/01/1900\nK2,2025-01-10,TBC,\n"
        let configured = try SourceFolder(["cases.csv": csv], config: "nulls: [\"N/A\", \"TBC\", \"-\"]\ncases: [cases.csv]\n")
        let (result, diagnostics) = configured.check(asOf: "2026-02-01")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(
            SourceFolder.lines(result, folder: configured) == [
                "s44-annual-review K1 overdue 2026-01-09 at cases.csv:2", "s44-annual-review K2 overdue 2026-01-09 at cases.csv:3",
            ])
        let stats = try #require(result?.inputs.first)
        #expect((stats.nullCells, stats.placeholderDates, stats.invalidCells) == (2, 1, 0))
        let bare = try SourceFolder(["cases.csv": csv], config: "cases: [cases.csv]\n")
        let (invalid, errors) = bare.check(asOf: "2026-02-01")
        #expect(
            SourceFolder.lines(invalid, folder: bare) == [
                "s44-annual-review K1 invalid - at cases.csv:2", "s44-annual-review K2 invalid - at cases.csv:3",
            ])
        // Each finding is placed at the cell (column 3), and the error says how to read N/A as blank.
        #expect(invalid?.findings.map(\.column) == [3, 3])
        #expect(errors.first?.hasPrefix("cases.csv:2:3: error: last_review: 'N/A' is not a date") == true)
        #expect(errors.first?.hasSuffix("add it to 'nulls' in sendcheck.yaml (nulls: [\"N/A\"])") == true)
        // The alert job tells the caseworker what to fix and where, never the cell's text.
        var engine = bare.engine()
        let alerts = engine.alertInput(
            CheckOptions(asOf: Fixtures.day("2026-02-01")), watched: [:], breachesSince: Fixtures.day("2026-01-01"), cores: 1)
        #expect(
            alerts?.findings.compactMap(\.dataToFix).map { $0.replacingOccurrences(of: bare.path + "/", with: "") } == [
                "last_review at cases.csv:2 cannot be read", "last_review at cases.csv:3 cannot be read",
            ])
    }

    @Test("blank rows, Total rows and excluded references are skipped and counted, never cases and never rejected")
    func leftovers() throws {
        let csv = """
            case_id,request_received,request_outcome,request_outcome_date
            K1,2026-01-05,assess,2026-02-09
            ,,,
              ,\t,,
            K9,2026-01-05,,
            Total,3,,
            ,Grand Total:,,

            """
        let folder = try SourceFolder(["cases.csv": csv], config: "cases:\n  - {path: cases.csv, exclude: {case_id: [K9]}}\n")
        let (result, diagnostics) = folder.check(asOf: "2026-11-29")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(result?.subjects == 1)
        let stats = try #require(result?.inputs.first)
        #expect((stats.rowsRead, stats.rowsEvaluated, stats.rowsRejected, stats.rowsBlank, stats.rowsExcluded) == (6, 1, 0, 2, 3))
        #expect(result?.everySourceChecked == true)
    }

    @Test("a field from the first non-empty of several columns, with the code its column sets")
    func severalColumns() throws {
        let csv = """
            Ref,Received,Final EHCP Issued Date,Not Issued Decision Date
            K1,2026-01-05,2026-05-11,
            K2,2026-01-05,,2026-04-20
            K3,2026-01-05,,

            """
        let folder = try SourceFolder(
            ["cases.csv": csv],
            config: """
                cases: [cases.csv]
                columns:
                  case_id: Ref
                  request_received: Received
                  assessment_outcome_date:
                    - {column: Final EHCP Issued Date, sets: {assessment_outcome: issue}}
                    - {column: Not Issued Decision Date, sets: {assessment_outcome: not_issue}}
                constants: {request_outcome: assess, request_outcome_date: 2026-02-02}

                """)
        let (result, diagnostics) = folder.check(asOf: "2026-11-29", since: "2025-01-01")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let lines = SourceFolder.lines(result, folder: folder).filter { !$0.hasPrefix("reg5") }
        #expect(
            lines == [
                "reg10-not-to-issue K2 met 2026-04-27 at cases.csv:3",
                "reg13-final-plan K1 met 2026-05-25 at cases.csv:2",
                "reg13-final-plan K3 overdue 2026-05-25 at cases.csv:4",
            ])
    }

    @Test("a combined cell split by a pattern into fields, with the export's own codes for a part; a cell that does not match is invalid")
    func splitColumn() throws {
        let csv = "Ref,Last Review,Transfer\nK1,2026-01-20,2026 Secondary\nK2,2026-01-20,next year\nK3,2026-01-20,2026 College\n"
        let folder = try SourceFolder(
            ["cases.csv": csv],
            config: """
                cases: [cases.csv]
                columns:
                  case_id: Ref
                  last_review: Last Review
                  "Transfer": {pattern: '(?<transfer_year>\\d{4}) (?<transfer_type>\\w+)'}
                values:
                  transfer_type: {"Secondary": school, "College": post16}

                """)
        let (result, diagnostics) = folder.check(asOf: "2026-03-01")
        #expect(diagnostics == ["cases.csv:3:3: error: Transfer: 'next year' does not match the pattern that splits it (case K2)"])
        let phase = SourceFolder.lines(result, folder: folder).filter { $0.hasPrefix("reg18") }
        #expect(
            phase == [
                "reg18-phase-transfer K1 met 2026-02-14 at cases.csv:2", "reg18-phase-transfer K2 invalid - at cases.csv:3",
                "reg18-phase-transfer K3 met 2026-03-30 at cases.csv:4",
            ])
    }

    @Test("mapping mistakes are located, with did you mean")
    func mappingMistakes() throws {
        let folder = try SourceFolder(
            ["cases.csv": "Ref,Final\nK1,2026-01-01\n"],
            config: """
                cases: [cases.csv]
                columns:
                  case_id: Ref
                  assessment_outcome_date:
                    - {column: Final, sets: {assesment_outcome: issue}}
                  "Transfer": {pattern: '(?<transfer_yr>\\d{4})'}

                """)
        let engine = folder.engine()
        #expect(engine.ruleSet == nil)
        let messages = engine.diagnostics.items.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(
            messages.contains {
                $0.hasPrefix("sendcheck.yaml:7:") && $0.contains("'assesment_outcome' under 'sets' is not a field")
                    && $0.contains("did you mean 'assessment_outcome'")
            })
        #expect(
            messages.contains {
                $0.hasPrefix("sendcheck.yaml:8:") && $0.contains("group 'transfer_yr' is not a field") && $0.contains("transfer_year")
            })
        let empty = try SourceFolder(["cases.csv": "case_id\nK1\n"], config: "cases: [cases.csv]\nnulls: [\"\"]\n")
        let nulls = empty.engine().diagnostics.items.map { $0.description.replacingOccurrences(of: empty.path + "/", with: "") }
        #expect(nulls.contains { $0.hasPrefix("sendcheck.yaml:4:") && $0.contains("a null value must not be empty") })
    }
}

/// A workbook's sheets may be several sources of one run, joined like any files.
@Suite("Workbook sheets as sources")
struct WorkbookSheetSourceTests {
    @Test("two sheets of one workbook are two sources, joined by reference, each located by its sheet")
    func twoSheets() throws {
        var writer = WorkbookWriter()
        try writer.addSheet("Plans")
        writer.addRow([.text("Ref"), .text("EHCP Start")])
        writer.addRow([.text("K1"), .date(Fixtures.day("2024-03-10"))])
        try writer.addSheet("Ceased")
        writer.addRow([.text("Ref"), .text("Ceased")])
        writer.addRow([.text("K1"), .date(Fixtures.day("2025-06-30"))])
        let folder = try SourceFolder(
            ["plans.csv": "case_id,last_review\nK1,\n"],
            config: """
                cases:
                  - path: plans.csv
                  - {path: book.xlsx, sheet: Plans, columns: {case_id: Ref, plan_start: EHCP Start}}
                  - {path: book.xlsx, sheet: Ceased, columns: {case_id: Ref, cease_date: Ceased}}

                """)
        guard case .success = Workbook.write(writer, to: folder.path + "/book.xlsx") else {
            Issue.record("the workbook could not be written")
            return
        }
        let (result, diagnostics) = folder.check(asOf: "2026-01-15")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(result?.subjects == 1)
        #expect(
            result?.inputs.map(\.path).map { $0.replacingOccurrences(of: folder.path + "/", with: "") } == [
                "plans.csv", "book.xlsx[Plans]", "book.xlsx[Ceased]",
            ])
        #expect(
            SourceFolder.lines(result, folder: folder) == [
                "s44-annual-review K1 breached 2025-03-09 at book.xlsx[Plans]:2 end book.xlsx[Ceased]:2"
            ])
    }
}
