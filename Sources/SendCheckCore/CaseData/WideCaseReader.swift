/// The wide layout: one row per case, one column per field (`docs/case-data.md`).
struct WideCaseReader {
    var context: ReadContext
    /// For each column: its slot, or -1 when no rule reads it, and its parser.
    let slots: [Int]
    let parsers: ContiguousArray<CellParser>

    let recorded: FieldPresence
    let references: SubjectReferences

    init(_ context: ReadContext, canonical: [String], recorded: FieldPresence, references: SubjectReferences) {
        self.context = context
        self.recorded = recorded
        self.references = references
        slots = canonical.map { context.schema.slot(of: $0) ?? -1 }
        parsers = ContiguousArray(slots.map { CellParser(type: $0 >= 0 ? context.schema.fields[$0].type : .text) })
    }

    mutating func read(diagnostics: inout Diagnostics, body: (Subject) -> Void) -> ReadStatistics {
        var stats = ReadStatistics(path: context.path)
        let seen = references
        let slots = self.slots
        let parsers = self.parsers
        let kind = context.schema.kind
        let recorded = self.recorded
        let fieldCount = context.schema.fields.count
        var invalidCells = 0
        var subject = Subject(
            id: "", kind: kind, location: context.location(1, 1), values: [Value](repeating: .missing, count: fieldCount))
        subject.recorded = recorded
        context.rows(stats: &stats, diagnostics: &diagnostics) { ctx, fields, line, diagnostics in
            guard let id = ctx.id(fields, line: line, diagnostics: &diagnostics) else { return false }
            let (lo, hi) = ctx.idRange(fields)
            guard seen.set.insert(ctx.scanner.bytes, start: lo, end: hi) == nil else {
                diagnostics.error(
                    ctx.location(line, ctx.idColumn + 1), "row rejected: \(ctx.schema.idField) '\(id)' appears on an earlier row of this file")
                return false
            }
            // One subject is reused row after row; if the body keeps it, copy-on-write keeps that copy intact.
            subject.id = id
            subject.location.line = line
            subject.values.withUnsafeMutableBufferPointer { values in
                for i in 0..<fieldCount { values[i] = .missing }
                // Parsers are read in place through the buffer: copying one per cell would retain its storage.
                parsers.withUnsafeBufferPointer { parsers in
                    for (column, field) in fields.enumerated() {
                        let slot = slots[column]
                        guard slot >= 0 else { continue }
                        let v =
                            field.hasEscapes
                            ? ctx.scanner.withField(field) { parsers[column].value($0) } : parsers[column].value(ctx.scanner.raw(field))
                        values[slot] = v
                        if v == .invalid, case .failure(let message) = ctx.scanner.withField(field, { parsers[column].parse($0) }) {
                            invalidCells += 1
                            diagnostics.error(ctx.location(line, column + 1), "\(ctx.headerNames[column]): \(message) (case \(id))")
                        }
                    }
                }
            }
            if ctx.keepRaw {
                subject.raw = fields.enumerated().map { (ctx.headerNames[$0.offset], ctx.scanner.string($0.element)) }
            }
            body(subject)
            return true
        }
        stats.invalidCells = invalidCells
        stats.subjects = stats.rowsEvaluated
        return stats
    }
}
