/// Reads one row's cells into a subject's values, as a file's `ColumnPlan` says: the columns that feed
/// a field directly (the hot path), the cell conventions (`N/A`, `01/01/1900`), then the fields fed by
/// the first non-empty of several columns (and what that column sets), and split columns. Every cell
/// that cannot be read is a located error and an `invalid` value. A class: the hot loop reaches it
/// from a closure, which would otherwise copy (and retain) every array it holds, row after row.
final class RowFiller {
    let plan: ColumnPlan
    let cleaner: CellCleaner
    /// Whether any null value or placeholder date is configured (else cleaning is skipped).
    private let cleans: Bool
    /// The mapping's constants, as (slot, value).
    let constants: [(Int, Value)]
    /// Columns whose cells are left out: the reference, and a layout's own columns (event, date, value).
    private let skipped: [Bool]

    /// The path diagnostics name.
    let path: String
    /// Per column: whether it feeds a personal field (a date of birth), whose cells are never quoted.
    private let personal: [Bool]

    init(
        plan: ColumnPlan, path: String, conventions: CellConventions, constants: [(Int, Value)], skipping: [Int] = [],
        personal: [Bool] = []
    ) {
        self.plan = plan
        self.path = path
        self.personal = personal.count == plan.names.count ? personal : [Bool](repeating: false, count: plan.names.count)
        cleaner = CellCleaner(conventions)
        cleans = !conventions.nulls.isEmpty || !conventions.placeholderDates.isEmpty
        self.constants = constants
        var skipped = [Bool](repeating: false, count: plan.names.count)
        for c in skipping where c < skipped.count { skipped[c] = true }
        self.skipped = skipped
    }

    /// Whether any column (beyond those left out) or constant gives a field a value: an events export
    /// of a reference and a date gives none, and its rows need no filling.
    var givesValues: Bool {
        !constants.isEmpty || !plan.isPlain || plan.slots.indices.contains { plan.slots[$0] >= 0 && !skipped[$0] }
    }

    /// Fills `values` (all missing on entry) from the row's `fields`, counting into `stats`.
    func fill(
        _ values: UnsafeMutableBufferPointer<Value>, _ fields: [CSVScanner.Field], line: Int, id: String, scanner: CSVScanner,
        stats: inout ReadStatistics, diagnostics: inout Diagnostics
    ) {
        let slots = plan.slots
        plan.parsers.withUnsafeBufferPointer { parsers in
            for (column, field) in fields.enumerated() {
                let slot = slots[column]
                guard slot >= 0, !skipped[column] else { continue }
                var v = field.hasEscapes ? scanner.withField(field) { parsers[column].value($0) } : parsers[column].value(scanner.raw(field))
                if cleans, !v.isMissing { v = scanner.withField(field) { clean(v, raw: $0, stats: &stats) } }
                values[slot] = v
                if v.isInvalid { report(parsers[column], field, column: column, line: line, id: id, scanner: scanner, &stats, &diagnostics) }
            }
        }
        if !plan.isPlain { choose(values, fields, line: line, id: id, scanner: scanner, stats: &stats, diagnostics: &diagnostics) }
        for (slot, value) in constants { values[slot] = value }
    }

    /// A cell's value after the cell conventions, counted.
    @inline(__always)
    private func clean(_ value: Value, raw: UnsafeRawBufferPointer, stats: inout ReadStatistics) -> Value {
        let (v, how) = cleaner.clean(value, raw: raw)
        switch how {
        case .kept: break
        case .null: stats.nullCells += 1
        case .placeholder: stats.placeholderDates += 1
        }
        return v
    }

    /// The fields fed by the first non-empty of several columns, and the split columns.
    private func choose(
        _ values: UnsafeMutableBufferPointer<Value>, _ fields: [CSVScanner.Field], line: Int, id: String, scanner: CSVScanner,
        stats: inout ReadStatistics, diagnostics: inout Diagnostics
    ) {
        for a in plan.alternatives {
            for option in a.options {
                let field = fields[option.column]
                let v = scanner.withField(field) { clean(option.parser.value($0), raw: $0, stats: &stats) }
                if case .missing = v { continue }
                values[a.slot] = v
                if v.isInvalid {
                    report(option.parser, field, column: option.column, line: line, id: id, scanner: scanner, &stats, &diagnostics)
                }
                for (slot, value) in option.sets { values[slot] = value }
                break
            }
        }
        for split in plan.splits {
            let text = scanner.string(fields[split.column]).trimmingSpaces
            if text.isEmpty { continue }
            if text.utf8.withContiguousStorageIfAvailable({ cleaner.isNull(UnsafeRawBufferPointer($0)) }) == true {
                stats.nullCells += 1
                continue
            }
            let at = SourceLocation(path: path, line: line, column: split.column + 1)
            guard let parts = split.pattern.parts(text) else {
                stats.invalidCells += 1
                for part in split.parts { if let (slot, _) = part { values[slot] = .invalid } }
                diagnostics.error(
                    at, "\(split.header): '\(CellParser.shown(text))' does not match the pattern that splits it (case \(id))")
                continue
            }
            for (part, piece) in zip(split.parts, parts) {
                guard let (slot, parser) = part, let piece, !piece.isEmpty else { continue }
                switch parser.parse(piece) {
                case .success(let v): values[slot] = v
                case .failure(let problem):
                    values[slot] = .invalid
                    stats.invalidCells += 1
                    diagnostics.error(at, "\(split.header): \(problem.message) (case \(id))")
                }
            }
        }
    }

    /// Reports a cell that cannot be read: where, why, and (for a usual "no value" word) how to say so.
    private func report(
        _ parser: CellParser, _ field: CSVScanner.Field, column: Int, line: Int, id: String, scanner: CSVScanner,
        _ stats: inout ReadStatistics, _ diagnostics: inout Diagnostics
    ) {
        stats.invalidCells += 1
        guard case .failure(let message) = scanner.withField(field, { parser.parse($0) }) else { return }
        let at = SourceLocation(path: path, line: line, column: column + 1)
        let cell = scanner.string(field).trimmingSpaces
        if personal[column] {
            // A date of birth is never quoted, right or wrong: a mistyped one is still the child's.
            diagnostics.error(at, "\(plan.names[column]): not \(Self.kind(parser.type)) (the value is not shown: personal data) (case \(id))")
            return
        }
        if Self.mayHoldWords(parser.type), Self.holdsWords(cell), !CellCleaner.commonNulls.contains(cell.lowercased()) {
            // Words in a date or number column (a name, a postcode typed in the wrong place) are not quoted.
            let form = parser.type == .date ? "; dates are written ISO 2024-03-15 or UK 15/03/2024" : ""
            diagnostics.error(
                at, "\(plan.names[column]): not \(Self.kind(parser.type)) (the value holds words and is not shown\(form)) (case \(id))")
            return
        }
        var text = "\(plan.names[column]): \(message) (case \(id))"
        if CellCleaner.commonNulls.contains(cell.lowercased()) {
            text += "; if the export writes '\(cell)' for no value, add it to 'nulls' in sendcheck.yaml (nulls: [\"\(cell)\"])"
        }
        diagnostics.error(at, text)
    }

    /// Whether the type's cells are dates or numbers (whose unreadable text is quoted only when it looks like one).
    static func mayHoldWords(_ type: ValueType) -> Bool {
        switch type {
        case .date, .int: return true
        default: return false
        }
    }

    /// Whether a cell holds words (two letters in a row, or any letter beyond ASCII): a name or a
    /// postcode typed in the wrong column, not a mistyped date or number, which is safe to quote.
    static func holdsWords(_ cell: String) -> Bool {
        var run = 0
        for scalar in cell.unicodeScalars {
            if scalar.value >= 0x80 && scalar.properties.isAlphabetic { return true }
            let letter = (65...90).contains(scalar.value) || (97...122).contains(scalar.value)
            run = letter ? run + 1 : 0
            if run >= 2 { return true }
        }
        return false
    }

    /// What a value of a type is, in a message ("a date").
    static func kind(_ type: ValueType) -> String {
        switch type {
        case .date: return "a date"
        case .int: return "a whole number"
        case .bool: return "true or false"
        case .code(let set): return "a code of \(set.name)"
        default: return "readable text"
        }
    }
}

extension CellParser {
    /// A cell's text as shown in a message (for text already decoded).
    static func shown(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { shown(UnsafeRawBufferPointer($0)) }
    }
}
