/// Where a workbook's parts come from: its ZIP archive (the runtime's `Workbook`) or, in tests, the
/// parts themselves (`WorkbookParts.Archive`).
public protocol WorkbookArchive {
    /// The names of the archive's entries.
    var partNames: [String] { get }
    /// The whole of a part, decompressed (at most `limit` bytes, else a problem); nil when the
    /// archive has no such part.
    func part(_ name: String, limit: Int) throws(WorkbookProblem) -> [UInt8]?
    /// Hands a part's bytes to `body` in chunks, as they are decompressed, until the part ends or
    /// `body` returns false (it has all it needs). False when the archive has no such part.
    func stream(_ name: String, limit: Int, into body: (UnsafeRawBufferPointer) throws(WorkbookProblem) -> Bool) throws(WorkbookProblem) -> Bool
}

/// A sheet of a workbook as CSV bytes, for the case-file readers.
public struct SheetCSV: Sendable {
    /// RFC 4180, UTF-8, LF line endings, no byte-order mark; line N is the sheet's row N.
    public var bytes: [UInt8]
    /// The sheet's name, as the workbook spells it.
    public var sheet: String
    /// `file.xlsx[Sheet]`: the path for the CSV reader's locations.
    public var path: String
    /// What was read but deserves a word (formulas with no saved result, read as empty).
    public var warnings: [Diagnostic]
}

/// Reads workbooks (Excel's `.xlsx`, Office Open XML) from their parts: the sheets' names, and one
/// sheet as CSV (`SheetConverter`).
public enum WorkbookReader {
    /// The names of the workbook's sheets, in workbook order.
    public static func sheetNames(_ archive: some WorkbookArchive, path: String) -> Result<[String], WorkbookProblem> {
        do throws(WorkbookProblem) {
            return .success(try index(archive, path: path).sheets.map(\.name))
        } catch {
            return .failure(error)
        }
    }

    /// The sheet named `sheet` (the first sheet when nil) as CSV. `path` is the workbook's path, for
    /// locations.
    public static func csv(
        _ archive: some WorkbookArchive, sheet: String?, path: String, csvLimit: Int = SpreadsheetLimits.csvBytes
    ) -> Result<SheetCSV, WorkbookProblem> {
        do throws(WorkbookProblem) {
            let index = try index(archive, path: path)
            let chosen = try index.sheet(named: sheet, path: path).get()
            let strings = try index.sharedStringsPart.flatMap { (part) throws(WorkbookProblem) in
                try archive.part(part, limit: SpreadsheetLimits.sharedStringsBytes).map { (xml) throws(WorkbookProblem) in
                    try SharedStrings.read(xml, part: part, path: path)
                }
            }
            let styles = try index.stylesPart.flatMap { (part) throws(WorkbookProblem) in
                try archive.part(part, limit: SpreadsheetLimits.smallPartBytes).map { (xml) throws(WorkbookProblem) in
                    try CellStyles.read(xml, part: part, path: path)
                }
            }
            let sheetPath = "\(path)[\(chosen.name)]"
            var converter = SheetConverter(
                strings: strings ?? .none, styles: styles ?? .none, dateSystem: index.dateSystem, path: sheetPath, csvLimit: csvLimit)
            let part = chosen.part ?? ""
            let found = try archive.stream(part, limit: SpreadsheetLimits.sheetXMLBytes) { (chunk) throws(WorkbookProblem) in
                try converter.consume(chunk)
                return !converter.isComplete
            }
            guard found else {
                throw WorkbookProblem(
                    file: path, "the workbook has no part \(part) for sheet '\(Escaping.shown(chosen.name))'; the workbook is damaged")
            }
            let bytes = try converter.finish()
            return .success(SheetCSV(bytes: bytes, sheet: chosen.name, path: sheetPath, warnings: converter.warnings))
        } catch {
            return .failure(error)
        }
    }

    /// The workbook's index, from the part the package's relationships name (`xl/workbook.xml`
    /// usually) and its relationships.
    static func index(_ archive: some WorkbookArchive, path: String) throws(WorkbookProblem) -> WorkbookIndex {
        var workbookPart = "xl/workbook.xml"
        if let xml = try archive.part("_rels/.rels", limit: SpreadsheetLimits.smallPartBytes),
            let part = try Relationships.read(xml, part: "_rels/.rels", path: path).part(ofKind: "officeDocument")
        {
            workbookPart = part
        }
        guard let workbook = try archive.part(workbookPart, limit: SpreadsheetLimits.smallPartBytes) else {
            throw WorkbookProblem(file: path, notAWorkbook(archive.partNames))
        }
        let relationshipsPart = WorkbookIndex.relationshipsPart(of: workbookPart)
        guard let relationships = try archive.part(relationshipsPart, limit: SpreadsheetLimits.smallPartBytes) else {
            throw WorkbookProblem(file: path, "the workbook has no \(relationshipsPart), which says where its sheets are; the workbook is damaged")
        }
        return try WorkbookIndex.read(workbook: workbook, relationships: relationships, workbookPart: workbookPart, path: path)
    }

    /// What a ZIP archive with no workbook part is, by the parts it has.
    static func notAWorkbook(_ names: [String]) -> String {
        let has = { (name: String) in names.contains(name) }
        if has("xl/workbook.bin") { return "this is an Excel binary workbook (.xlsb), which sendcheck does not read: save it as .xlsx or CSV" }
        if has("word/document.xml") { return "this is a Word document, not an Excel workbook" }
        if has("ppt/presentation.xml") { return "this is a PowerPoint presentation, not an Excel workbook" }
        if has("content.xml"), has("mimetype") {
            return "this is an OpenDocument file (.ods?), which sendcheck does not read: save it as .xlsx or CSV"
        }
        return "this ZIP archive is not an Excel workbook: it has no xl/workbook.xml"
    }
}
