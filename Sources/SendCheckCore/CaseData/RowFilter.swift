/// Spreadsheet leftovers, told apart from cases before a row is read: rows with no non-blank cell,
/// footer rows (`Total`, `Grand Total`) and rows `exclude` names. Each is skipped and counted, never
/// rejected and never a case.
struct RowFilter {
    enum Verdict {
        case read
        case blank
        case excluded
    }

    let idColumn: Int
    /// Per exclusion: its column and the values (lower-cased) whose rows are left out.
    private let exclusions: [(column: Int, values: Set<String>)]

    init(plan: ColumnPlan, idColumn: Int, conventions: CellConventions, path: String, diagnostics: inout Diagnostics) {
        self.idColumn = idColumn
        var list: [(Int, Set<String>)] = []
        for e in conventions.exclude {
            guard let column = plan.column(e.field) else {
                diagnostics.warning(
                    e.at ?? SourceLocation(path: path, line: 1, column: 1),
                    "'exclude' names \(e.field), which no column of \(Escaping.shown(path)) feeds: it leaves out no row of this file")
                continue
            }
            list.append((column, Set(e.values.map { $0.trimmingSpaces.lowercased() })))
        }
        exclusions = list
    }

    /// What to do with a row.
    func verdict(_ fields: [CSVScanner.Field], scanner: CSVScanner) -> Verdict {
        let id = fields[idColumn]
        if Self.isBlank(id, scanner) {
            guard let first = fields.first(where: { !Self.isBlank($0, scanner) }) else { return .blank }
            return scanner.withField(first) { CellCleaner.isFooter($0) } ? .excluded : .read
        }
        if CellCleaner.isFooter(scanner.raw(id)) { return .excluded }
        for (column, values) in exclusions where values.contains(scanner.string(fields[column]).trimmingSpaces.lowercased()) {
            return .excluded
        }
        return .read
    }

    /// Whether a cell holds nothing but spaces and tabs.
    @inline(__always)
    static func isBlank(_ field: CSVScanner.Field, _ scanner: CSVScanner) -> Bool {
        let raw = scanner.raw(field)
        for b in raw where b != 0x20 && b != 0x09 { return false }
        return true
    }
}
