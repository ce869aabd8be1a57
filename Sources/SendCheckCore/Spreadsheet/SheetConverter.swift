/// Turns a worksheet's XML into CSV bytes that the case-file readers read unchanged: RFC 4180,
/// UTF-8, LF line endings, no byte-order mark, and CSV line N is the sheet's row N (rows the sheet
/// lacks are empty lines, which the CSV reader skips while counting them), so every location the
/// reader reports is the sheet's row and column.
///
/// The XML arrives in chunks (`consume`), as it is decompressed, and is scanned once, byte by byte,
/// with no string per cell: a tag or a cell cut by the end of a chunk is kept and read again with the
/// next chunk. Cells become fields by type (see `write`): shared and inline strings, formula results,
/// booleans (`TRUE`, `FALSE`), errors (`#N/A`) and numbers as written; a number under a date style
/// becomes `YYYY-MM-DD`. Trailing empty cells are not written, but every row is padded with empty
/// fields to the width of the first row with any value (the header); a row with a value beyond the
/// header's width is written whole, for the CSV reader to reject with its reason.
public struct SheetConverter {
    let strings: SharedStrings
    let styles: CellStyles
    let dates: ExcelDateSystem
    /// `file.xlsx[Sheet]`, for locations.
    public let path: String

    /// The bytes of a tag or cell that the last chunk ended inside.
    private var pending: [UInt8] = []
    private var xmlBytes = 0
    private var inSheetData = false
    /// Whether the end of the sheet's data (`</sheetData>`) has been read; what follows it is not needed.
    public private(set) var isComplete = false

    /// The current row's number (0 before the first row), whether it is open, and the column of its
    /// last cell read.
    private var row = 0
    private var inRow = false
    private var column = 0

    let out = GrowingBytes(capacity: 1 << 20)
    /// The CSV line the output is on, and the fields written on it.
    private var line = 1
    var fields = 0
    /// The header's width (0 until the first row with a value).
    private var width = 0
    /// The most CSV the sheet may make.
    private let csvLimit: Int
    /// A cell's text when it must be decoded or comes in pieces.
    private var scratch: [UInt8] = []
    private var emptyFormulas = 0
    private var firstEmptyFormula: SourceLocation?

    /// A converter for a sheet of a workbook with these shared strings, styles and date system.
    /// `path` names the sheet in locations: `file.xlsx[Sheet]`. `csvLimit` is the most CSV the sheet
    /// may make (`SpreadsheetLimits.csvBytes`; a test sets less).
    public init(strings: SharedStrings, styles: CellStyles, dateSystem: ExcelDateSystem, path: String, csvLimit: Int = SpreadsheetLimits.csvBytes) {
        self.strings = strings
        self.csvLimit = csvLimit
        self.styles = styles
        self.dates = dateSystem
        self.path = path
    }

    /// Reads the next chunk of the sheet's XML.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(WorkbookProblem) {
        guard !isComplete else { return }
        xmlBytes += chunk.count
        guard xmlBytes <= SpreadsheetLimits.sheetXMLBytes else {
            throw problem(
                "the sheet's XML is larger than \(SpreadsheetLimits.sheetXMLBytes >> 30) GiB uncompressed; sendcheck reads sheets up to that size")
        }
        var buffer: [UInt8] = []
        swap(&buffer, &pending)
        buffer.append(contentsOf: chunk)
        let used = try WorkbookProblem.reading(buffer) { (bytes) throws(WorkbookProblem) in try scan(bytes) }
        buffer.removeSubrange(0..<used)
        guard buffer.count <= SpreadsheetLimits.cellXMLBytes else {
            throw problem("a cell or tag of the sheet's XML is longer than \(SpreadsheetLimits.cellXMLBytes >> 20) MiB; the workbook is damaged")
        }
        swap(&buffer, &pending)
    }

    public mutating func consume(_ chunk: [UInt8]) throws(WorkbookProblem) {
        try WorkbookProblem.reading(chunk) { (bytes) throws(WorkbookProblem) in try consume(bytes) }
    }

    /// The CSV, once all the XML has been read; a problem when the XML ended before the sheet's data did.
    public mutating func finish() throws(WorkbookProblem) -> [UInt8] {
        guard isComplete else {
            if inSheetData {
                throw problem(
                    "the sheet's XML ends \(row > 0 ? "after row \(row)" : "before its first row"), inside its data; the workbook is damaged or cut short"
                )
            }
            throw problem(
                pending.isEmpty
                    ? "the sheet has no cell data (<sheetData>); is it a worksheet?" : "the sheet's XML ends inside a tag; the workbook is damaged")
        }
        return out.bytes
    }

    /// Warnings about what was read: formulas with no saved result, read as empty cells.
    public var warnings: [Diagnostic] {
        guard let at = firstEmptyFormula else { return [] }
        let more = emptyFormulas > 1 ? " (and \(emptyFormulas - 1) more cells like it)" : ""
        return [
            Diagnostic(
                .warning, at,
                "this cell holds a formula with no saved result, read as empty\(more); the program that wrote the workbook did not calculate it: open and save it in Excel"
            )
        ]
    }

    /// The place of the current row and `column` (the row's next column when nil).
    func location(column: Int? = nil) -> SourceLocation {
        SourceLocation(path: path, line: max(row, 1), column: max(column ?? self.column + 1, 1))
    }

    func problem(_ message: String, column: Int? = nil) -> WorkbookProblem { WorkbookProblem(location(column: column), message) }

    func malformed(_ message: String, column: Int? = nil) -> WorkbookProblem {
        problem("the sheet's XML is damaged here: \(message)", column: column)
    }

    // MARK: - Scanning

    /// Reads what it can of `b`, returning how many bytes it used: the rest begins a tag or cell that
    /// continues in the next chunk.
    private mutating func scan(_ b: UnsafeRawBufferPointer) throws(WorkbookProblem) -> Int {
        var p = 0
        let n = b.count
        while !isComplete {
            // Text between tags (indentation) is passed over.
            guard let lt = SheetTag.find(UInt8(ascii: "<"), b, from: p) else { return n }
            guard lt + 1 < n else { return lt }
            let next = b[lt + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                guard let markup = try markup(b, lt) else { return lt }
                p = markup.end
                continue
            }
            if inSheetData, next != UInt8(ascii: "/") {
                // A cell: its start tag is read with its attributes, in one pass.
                guard let name = SheetTag.name(b, at: lt) else { return lt }
                if name.end - name.local == 1, b[name.local] == UInt8(ascii: "c") {
                    guard let end = try cell(b, attributesFrom: name.end) else { return lt }
                    p = end
                    continue
                }
            }
            guard let tag = SheetTag.at(b, lt) else { return lt }
            guard tag.hasName else { throw malformed("'<' begins no tag") }
            if next == UInt8(ascii: "/") {
                try close(b, tag)
            } else {
                try open(b, tag)
            }
            p = tag.end + 1
        }
        return n
    }

    /// The end of the comment, processing instruction or CDATA section at `lt`, and a CDATA
    /// section's text; nil when the bytes end first. A DOCTYPE (which could declare entities) is
    /// refused: a workbook never has one.
    func markup(_ b: UnsafeRawBufferPointer, _ lt: Int) throws(WorkbookProblem) -> (end: Int, cdata: Range<Int>?)? {
        if b[lt + 1] == UInt8(ascii: "?") {
            guard let end = SheetTag.find("?>", b, from: lt + 2) else { return nil }
            return (end + 2, nil)
        }
        if SheetTag.starts(b, lt, "<!--") {
            guard let end = SheetTag.find("-->", b, from: lt + 4) else { return nil }
            return (end + 3, nil)
        }
        guard b.count - lt >= 9 else { return nil }
        guard SheetTag.starts(b, lt, "<![CDATA[") else { throw malformed("a DOCTYPE or other declaration, which a worksheet never has") }
        guard let end = SheetTag.find("]]>", b, from: lt + 9) else { return nil }
        return (end + 3, (lt + 9)..<end)
    }

    private mutating func open(_ b: UnsafeRawBufferPointer, _ tag: SheetTag) throws(WorkbookProblem) {
        if tag.isNamed(b, "sheetData") {
            inSheetData = !tag.selfClosing
            isComplete = tag.selfClosing
            return
        }
        guard inSheetData, tag.isNamed(b, "row") else { return }
        guard !inRow else { throw malformed("a row begins inside row \(row)") }
        var number = row + 1
        var a = tag.nameEnd
        while let attribute = SheetTag.attribute(b, from: a, to: tag.attributes.upperBound) {
            a = attribute.next
            guard attribute.name.count == 1, b[attribute.name.lowerBound] == UInt8(ascii: "r") else { continue }
            guard let r = Self.integer(UnsafeRawBufferPointer(rebasing: b[attribute.value]), limit: SpreadsheetLimits.rows), r > 0 else {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[attribute.value]).prefix(40), as: UTF8.self)
                throw problem("row number '\(Escaping.shown(text))' is not a row from 1 to \(SpreadsheetLimits.rows)", column: 1)
            }
            number = r
        }
        guard number <= SpreadsheetLimits.rows else {
            throw problem("the sheet goes beyond row \(SpreadsheetLimits.rows), the last row Excel allows")
        }
        guard number > row else { throw problem("row \(number) comes after row \(row): rows must be in order; the workbook is damaged", column: 1) }
        startRow(number)
        if tag.selfClosing { try finishRow() }
    }

    private mutating func close(_ b: UnsafeRawBufferPointer, _ tag: SheetTag) throws(WorkbookProblem) {
        if tag.isNamed(b, "row") {
            if inRow { try finishRow() }
        } else if tag.isNamed(b, "sheetData"), inSheetData {
            if inRow { try finishRow() }
            inSheetData = false
            isComplete = true
        }
    }

    // MARK: - Rows and fields

    /// Moves the output to line `number` (each row the sheet skipped is an empty line) and opens the row.
    private mutating func startRow(_ number: Int) {
        out.append(0x0A, times: number - line)
        line = number
        row = number
        inRow = true
        column = 0
        fields = 0
    }

    /// Ends the row's line, padded to the header's width; a row with no value leaves its line empty.
    private mutating func finishRow() throws(WorkbookProblem) {
        inRow = false
        guard fields > 0 else { return }
        if width == 0 { width = fields } else if fields < width { out.append(UInt8(ascii: ","), times: width - fields) }
        out.append(0x0A)
        line += 1
        fields = 0
        guard out.count <= csvLimit else {
            throw problem(
                "the sheet makes more than \(Self.size(csvLimit)) of CSV (empty cells padded to the header's width included); sendcheck reads sheets up to that size",
                column: 1)
        }
    }

    /// Writes the separators that put the next field in `column` (empty fields for the columns skipped).
    @inline(__always) func place(_ column: Int, after fields: Int) {
        out.append(UInt8(ascii: ","), times: fields == 0 ? column - 1 : column - fields)
    }

    /// A whole number of at most `limit`, written in ASCII digits with spaces around; nil otherwise.
    static func integer(_ text: UnsafeRawBufferPointer, limit: Int) -> Int? {
        var i = 0
        var end = text.count
        while i < end, text[i] == 0x20 { i += 1 }
        while end > i, text[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var n = 0
        while i < end {
            let digit = text[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            n = n * 10 + Int(digit)
            if n > limit { return nil }
            i += 1
        }
        return n
    }

    /// A size in words: "2 GiB", "1 MiB", "512 bytes".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    mutating func noteEmptyFormula(column: Int) {
        emptyFormulas += 1
        if firstEmptyFormula == nil { firstEmptyFormula = location(column: column) }
    }

    // MARK: - Cells (SheetConverter+Cell.swift)

    /// Reads the cell whose start tag's attributes begin at `from`, through its end, and writes its
    /// field; returns where the cell ends, or nil when the bytes end first (nothing is changed then:
    /// the cell is read again, whole, with the next chunk).
    private mutating func cell(_ b: UnsafeRawBufferPointer, attributesFrom from: Int) throws(WorkbookProblem) -> Int? {
        guard inRow else { throw malformed("a cell outside any row") }
        guard let (start, tagEnd, selfClosing) = try cellStart(b, from: from) else { return nil }
        if selfClosing {
            column = start.column
            return tagEnd + 1
        }
        guard let content = try cellContent(b, from: tagEnd + 1, column: start.column) else { return nil }
        let text = content.copied ? nil : UnsafeRawBufferPointer(rebasing: b[content.text])
        let written: Bool
        if let text {
            written = try write(text, kind: start.kind, style: start.style, column: start.column)
        } else {
            let copy = scratch
            written = try WorkbookProblem.reading(copy) { (text) throws(WorkbookProblem) in
                try write(text, kind: start.kind, style: start.style, column: start.column)
            }
        }
        if written {
            fields = start.column
        } else if content.formula {
            noteEmptyFormula(column: start.column)
        }
        column = start.column
        return content.end
    }

    /// What a cell's start tag says: its column, type and style.
    struct CellStart {
        var column: Int
        var kind: CellKind
        var style: Int
    }

    /// Reads a cell's start tag from its attributes (at `from`) to its `>`: what they say, where the
    /// `>` is, and whether the tag closed itself; nil when the bytes end first.
    private func cellStart(_ b: UnsafeRawBufferPointer, from: Int) throws(WorkbookProblem) -> (CellStart, end: Int, selfClosing: Bool)? {
        var start = CellStart(column: column + 1, kind: .number, style: 0)
        var i = from
        let n = b.count
        while true {
            while i < n, b[i] <= 0x20 { i += 1 }
            guard i < n else { return nil }
            let c = b[i]
            if c == UInt8(ascii: ">") { return (try checked(start), i, false) }
            if c == UInt8(ascii: "/") {
                guard i + 1 < n else { return nil }
                guard b[i + 1] == UInt8(ascii: ">") else { throw malformed("'/' inside a cell's tag") }
                return (try checked(start), i + 1, true)
            }
            var local = i
            while i < n, b[i] > 0x20, b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">"), b[i] != UInt8(ascii: "/") {
                if b[i] == UInt8(ascii: ":") { local = i + 1 }
                i += 1
            }
            let nameEnd = i
            while i < n, b[i] <= 0x20 || b[i] == UInt8(ascii: "=") { i += 1 }
            guard i < n else { return nil }
            let quote = b[i]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw malformed("an attribute of a cell has no quoted value") }
            i += 1
            let valueStart = i
            while i < n, b[i] != quote { i += 1 }
            guard i < n else { return nil }
            if nameEnd - local == 1 { try apply(b[local], UnsafeRawBufferPointer(rebasing: b[valueStart..<i]), to: &start) }
            i += 1
        }
    }

    /// Applies a cell's attribute `r`, `t` or `s`.
    @inline(__always)
    private func apply(_ name: UInt8, _ value: UnsafeRawBufferPointer, to start: inout CellStart) throws(WorkbookProblem) {
        switch name {
        case UInt8(ascii: "r"):
            switch CellReference.parse(value) {
            case .success(let reference):
                if reference.row != 0, reference.row != row {
                    throw problem(
                        "cell \(CellReference.name(column: reference.column, row: reference.row)) is inside row \(row); the workbook is damaged")
                }
                start.column = reference.column
            case .failure(let failure):
                throw problem(failure.message(String(decoding: value.prefix(40), as: UTF8.self)))
            }
        case UInt8(ascii: "t"):
            guard let kind = CellKind(value) else {
                throw problem(
                    "a cell of type '\(Escaping.shown(String(decoding: value.prefix(40), as: UTF8.self)))', which workbooks do not have")
            }
            start.kind = kind
        case UInt8(ascii: "s"):
            start.style = Self.integer(value, limit: 1 << 24) ?? 0
        default: return
        }
    }

    /// A cell's start, once it is known to be within the sheet's columns and after the cell before.
    private func checked(_ start: CellStart) throws(WorkbookProblem) -> CellStart {
        guard start.column <= SpreadsheetLimits.columns else {
            throw problem(
                "the sheet goes beyond column XFD (\(SpreadsheetLimits.columns)), the last column Excel allows", column: SpreadsheetLimits.columns)
        }
        guard start.column > column else {
            throw problem(
                "cell \(CellReference.name(column: start.column, row: row)) comes after cell \(CellReference.name(column: column, row: row)): "
                    + "cells must be in column order; the workbook is damaged", column: start.column)
        }
        return start
    }

    /// Where a cell's text is: a range of the bytes (`copied` false) or, when it was decoded or came
    /// in pieces, `scratch`.
    struct CellContent {
        var text: Range<Int> = 0..<0
        var copied = false
        var formula = false
        /// Where the cell ends (after `</c>`).
        var end = 0
    }

    /// Reads a cell's content from `p` (after its start tag) through its end tag: the text of its
    /// `<v>`, or of the `<t>` of an inline string (rich-text runs joined, phonetic runs left out).
    /// Nil when the bytes end first.
    private mutating func cellContent(_ b: UnsafeRawBufferPointer, from start: Int, column: Int) throws(WorkbookProblem) -> CellContent? {
        if let plain = Self.plainValue(b, from: start) { return plain }
        var content = CellContent()
        var found = false
        var inValue = false
        var phonetic = false
        var p = start
        let n = b.count
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let lt = SheetTag.find(UInt8(ascii: "<"), b, from: p) else { return nil }
            if inValue, lt > p { capture(b, p..<lt, into: &content, found: &found, raw: false) }
            guard lt + 1 < n else { return nil }
            let next = b[lt + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                guard let markup = try markup(b, lt) else { return nil }
                if inValue, let cdata = markup.cdata { capture(b, cdata, into: &content, found: &found, raw: true) }
                p = markup.end
                continue
            }
            guard let tag = SheetTag.at(b, lt) else { return nil }
            guard tag.hasName else { throw malformed("'<' begins no tag", column: column) }
            let (length, first) = tag.local(b)
            if next == UInt8(ascii: "/") {
                if length == 1, first == UInt8(ascii: "c") {
                    content.end = tag.end + 1
                    return content
                }
                if length == 1, first == UInt8(ascii: "v") || first == UInt8(ascii: "t") {
                    inValue = false
                } else if tag.isNamed(b, "rPh") {
                    phonetic = false
                } else if tag.isNamed(b, "row") || tag.isNamed(b, "sheetData") {
                    throw malformed("cell \(CellReference.name(column: column, row: row)) is not closed", column: column)
                }
            } else {
                if length == 1, first == UInt8(ascii: "v") {
                    inValue = !tag.selfClosing
                } else if length == 1, first == UInt8(ascii: "t") {
                    inValue = !tag.selfClosing && !phonetic
                } else if length == 1, first == UInt8(ascii: "f") {
                    content.formula = true
                } else if tag.isNamed(b, "rPh") {
                    phonetic = !tag.selfClosing
                } else if (length == 1 && first == UInt8(ascii: "c")) || tag.isNamed(b, "row") {
                    throw malformed("cell \(CellReference.name(column: column, row: row)) is not closed", column: column)
                }
            }
            p = tag.end + 1
        }
    }

    /// The commonest cell, read at once: `<v>text</v></c>` with no entity in the text. Nil for
    /// anything else (or when the bytes end first), for the general reading.
    @inline(__always)
    private static func plainValue(_ b: UnsafeRawBufferPointer, from start: Int) -> CellContent? {
        let n = b.count
        guard start + 3 <= n, b[start] == UInt8(ascii: "<"), b[start + 1] == UInt8(ascii: "v"), b[start + 2] == UInt8(ascii: ">") else { return nil }
        var i = start + 3
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "<") { break }
            if c == UInt8(ascii: "&") { return nil }
            i += 1
        }
        // `</v></c>`, as one little-endian word.
        guard i + 8 <= n, b.loadUnaligned(fromByteOffset: i, as: UInt64.self) == 0x3E63_2F3C_3E76_2F3C else { return nil }
        return CellContent(text: (start + 3)..<i, copied: false, formula: false, end: i + 8)
    }

    /// Adds a piece of a cell's text: the first plain piece is kept as a range; a piece with entities,
    /// a CDATA section (`raw`) or a second piece moves the text to `scratch`.
    @inline(__always)
    private mutating func capture(_ b: UnsafeRawBufferPointer, _ range: Range<Int>, into content: inout CellContent, found: inout Bool, raw: Bool) {
        let piece = UnsafeRawBufferPointer(rebasing: b[range])
        if !found, !raw, !piece.contains(UInt8(ascii: "&")) {
            content.text = range
            found = true
            return
        }
        if !content.copied {
            content.copied = true
            if found { scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[content.text])) }
        }
        found = true
        if raw { scratch.append(contentsOf: piece) } else { CellText.appendXML(piece, to: &scratch) }
    }
}
