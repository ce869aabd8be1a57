import Testing

@testable import SendCheckCore

/// Which child a rejected row was about, when that can be told, and the length of label cells: the
/// alert job keeps a rejected row's case as it was, and decides nothing is gone when a rejected row's
/// case cannot be told.
@Suite("Rejected rows and label cells")
struct RejectedRowTests {
    static func read(_ csv: String, layout: CaseLayout? = nil) -> (subjects: [String], stats: ReadStatistics?, diagnostics: [String]) {
        var diagnostics = Diagnostics()
        var subjects: [String] = []
        let stats = Array(csv.utf8).withUnsafeBytes { raw in
            CaseFileReader.read(
                raw, path: "cases.csv", schema: Fixtures.statutory.schemas["case"]!, layout: layout, labels: ["team", "caseworker"],
                diagnostics: &diagnostics
            ) { subjects.append($0.id) }
        }
        return (subjects, stats, diagnostics.items.map(\.description))
    }

    @Test("a stray quote rejects C0002's row, and names C0002: the cells before the quote are whole")
    func strayQuote() {
        let csv = "case_id,team,request_received\nC0001,North,2026-01-05\nC0002,\"North,2026-01-05\nC0003,South,2026-01-05\n"
        let (subjects, stats, diagnostics) = Self.read(csv)
        #expect(subjects == ["C0001", "C0003"])
        #expect(diagnostics.count == 1 && diagnostics[0].hasPrefix("cases.csv:3:2: error: row rejected"), "\(diagnostics)")
        #expect(stats?.rejectedReferences == ["C0002"])
        #expect(stats?.everyRejectedRowNamed == true)
    }

    @Test("a quote that closes lines later names its row's case; a stray comma may have moved the reference, so its row is unnamed")
    func shapes() {
        let quote = "case_id,team,request_received\nC0001,\"North,2026-01-05\nC0002,South\",2026-01-05,x\nC0003,South,2026-01-05\n"
        let (_, quoted, _) = Self.read(quote)
        #expect(quoted?.rejectedReferences.first == "C0001")
        let comma = "case_id,team,request_received\nC0001,North,2026-01-05,extra\nC0002,South,2026-01-05\n"
        let (subjects, stats, _) = Self.read(comma)
        #expect(subjects == ["C0002"])
        #expect(stats?.rowsRejected == 1 && stats?.rejectedReferences == [])
        #expect(stats?.everyRejectedRowNamed == false, "a row whose child cannot be told makes the picture partial for an unknown child")
    }

    @Test("a reference that cannot be read leaves its row unnamed; a repeated one names its case")
    func references() {
        let csv = "case_id,team,request_received\n,North,2026-01-05\nC0001,North,2026-01-05\nC0001,South,2026-01-05\n"
        let (_, stats, _) = Self.read(csv)
        #expect(stats?.rowsRejected == 2)
        #expect(stats?.rejectedReferences == ["C0001"])
        #expect(stats?.everyRejectedRowNamed == false)
    }

    @Test("a team or caseworker cell over 200 characters rejects its row, located, and names its case")
    func longLabels() {
        let long = String(repeating: "N", count: 100_000)
        let csv =
            "case_id,team,caseworker,request_received\nC0001,\(long),jo@example.gov.uk,2026-01-05\nC0002,North,\(String(repeating: "é", count: 201)),2026-01-05\nC0003,\(String(repeating: "é", count: 200)),jo@example.gov.uk,2026-01-05\n"
        let (subjects, stats, diagnostics) = Self.read(csv)
        #expect(subjects == ["C0003"], "200 characters (400 bytes) is a label still")
        #expect(
            diagnostics == [
                "cases.csv:2:2: error: row rejected: 'team' is 100000 characters long; a team is at most 200",
                "cases.csv:3:3: error: row rejected: 'caseworker' is 201 characters long; a caseworker is at most 200",
            ])
        #expect(stats?.rejectedReferences == ["C0001", "C0002"])
        #expect(stats?.labels.values.allSatisfy { $0.unicodeScalars.count <= 200 } == true)
    }

    @Test("in the long layout, a team event whose value is too long rejects its row")
    func longLayoutLabel() {
        let csv = "case_id,event,date,value\nC0001,request_received,2026-01-05,\nC0001,team,2026-01-05,\(String(repeating: "x", count: 300))\n"
        let (subjects, stats, diagnostics) = Self.read(csv, layout: .long)
        #expect(subjects == ["C0001"])
        #expect(diagnostics == ["cases.csv:3:4: error: row rejected: 'team' is 300 characters long; a team is at most 200"])
        #expect(stats?.rejectedReferences == ["C0001"])
    }

    @Test("the references kept are bounded; beyond the bound, rows are counted and the read is no longer fully named")
    func bounded() {
        var stats = ReadStatistics(path: "cases.csv")
        for i in 0...ReadStatistics.maximumRejectedReferences { stats.reject(reference: "C\(i)") }
        #expect(stats.rejectedReferences.count == ReadStatistics.maximumRejectedReferences)
        #expect(!stats.everyRejectedRowNamed)
        var merged = ReadStatistics(path: "cases.csv")
        merged.add(stats)
        #expect(merged.rejectedReferences.count == ReadStatistics.maximumRejectedReferences)
    }
}
