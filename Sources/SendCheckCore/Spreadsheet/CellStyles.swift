/// Which of a workbook's cell styles show numbers as dates, from `xl/styles.xml`: a cell's `s`
/// attribute is an index into `<cellXfs>`, and that entry's `numFmtId` is a built-in format or one
/// of the `<numFmt>` codes (`NumberFormats`).
public struct CellStyles: Sendable, Equatable {
    /// For each cell style (`<xf>` of `<cellXfs>`, in order), whether it shows numbers as dates.
    public let dateStyles: [Bool]

    public init(dateStyles: [Bool]) { self.dateStyles = dateStyles }

    /// A workbook without styles: every number is a number.
    public static let none = CellStyles(dateStyles: [])

    /// Whether cell style `index` shows numbers as dates (a style the workbook lacks does not).
    @inline(__always) public func isDate(_ index: Int) -> Bool { index >= 0 && index < dateStyles.count && dateStyles[index] }

    /// Reads the styles part `part` of the workbook at `path`.
    public static func read(_ xml: [UInt8], part: String = "xl/styles.xml", path: String) throws(WorkbookProblem) -> CellStyles {
        var custom: [Int: String] = [:]
        var formats: [Int] = []
        try WorkbookProblem.reading(xml) { (bytes) throws(WorkbookProblem) in
            var reader = PartReader(bytes, part: part, path: path)
            var inCellXfs = false
            while true {
                switch try reader.next() {
                case .end: return
                case .open(let name, let attributes, let selfClosing):
                    if name == Names.numFmt, let id = reader.integer("numFmtId", in: attributes) {
                        custom[id] = reader.attribute("formatCode", in: attributes) ?? ""
                    } else if name == Names.cellXfs {
                        inCellXfs = !selfClosing
                    } else if name == Names.xf, inCellXfs {
                        formats.append(reader.integer("numFmtId", in: attributes) ?? 0)
                    }
                case .close(let name):
                    if name == Names.cellXfs { inCellXfs = false }
                case .text: continue
                }
            }
        }
        return CellStyles(dateStyles: formats.map { NumberFormats.isDate(id: $0, custom: custom) })
    }

    private enum Names {
        static let numFmt = XMLScanner.nameHash("numFmt")
        static let cellXfs = XMLScanner.nameHash("cellXfs")
        static let xf = XMLScanner.nameHash("xf")
    }
}
