import SendCheckCore
import Testing

/// Workbooks made by hand, part by part, for the converter's tests.
enum Sheets {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// The parts of a one-sheet workbook (`Sheet1`) whose sheet data is `rows`, with the shared
    /// strings `strings` (as written inside `<si>`), custom number formats and cell styles (each
    /// style a numFmtId), and the date system.
    static func parts(
        _ rows: String, strings: [String] = [], formats: [Int: String] = [:], styles: [Int] = [0], date1904: String? = nil
    ) -> [String: [UInt8]] {
        let numFmts = formats.sorted { $0.key < $1.key }.map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\($0.value)\"/>" }.joined()
        let xfs = styles.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        let stylesXML =
            "<styleSheet xmlns=\"\(main)\"><numFmts count=\"\(formats.count)\">\(numFmts)</numFmts>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"22\"/></cellStyleXfs><cellXfs count=\"\(styles.count)\">\(xfs)</cellXfs></styleSheet>"
        let sst = "<sst xmlns=\"\(main)\">" + strings.map { "<si>\($0)</si>" }.joined() + "</sst>"
        let workbook =
            "<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + (date1904.map { "<workbookPr date1904=\"\($0)\"/>" } ?? "")
            + "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        let rels =
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(type)worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(type)styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(type)sharedStrings\" Target=\"/xl/sharedStrings.xml\"/></Relationships>"
        let sheet =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"\(main)\"><dimension ref=\"A1:C3\"/><sheetData>\(rows)</sheetData></worksheet>"
        return [
            "xl/workbook.xml": Array(workbook.utf8), "xl/_rels/workbook.xml.rels": Array(rels.utf8), "xl/styles.xml": Array(stylesXML.utf8),
            "xl/sharedStrings.xml": Array(sst.utf8), "xl/worksheets/sheet1.xml": Array(sheet.utf8),
        ]
    }

    /// The CSV of the sheet, read in chunks of `chunkSize` bytes.
    static func csv(_ parts: [String: [UInt8]], sheet: String? = nil, chunkSize: Int = 1 << 20) -> Result<SheetCSV, WorkbookProblem> {
        WorkbookReader.csv(PartsArchive(parts, chunkSize: chunkSize), sheet: sheet, path: "book.xlsx")
    }

    /// The CSV text of sheet data `rows`; the same whatever size the chunks are (checked for chunks of
    /// 1, 2, 3, 7 and 64 bytes), or the problem's description.
    static func text(
        _ rows: String, strings: [String] = [], formats: [Int: String] = [:], styles: [Int] = [0], date1904: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String {
        let parts = parts(rows, strings: strings, formats: formats, styles: styles, date1904: date1904)
        let whole = describe(csv(parts))
        for size in [1, 2, 3, 7, 64] {
            #expect(describe(csv(parts, chunkSize: size)) == whole, "chunks of \(size) bytes", sourceLocation: sourceLocation)
        }
        return whole
    }

    static func describe(_ result: Result<SheetCSV, WorkbookProblem>) -> String {
        switch result {
        case .success(let csv): return String(decoding: csv.bytes, as: UTF8.self)
        case .failure(let problem): return problem.description
        }
    }
}
