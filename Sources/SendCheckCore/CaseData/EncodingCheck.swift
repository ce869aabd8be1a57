/// A CSV file that is not UTF-8, told clearly: where the first byte that is not UTF-8 is, what that
/// cell reads as in Windows-1252 (Excel's "CSV (Comma delimited)"), and the exact line to add to the
/// configuration. A half-read file never passes: its rows would be checked with their text garbled
/// and its caseworkers' alerts silently unrouted.
public enum EncodingCheck {
    /// The error for a file whose byte at `offset` is not UTF-8. A cell of a column no rule reads (a
    /// child's name) is not quoted: only the character and the column are named.
    public static func problem(
        _ bytes: UnsafeRawBufferPointer, at offset: Int, spec: CaseFileSpec, schema: Schema, advice: String
    ) -> (SourceLocation, String) {
        var scanner = CSVScanner(bytes)
        var fields: [CSVScanner.Field] = []
        var header: [String] = []
        var line = 1
        var column = 1
        var cell: CSVScanner.Field?
        while true {
            guard let rowLine = try? scanner.nextRow(into: &fields) else {
                if scanner.atEnd { break }
                continue
            }
            if header.isEmpty { header = fields.map { scanner.string($0).trimmingSpaces } }
            if scanner.offset > offset || scanner.atEnd {
                line = rowLine
                let i = fields.firstIndex { $0.start <= offset && offset < max($0.end, $0.start + 1) } ?? max(0, fields.count - 1)
                column = i + 1
                cell = i < fields.count ? fields[i] : nil
                // A line break inside a quoted cell: count the lines before the byte.
                line += UnsafeRawBufferPointer(rebasing: bytes[scanner.rowStart..<offset]).count { $0 == 0x0A }
                break
            }
        }
        let name = column - 1 < header.count ? header[column - 1] : "column \(column)"
        let decoded = cell.map { c in String(decoding: SingleByteText.utf8(scanner.raw(c), from: .windows1252), as: UTF8.self).trimmingSpaces }
        let character = SingleByteText.character(bytes[offset], .windows1252)
        let what: String
        switch shows(name, spec: spec, schema: schema) {
        case .value:
            what = "column \(column) ('\(Escaping.shown(name))') holds '\(Escaping.shown(decoded ?? character, limit: 60))' when read as Windows-1252"
        case .personal:
            what = "column \(column) ('\(Escaping.shown(name))', not shown: personal data) holds '\(character)' when read as Windows-1252"
        case .unread:
            what = "column \(column) ('\(Escaping.shown(name))', not shown: no rule reads it) holds '\(character)' when read as Windows-1252"
        }
        return (
            SourceLocation(path: spec.path, line: line, column: column),
            "the file is not UTF-8 text: \(what), the encoding of Excel's \"CSV (Comma delimited)\"; \(advice), "
                + "or save the file as \"CSV UTF-8\". Nothing in it was checked"
        )
    }

    /// Whether a column's cells may be quoted: it feeds a field, and not a personal one.
    enum Shown { case value, personal, unread }

    static func shows(_ header: String, spec: CaseFileSpec, schema: Schema) -> Shown {
        let key = header.trimmingSpaces.lowercased()
        let field = spec.mapping.columns.first { $0.header.trimmingSpaces.lowercased() == key }?.field ?? key
        guard let definition = schema.field(field) else { return .unread }
        return definition.personal ? .personal : .value
    }
}
