import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Workbooks as files: one a real spreadsheet library wrote, the writer's own, and files that are
/// not workbooks or are damaged, which end in a located problem (never a crash or a hang).
@Suite("Workbook files")
struct WorkbookFileTests {
    static let fixture = Fixtures.path("Tests/SendCheckCoreTests/Fixtures/excel-export.xlsx")

    static func temporary(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "sendcheck-xlsx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/" + name
    }

    static func text(_ result: Result<SheetCSV, WorkbookProblem>) -> String {
        switch result {
        case .success(let csv): return String(decoding: csv.bytes, as: UTF8.self)
        case .failure(let problem): return problem.description
        }
    }

    @Test("a council's export written by XlsxWriter: shared strings, dates as dates, a date typed as text, blank rows, a Total row")
    func fixture() throws {
        #expect(try Workbook.sheetNames(path: Self.fixture).get() == ["Requests", "Notes"])
        let csv = try Workbook.csv(path: Self.fixture, sheet: nil).get()
        #expect(csv.sheet == "Requests")
        #expect(csv.path == Self.fixture + "[Requests]")
        #expect(csv.warnings.isEmpty)
        let expected = [
            "case_id,request_received,request_outcome,request_outcome_date,team,notes",
            #"C0001,2025-01-06,assess,2025-02-14,North,"Synthetic case, on time""#,
            "C0002,2025-03-03,,,South,Synthetic Child B",
            "",
            #"C0003,15/03/2025,assess,2025-04-01,West,"said ""late""""#,
            "C0004,2024-02-29,no_assess,2024-04-08,East,",
            "",
            "Total,,,,,4",
        ]
        #expect(String(decoding: csv.bytes, as: UTF8.self) == expected.joined(separator: "\n") + "\n")
        #expect(Self.text(Workbook.csv(path: Self.fixture, sheet: "notes")) == "about,value\nmade by,scripts/make-xlsx-fixture.py\ncases,4\n")
    }

    @Test("the CSV reader reads the sheet's CSV unchanged, and its locations are the sheet's rows and columns")
    func readAsCases() throws {
        let csv = try Workbook.csv(path: Self.fixture, sheet: "Requests").get()
        var diagnostics = Diagnostics()
        var subjects: [Subject] = []
        let stats = csv.bytes.withUnsafeBytes { bytes in
            CaseFileReader.read(bytes, path: csv.path, schema: Fixtures.statutory.schemas["case"]!, diagnostics: &diagnostics) { subjects.append($0) }
        }
        // The "Total" footer row is skipped and counted, never a case.
        #expect(subjects.map(\.id) == ["C0001", "C0002", "C0003", "C0004"])
        #expect(subjects.map(\.location.line) == [2, 3, 5, 6])
        #expect(stats?.rowsRead == 5)
        #expect(stats?.rowsExcluded == 1)
        // The code the export uses for "not to assess" is not the pack's: reported at its cell, C6.
        #expect(diagnostics.items.map(\.description).contains { $0.hasPrefix("\(Self.fixture)[Requests]:6:3: error: request_outcome: ") })
    }

    @Test("what the writer writes reads back: every cell type, two sheets, both date systems, shared or inline text, deflated or stored")
    func roundTrip() throws {
        for (system, strings, deflate) in [(ExcelDateSystem.from1900, WorkbookWriter.Strings.shared, true), (.from1904, .inline, false)] {
            var writer = WorkbookWriter(dateSystem: system, strings: strings)
            try writer.addSheet("Cases")
            writer.addRow([.text("case_id"), .text("received"), .text("amount"), .text("flag"), .text("total"), .text("error"), .text("note")])
            writer.addRow([
                .text("C1"), .date(Day(year: 2024, month: 3, day: 15)!), .number(12.5), .boolean(true),
                .formula("C2*2", result: .number(25)), .error("#N/A"), .text("a, \"quoted\"\nline"),
            ])
            writer.addRow(
                [
                    .text("C2"), .date(Day(year: 1900, month: 2, day: 28)!), .number(2027), .boolean(false),
                    .formula("B3", result: .date(Day(year: 2024, month: 1, day: 2)!)), nil, .text(" _x0041_ "),
                ], at: 5)
            try writer.addSheet("Notes")
            writer.addRow([.formula("\"a\"&\"b\"", result: .text("ab")), .formula("TRUE", result: .boolean(true))])
            let path = try Self.temporary("book.xlsx")
            try Workbook.write(writer, to: path, deflate: deflate).get()
            #expect(try Workbook.sheetNames(path: path).get() == ["Cases", "Notes"])
            let expected = [
                "case_id,received,amount,flag,total,error,note", #"C1,2024-03-15,12.5,TRUE,25,#N/A,"a, ""quoted"" line""#, "", "",
                "C2,1900-02-28,2027,FALSE,2024-01-02,, _x0041_ ",
            ]
            #expect(Self.text(Workbook.csv(path: path, sheet: "Cases")) == expected.joined(separator: "\n") + "\n", "\(system)")
            #expect(Self.text(Workbook.csv(path: path, sheet: "Notes")) == "ab,TRUE\n")
        }
    }

    @Test("files that are not workbooks say what they are")
    func notWorkbooks() throws {
        let cases: [(String, [UInt8], String)] = [
            ("empty.xlsx", [], "the file is empty; an Excel workbook (.xlsx) is a ZIP archive"),
            ("cases.xlsx", Array("case_id,team\nC1,North\n".utf8), "this is text, not an Excel workbook (a CSV file named .xlsx?)"),
            (
                "old.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600),
                "this is an Excel 97-2003 .xls workbook; save it as .xlsx or CSV"
            ),
            (
                "locked.xlsx",
                [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)
                    + Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                "this workbook is encrypted with a password, which sendcheck cannot read"
            ),
            (
                "empty-zip.xlsx", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18),
                "this ZIP archive is not an Excel workbook: it has no xl/workbook.xml"
            ),
            (
                "binary.xlsx", [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00],
                "this is not an Excel workbook: an .xlsx file is a ZIP archive, and this file is not one"
            ),
        ]
        for (name, bytes, message) in cases {
            let path = try Self.temporary(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let text = Self.text(Workbook.csv(path: path, sheet: nil))
            #expect(text.hasPrefix("\(path):1:1: error: \(message)"), "\(name): \(text)")
        }
        #expect(Self.text(Workbook.csv(path: "/nonexistent/book.xlsx", sheet: nil)) == "/nonexistent/book.xlsx:1:1: error: no such file")
    }

    /// A workbook the writer wrote, as bytes, with the offsets of an entry's directory record and
    /// local header.
    static func written() throws -> (bytes: [UInt8], record: (String) -> Int, local: (String) -> Int) {
        var writer = WorkbookWriter()
        writer.addRow([.text("case_id"), .text("team")])
        for i in 1...2000 { writer.addRow([.text("C\(i)"), .number(Double(i))]) }
        let path = try temporary("book.xlsx")
        try Workbook.write(writer, to: path).get()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func find(_ signature: [UInt8], _ name: String, nameAt: Int) -> Int {
            let name = Array(name.utf8)
            for i in 0..<(bytes.count - nameAt - name.count) where bytes[i..<(i + 4)].elementsEqual(signature) {
                if bytes[(i + nameAt)..<(i + nameAt + name.count)].elementsEqual(name) { return i }
            }
            return -1
        }
        return (bytes, { find([0x50, 0x4B, 0x01, 0x02], $0, nameAt: 46) }, { find([0x50, 0x4B, 0x03, 0x04], $0, nameAt: 30) })
    }

    static func put32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for k in 0..<4 { bytes[offset + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) }
    }

    static func read(_ bytes: [UInt8]) throws -> String {
        let path = try temporary("damaged.xlsx")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return Self.text(Workbook.csv(path: path, sheet: nil)).replacingOccurrences(of: path, with: "book.xlsx")
    }

    @Test("a damaged archive: cut short, a deflate stream cut inside the entry, sizes that lie, an encrypted entry", .timeLimit(.minutes(1)))
    func damaged() throws {
        let (bytes, record, _) = try Self.written()
        let sheet = "xl/worksheets/sheet1.xml"
        #expect(
            try Self.read(Array(bytes.prefix(bytes.count / 2)))
                == "book.xlsx:1:1: error: this is not a readable Excel workbook: it has no ZIP end-of-archive record (the file is cut short, or not a ZIP archive)"
        )
        // The sheet's compressed size cut to a third: its deflate stream ends before the data does
        // (ZIPFoundation's own loop would spin for ever here).
        var cut = bytes
        let compressed = Int(cut[record(sheet) + 20]) | Int(cut[record(sheet) + 21]) << 8 | Int(cut[record(sheet) + 22]) << 16
        Self.put32(UInt32(compressed / 3), at: record(sheet) + 20, in: &cut)
        let cutText = try Self.read(cut)
        #expect(cutText == "book.xlsx:1:1: error: the workbook's \(sheet) cannot be decompressed: the workbook is damaged or cut short", "\(cutText)")
        // A declared size that is not what comes out.
        var lying = bytes
        Self.put32(100, at: record("xl/sharedStrings.xml") + 24, in: &lying)
        let lyingText = try Self.read(lying)
        #expect(lyingText.hasPrefix("book.xlsx:1:1: error: the workbook's xl/sharedStrings.xml decompresses to "), "\(lyingText)")
        #expect(lyingText.hasSuffix(" bytes, not the 100 its directory says: the workbook is damaged"), "\(lyingText)")
        // A part that claims more than its limit is refused before anything is inflated.
        var bomb = bytes
        Self.put32(100 << 20, at: record("xl/workbook.xml") + 24, in: &bomb)
        #expect(
            try Self.read(bomb)
                == "book.xlsx:1:1: error: the workbook's xl/workbook.xml is larger than 64 MiB uncompressed, more than sendcheck reads (a workbook built to exhaust memory?)"
        )
        var encrypted = bytes
        encrypted[record(sheet) + 8] |= 1
        #expect(
            try Self.read(encrypted).hasSuffix(
                "error: the workbook's \(sheet) is encrypted, which sendcheck cannot read: save the workbook again without a password"))
    }

    @Test("a ZIP bomb: a part whose directory says it is small but inflates past its limit stops at the limit", .timeLimit(.minutes(1)))
    func bomb() throws {
        // 80 MiB of spaces inside the workbook part, which may hold 64 MiB; the directory says 300 bytes.
        let path = try Self.temporary("bomb.xlsx")
        let archive = try ZIPFoundationTools.archive(path, parts: [("xl/workbook.xml", 80 << 20)])
        _ = archive
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let record = (0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) }!
        Self.put32(300, at: record + 24, in: &bytes)
        #expect(
            try Self.read(bytes)
                == "book.xlsx:1:1: error: the workbook's xl/workbook.xml is larger than 64 MiB uncompressed, more than sendcheck reads (a workbook built to exhaust memory?)"
        )
    }
}
