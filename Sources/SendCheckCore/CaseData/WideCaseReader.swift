/// The wide layout: one row per case, one column per field (`docs/case-data.md`).
struct WideCaseReader {
    var context: ReadContext
    /// For each column: its slot and parser, or nil when no rule reads it.
    let plan: [(slot: Int, parser: CellParser)?]

    let recorded: FieldPresence

    init(_ context: ReadContext, canonical: [String], recorded: FieldPresence) {
        self.context = context
        self.recorded = recorded
        plan = canonical.map { name in
            context.schema.slot(of: name).map { ($0, CellParser(type: context.schema.fields[$0].type)) }
        }
    }

    mutating func read(diagnostics: inout Diagnostics, body: (Subject) -> Void) -> ReadStatistics {
        var stats = ReadStatistics(path: context.path)
        var seen = Set<String>()
        let plan = self.plan
        let kind = context.schema.kind
        let recorded = self.recorded
        let fieldCount = context.schema.fields.count
        var invalidCells = 0
        context.rows(stats: &stats, diagnostics: &diagnostics) { ctx, fields, line, diagnostics in
            guard let id = ctx.id(fields, line: line, diagnostics: &diagnostics) else { return false }
            guard seen.insert(id).inserted else {
                diagnostics.error(ctx.location(line, ctx.idColumn + 1), "row rejected: \(ctx.schema.idField) '\(id)' appears on an earlier row of this file")
                return false
            }
            var values = [Value](repeating: .missing, count: fieldCount)
            for (column, field) in fields.enumerated() {
                guard let (slot, parser) = plan[column] else { continue }
                let result = ctx.scanner.withField(field) { parser.parse($0) }
                switch result {
                case .success(let v): values[slot] = v
                case .failure(let message):
                    values[slot] = .invalid
                    invalidCells += 1
                    diagnostics.error(ctx.location(line, column + 1), "\(ctx.headerNames[column]): \(message) (case \(id))")
                }
            }
            var subject = Subject(id: id, kind: kind, location: ctx.location(line, 1), values: values)
            subject.recorded = recorded
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
