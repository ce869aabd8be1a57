/// What a workbook holds, from `xl/workbook.xml` and its relationships: its sheets in workbook order
/// with the part that holds each, its date system, and where its shared strings and styles are.
public struct WorkbookIndex: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public var name: String
        /// The part holding the sheet (`xl/worksheets/sheet1.xml`); nil when the relationships do not
        /// name one.
        public var part: String?
        /// Whether it is a worksheet (rather than a chart sheet or a macro sheet).
        public var isWorksheet: Bool
        /// Whether it is hidden (`state="hidden"` or `"veryHidden"`).
        public var hidden: Bool
    }

    public var sheets: [Sheet]
    public var dateSystem: ExcelDateSystem
    public var sharedStringsPart: String?
    public var stylesPart: String?

    /// Reads the workbook part (`workbookPart`, usually `xl/workbook.xml`) and its relationships.
    /// `path` is the file's, for locations.
    public static func read(
        workbook: [UInt8], relationships: [UInt8], workbookPart: String = "xl/workbook.xml", path: String
    ) throws(WorkbookProblem) -> WorkbookIndex {
        let relationshipsPart = relationshipsPart(of: workbookPart)
        let rels = try Relationships.read(relationships, part: relationshipsPart, path: path)
        var sheets: [Sheet] = []
        var dateSystem = ExcelDateSystem.from1900
        try WorkbookProblem.reading(workbook) { (bytes) throws(WorkbookProblem) in
            var reader = PartReader(bytes, part: workbookPart, path: path)
            while true {
                let event = try reader.next()
                if case .end = event { break }
                guard case .open(let name, let attributes, _) = event else { continue }
                if name == Names.workbookPr, let value = reader.attribute("date1904", in: attributes) {
                    dateSystem = value == "1" || value.lowercased() == "true" ? .from1904 : .from1900
                } else if name == Names.sheet, let sheetName = reader.attribute("name", in: attributes) {
                    let rel = reader.attribute("id", in: attributes).flatMap { rels.relationship($0) }
                    let state = reader.attribute("state", in: attributes)
                    sheets.append(
                        Sheet(
                            name: sheetName, part: rel?.part, isWorksheet: rel?.isKind("worksheet") ?? false,
                            hidden: state == "hidden" || state == "veryHidden"))
                }
            }
        }
        return WorkbookIndex(
            sheets: sheets, dateSystem: dateSystem, sharedStringsPart: rels.part(ofKind: "sharedStrings"), stylesPart: rels.part(ofKind: "styles"))
    }

    /// The relationships part of a part: `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`.
    public static func relationshipsPart(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }

    /// The sheet named `name` (exactly, else without regard to case, as Excel compares sheet names),
    /// or the first sheet in workbook order when `name` is nil. A name not in the workbook, a workbook
    /// with no sheets, or a sheet that is not a worksheet is a problem at `path:1:1` naming the sheets.
    public func sheet(named name: String?, path: String) -> Result<Sheet, WorkbookProblem> {
        guard !sheets.isEmpty else { return .failure(WorkbookProblem(file: path, "the workbook has no sheets")) }
        let names = sheets.map(\.name)
        guard let name else { return worksheet(sheets[0], path: path) }
        if let found = sheets.first(where: { $0.name == name }) ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return worksheet(found, path: path)
        }
        let listed = names.prefix(20).map { "'\(Escaping.shown($0, limit: 100))'" }.joined(separator: ", ") + (names.count > 20 ? ", ..." : "")
        return .failure(
            WorkbookProblem(
                file: path,
                "the workbook has no sheet '\(Escaping.shown(name, limit: 100))'\(Suggestion.hint(for: name, in: names)) (its sheets: \(listed))"
            ))
    }

    private func worksheet(_ sheet: Sheet, path: String) -> Result<Sheet, WorkbookProblem> {
        let shown = Escaping.shown(sheet.name, limit: 100)
        guard sheet.part != nil else {
            return .failure(WorkbookProblem(file: path, "the workbook does not say which part holds sheet '\(shown)'; the workbook is damaged"))
        }
        guard sheet.isWorksheet else {
            return .failure(WorkbookProblem(file: path, "sheet '\(shown)' is a chart or macro sheet, not a worksheet of cells"))
        }
        return .success(sheet)
    }

    private enum Names {
        static let workbookPr = XMLScanner.nameHash("workbookPr")
        static let sheet = XMLScanner.nameHash("sheet")
    }
}
