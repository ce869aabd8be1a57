/// The wide layout: one row per case, one column per field (`docs/case-data.md`).
struct WideCaseReader {
    var context: ReadContext
    /// For each column: its slot, or -1 when no rule reads it, and its parser.
    let slots: [Int]
    let parsers: ContiguousArray<CellParser>

    let recorded: FieldPresence
    let references: SubjectReferences
    /// Values the mapping gives every row (fields the export does not have).
    let constants: [(Int, Value)]

    init(
        _ context: ReadContext, canonical: [String], mapping: CaseMapping, constants: [(Int, Value)], recorded: FieldPresence,
        references: SubjectReferences
    ) {
        self.context = context
        self.recorded = recorded
        self.references = references
        self.constants = constants
        let schema = context.schema
        slots = canonical.map { schema.slot(of: $0) ?? -1 }
        parsers = ContiguousArray(
            zip(slots, canonical).map { slot, name in
                guard slot >= 0 else { return CellParser(type: .text) }
                return schema.fields[slot].parser(aliases: mapping.aliases(for: name, type: schema.fields[slot].type))
            })
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
        var labels: [UInt64: String] = [:]
        let labelColumns = context.labelSlots.compactMap { slot in slots.firstIndex(of: slot).map { ($0, slot) } }
        var subject = Subject(
            id: "", kind: kind, location: context.location(1, 1), values: [Value](repeating: .missing, count: fieldCount))
        subject.recorded = recorded
        // A plain loop rather than a closure: a subject captured by a closure is copied at every call.
        var fields: [CSVScanner.Field] = []
        while let line = context.nextRow(into: &fields, stats: &stats, diagnostics: &diagnostics) {
            guard let id = context.id(fields, line: line, diagnostics: &diagnostics) else {
                stats.rowsRejected += 1
                continue
            }
            let (lo, hi) = context.idRange(fields)
            guard seen.set.insert(context.scanner.bytes, start: lo, end: hi) == nil else {
                diagnostics.error(
                    context.location(line, context.idColumn + 1),
                    "row rejected: \(context.schema.idField) '\(id)' appears on an earlier row of this file")
                stats.rowsRejected += 1
                continue
            }
            // One subject is reused row after row; if the body keeps it, copy-on-write keeps that copy intact.
            subject.id = id
            subject.location.line = line
            let scanner = context.scanner
            subject.values.withUnsafeMutableBufferPointer { values in
                for i in 0..<fieldCount { values[i] = .missing }
                // Parsers are read in place through the buffer: copying one per cell would retain its storage.
                parsers.withUnsafeBufferPointer { parsers in
                    for (column, field) in fields.enumerated() {
                        let slot = slots[column]
                        guard slot >= 0 else { continue }
                        let v = field.hasEscapes ? scanner.withField(field) { parsers[column].value($0) } : parsers[column].value(scanner.raw(field))
                        values[slot] = v
                        if v == .invalid, case .failure(let message) = scanner.withField(field, { parsers[column].parse($0) }) {
                            invalidCells += 1
                            diagnostics.error(context.location(line, column + 1), "\(context.headerNames[column]): \(message) (case \(id))")
                        }
                    }
                }
            }
            for (slot, value) in constants { subject.values[slot] = value }
            for (column, slot) in labelColumns {
                if case .text(let h) = subject.values[slot], labels[h] == nil { labels[h] = context.scanner.string(fields[column]).trimmingSpaces }
            }
            if context.keepRaw {
                subject.raw = fields.enumerated().map { (context.headerNames[$0.offset], scanner.string($0.element)) }
            }
            body(subject)
            stats.rowsEvaluated += 1
        }
        stats.invalidCells = invalidCells
        stats.labels = labels
        stats.subjects = stats.rowsEvaluated
        return stats
    }
}
