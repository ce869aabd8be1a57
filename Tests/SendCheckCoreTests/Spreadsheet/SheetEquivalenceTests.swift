import SendCheckCore
import Testing

/// The converter's fast paths (a plain `<v>` read at once, a cell's start tag read in one pass, the
/// XML cut into chunks anywhere) against an independent oracle: random workbooks from the writer,
/// whose CSV is computed here from the cells' values, read whole, in small chunks, and with every
/// cell forced onto the general path.
@Suite("Sheet equivalence")
struct SheetEquivalenceTests {
    static let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", " ", "&", "<", ">", "'", "é", "東", "_x0041_", "\t", ";", "#"]

    static func cell(_ g: inout SeededGenerator) -> WorkbookCell? {
        switch g.next() % 7 {
        case 0: return nil
        case 1: return .number(Double(Int(g.next() % 100_000)) / 4)
        case 2: return .date(Day(number: Int(g.next() % 40_000)))
        case 3: return .boolean(g.next() % 2 == 0)
        case 4: return .formula("A1", result: .number(Double(g.next() % 50)))
        default: return .text((0..<Int(g.next() % 6)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }.joined())
        }
    }

    /// The CSV field the oracle expects for a cell.
    static func field(_ cell: WorkbookCell?) -> String {
        switch cell {
        case nil: return ""
        case .number(let n), .formula(_, .number(let n)): return n == n.rounded() ? String(Int(n)) : String(n)
        case .date(let day): return day.iso
        case .boolean(let flag): return flag ? "TRUE" : "FALSE"
        case .text(let text):
            let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            return flat.contains(",") || flat.contains("\"") ? "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : flat
        default: return "?"
        }
    }

    @Test("random sheets convert as the oracle says, whole, in chunks and on the general path", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func random(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        for strings in [WorkbookWriter.Strings.shared, .inline] {
            var writer = WorkbookWriter(strings: strings)
            let width = 1 + Int(g.next() % 6)
            var expected: [String] = []
            var row = 0
            for r in 0..<40 {
                let skip = r > 0 && g.next() % 5 == 0 ? 1 + Int(g.next() % 3) : 0
                expected += Array(repeating: "", count: skip)
                row += skip + 1
                var cells = (0..<width).map { _ in Self.cell(&g) }
                if r == 0 { cells = (0..<width).map { .text("h\($0)") } }
                // A row whose cells are all empty strings or absent is an empty line.
                let fields = cells.map(Self.field)
                writer.addRow(cells, at: row)
                expected.append(fields.allSatisfy(\.isEmpty) ? "" : fields.joined(separator: ","))
            }
            let want = expected.joined(separator: "\n") + "\n"
            let parts = Dictionary(writer.parts().map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            var general = parts
            let sheet = String(decoding: parts["xl/worksheets/sheet1.xml"]!, as: UTF8.self)
            general["xl/worksheets/sheet1.xml"] = Array(sheet.replacingOccurrences(of: "</c>", with: "<!----></c>").utf8)
            for (variant, chunk) in [(parts, 1 << 20), (parts, 1 + Int(g.next() % 13)), (general, 1 << 20), (general, 5)] {
                let csv = try WorkbookReader.csv(PartsArchive(variant, chunkSize: chunk), sheet: nil, path: "r.xlsx").get()
                #expect(String(decoding: csv.bytes, as: UTF8.self) == want, "seed \(seed), chunks of \(chunk)")
            }
        }
    }

    @Test("mutated sheets, read in chunks of any size, end in CSV or a located problem, never a crash", arguments: [11, 12, 13] as [UInt64])
    func mutated(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        var writer = WorkbookWriter(strings: .inline)
        for r in 0..<30 { writer.addRow((0..<4).map { _ in Self.cell(&g) }, at: r + 1) }
        let parts = Dictionary(writer.parts().map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let sheet = parts["xl/worksheets/sheet1.xml"]!
        let alphabet = Array("<>/\"'=&;#x:crvt0919AZ !?-[]".utf8) + [0, 0x0A, 0xFF]
        for _ in 0..<300 {
            var mutated = sheet
            for _ in 0..<(1 + Int(g.next() % 4)) where !mutated.isEmpty {
                let at = Int(g.next() % UInt64(mutated.count))
                switch g.next() % 3 {
                case 0: mutated[at] = alphabet[Int(g.next() % UInt64(alphabet.count))]
                case 1: mutated.remove(at: at)
                default: mutated.removeSubrange(at...)
                }
            }
            var variant = parts
            variant["xl/worksheets/sheet1.xml"] = mutated
            switch WorkbookReader.csv(PartsArchive(variant, chunkSize: 1 + Int(g.next() % 50)), sheet: nil, path: "m.xlsx") {
            case .success(let csv): #expect(!csv.bytes.contains(0))
            case .failure(let problem):
                #expect(problem.location.path.hasPrefix("m.xlsx"))
                #expect(problem.location.line >= 1 && problem.location.column >= 1)
            }
        }
    }
}
