/// One cell for `WorkbookWriter`.
public indirect enum WorkbookCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// A date, written as its serial under a date style (built-in format 14); a day before the
    /// workbook's first date is written as its ISO text.
    case date(Day)
    case boolean(Bool)
    /// An error value such as `#N/A`.
    case error(String)
    /// A formula and the result Excel saved when it last calculated it.
    case formula(String, result: WorkbookCell)
}

/// Writes the XML parts of a minimal workbook from rows of cells, for tests, examples and
/// benchmarks: sheets with their names, text as shared or inline strings, numbers, dates as serials
/// under a date style (in the 1900 or the 1904 date system), booleans, errors and formulas with
/// their saved results. The runtime zips the parts into a `.xlsx` file (`Workbook.write`).
///
/// Rows are added to the sheet added last, in order; a row left out is a blank row.
public struct WorkbookWriter: Sendable {
    /// How text cells are stored.
    public enum Strings: Sendable {
        /// In the shared-string table, as Excel writes them.
        case shared
        /// In each cell (`t="inlineStr"`), as some exporters write them.
        case inline
    }

    public let dateSystem: ExcelDateSystem
    public let strings: Strings
    private var names: [String] = []
    private var sheets: [[UInt8]] = []
    private var lastRow = 0
    private var shared: [String] = []
    private var sharedIndex: [String: Int] = [:]

    public init(dateSystem: ExcelDateSystem = .from1900, strings: Strings = .shared) {
        self.dateSystem = dateSystem
        self.strings = strings
    }

    /// Why a sheet cannot have a name.
    public struct InvalidName: Error, Equatable {
        public var message: String
    }

    /// Begins a new sheet. Its name follows Excel's rules: 1 to 31 characters, none of `[]:*?/\`,
    /// not beginning or ending with `'`, and not the name of another sheet (without regard to case).
    public mutating func addSheet(_ name: String) throws(InvalidName) {
        guard !name.isEmpty, name.utf16.count <= 31 else { throw InvalidName(message: "a sheet's name has 1 to 31 characters") }
        guard !name.contains(where: { "[]:*?/\\".contains($0) }), !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw InvalidName(message: "a sheet's name cannot hold any of []:*?/\\ or begin or end with '")
        }
        guard !names.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw InvalidName(message: "the workbook already has a sheet '\(name)'")
        }
        names.append(name)
        sheets.append([])
        lastRow = 0
    }

    /// Adds a row to the last sheet added (a sheet named `Sheet1` first, if there is none): at row
    /// number `row` (after the last row added when nil; rows must go down the sheet). A nil cell is
    /// left out.
    public mutating func addRow(_ cells: [WorkbookCell?], at row: Int? = nil) {
        if sheets.isEmpty { try? addSheet("Sheet1") }
        let number = max(row ?? lastRow + 1, lastRow + 1)
        lastRow = number
        var xml = sheets[sheets.count - 1]
        sheets[sheets.count - 1] = []
        xml.append(contentsOf: "<row r=\"\(number)\">".utf8)
        for (i, cell) in cells.enumerated() {
            guard let cell else { continue }
            append(cell, reference: CellReference.name(column: i + 1, row: number), to: &xml)
        }
        xml.append(contentsOf: "</row>".utf8)
        sheets[sheets.count - 1] = xml
    }

    private mutating func append(_ cell: WorkbookCell, reference: String, to xml: inout [UInt8]) {
        var attributes = "r=\"\(reference)\""
        var content = ""
        switch cell {
        case .text(let text):
            if strings == .shared {
                attributes += " t=\"s\""
                content = "<v>\(sharedString(text))</v>"
            } else {
                attributes += " t=\"inlineStr\""
                content = "<is>\(Self.textElement(text))</is>"
            }
        case .formula(let formula, let result):
            let (type, style, value) = formulaResult(result)
            attributes += type + style
            content = "<f>\(Self.escaped(formula))</f>" + (value.map { "<v>\(Self.escaped($0))</v>" } ?? "")
        default:
            let (type, style, value) = formulaResult(cell)
            attributes += type + style
            content = value.map { "<v>\(Self.escaped($0))</v>" } ?? ""
        }
        xml.append(contentsOf: "<c \(attributes)>\(content)</c>".utf8)
    }

    /// A value's type and style attributes and its `<v>` text, as a formula's result or a cell's value
    /// (text as a formula's string result).
    private func formulaResult(_ value: WorkbookCell) -> (type: String, style: String, value: String?) {
        switch value {
        case .text(let text): return (" t=\"str\"", "", text)
        case .number(let number): return number.isFinite ? ("", "", Self.number(number)) : (" t=\"e\"", "", "#NUM!")
        case .date(let day):
            guard let serial = dateSystem.serial(of: day) else { return (" t=\"str\"", "", day.iso) }
            return ("", " s=\"1\"", String(serial))
        case .boolean(let flag): return (" t=\"b\"", "", flag ? "1" : "0")
        case .error(let text): return (" t=\"e\"", "", text)
        case .formula(_, let result): return formulaResult(result)
        }
    }

    private mutating func sharedString(_ text: String) -> Int {
        if let index = sharedIndex[text] { return index }
        shared.append(text)
        sharedIndex[text] = shared.count - 1
        return shared.count - 1
    }

    /// A number as Excel writes one: whole numbers without a decimal point.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// The workbook's parts: each path in the archive and its bytes.
    public func parts() -> [(path: String, bytes: [UInt8])] {
        let sheetNames = names.isEmpty ? ["Sheet1"] : names
        let sheetXML = sheets.isEmpty ? [[]] : sheets
        var parts: [(String, [UInt8])] = []
        parts.append(("[Content_Types].xml", Array(contentTypes(sheets: sheetNames.count).utf8)))
        parts.append(("_rels/.rels", Array(WorkbookParts.packageRelationships.utf8)))
        parts.append(("xl/workbook.xml", Array(workbook(sheetNames).utf8)))
        parts.append(("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheets: sheetNames.count).utf8)))
        parts.append(("xl/styles.xml", Array(WorkbookParts.styles.utf8)))
        if strings == .shared { parts.append(("xl/sharedStrings.xml", sharedStrings())) }
        for (i, rows) in sheetXML.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", Array(WorkbookParts.sheetStart.utf8) + rows + Array(WorkbookParts.sheetEnd.utf8)))
        }
        return parts
    }

    private func contentTypes(sheets: Int) -> String {
        var overrides = (1...sheets).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        overrides.append(
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
        overrides.append(
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        if strings == .shared {
            overrides.append(
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            )
        }
        return WorkbookParts.declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" + overrides.joined() + "</Types>"
    }

    private func workbook(_ names: [String]) -> String {
        let sheets = names.enumerated().map { "<sheet name=\"\(Self.escaped($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        return WorkbookParts.declaration + "<workbook xmlns=\"\(WorkbookParts.main)\" xmlns:r=\"\(WorkbookParts.relationships)\">"
            + (dateSystem == .from1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") + "<sheets>\(sheets)</sheets></workbook>"
    }

    private func workbookRelationships(sheets: Int) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var items = (1...sheets).map { "<Relationship Id=\"rId\($0)\" Type=\"\(type)worksheet\" Target=\"worksheets/sheet\($0).xml\"/>" }
        items.append("<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(type)styles\" Target=\"styles.xml\"/>")
        if strings == .shared { items.append("<Relationship Id=\"rId\(sheets + 2)\" Type=\"\(type)sharedStrings\" Target=\"sharedStrings.xml\"/>") }
        return WorkbookParts.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + items.joined() + "</Relationships>"
    }

    private func sharedStrings() -> [UInt8] {
        var xml = Array(
            (WorkbookParts.declaration + "<sst xmlns=\"\(WorkbookParts.main)\" count=\"\(shared.count)\" uniqueCount=\"\(shared.count)\">").utf8)
        for text in shared { xml.append(contentsOf: "<si>\(Self.textElement(text))</si>".utf8) }
        xml.append(contentsOf: "</sst>".utf8)
        return xml
    }

    /// `<t>` with the text, keeping white space at its ends and line breaks (`xml:space="preserve"`).
    static func textElement(_ text: String) -> String {
        let keep = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true || text.contains("\n") || text.contains("\t")
        return (keep ? "<t xml:space=\"preserve\">" : "<t>") + escaped(text) + "</t>"
    }

    /// Text as XML character data (for elements and attributes): `&`, `<`, `>` and `"` as entities;
    /// a carriage return and the control characters XML cannot hold as `_xHHHH_`, and an underscore
    /// that would read as the start of such an escape as `_x005F_`.
    static func escaped(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "_"
            where i + 6 < scalars.count && scalars[i + 1] == "x" && scalars[i + 6] == "_"
                && scalars[(i + 2)...(i + 5)].allSatisfy(\.properties.isASCIIHexDigit):
                out += "_x005F_"
            case "\n", "\t": out.unicodeScalars.append(s)
            default:
                if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out
    }
}

/// The fixed parts and pieces of a minimal workbook.
enum WorkbookParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let packageRelationships =
        declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static let sheetStart = declaration + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheetData>"
    static let sheetEnd = "</sheetData></worksheet>"

    /// Two cell styles: 0 is General, 1 shows dates (built-in format 14).
    static let styles =
        declaration + "<styleSheet xmlns=\"\(main)\">"
        + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
}
