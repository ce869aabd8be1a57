/// The long (events) layout: `case_id,event,date[,value]`, one row per event or attribute.
///
/// A date field may occur many times (every annual review), so its whole history is kept and rules
/// with `repeat` check each cycle. Other fields take their value from the `value` column. Rows are
/// grouped by case in the order cases first appear.
struct LongCaseReader {
    var context: ReadContext
    let eventColumn: Int
    let dateColumn: Int
    let valueColumn: Int?
    let mapping: CaseMapping
    let constants: [(Int, Value)]

    init(_ context: ReadContext, eventColumn: Int, dateColumn: Int, valueColumn: Int?, mapping: CaseMapping, constants: [(Int, Value)]) {
        self.context = context
        self.eventColumn = eventColumn
        self.dateColumn = dateColumn
        self.valueColumn = valueColumn
        self.mapping = mapping
        self.constants = constants
    }

    private struct Pending {
        var line: Int
        var values: [Value]
        var history: [Int: [Day]]
        var raw: [(name: String, value: String)] = []
    }

    mutating func read(diagnostics: inout Diagnostics, body: (Subject) -> Void) -> ReadStatistics {
        var stats = ReadStatistics(path: context.path)
        var order: [String] = []
        var pending: [String: Pending] = [:]
        let schema = context.schema
        let (eventColumn, dateColumn, valueColumn) = (self.eventColumn, self.dateColumn, self.valueColumn)
        let dateParser = CellParser(type: .date)
        var labels: [UInt64: String] = [:]
        var invalidCells = 0
        context.rows(stats: &stats, diagnostics: &diagnostics) { ctx, fields, line, diagnostics in
            guard let id = ctx.id(fields, line: line, diagnostics: &diagnostics) else { return false }
            let event = ctx.scanner.withField(fields[eventColumn]) { CellParser.shown($0) }.trimmingSpaces.lowercased()
            guard let slot = schema.slot(of: event), slot != schema.slot(of: schema.idField) else {
                let hint = Suggestion.hint(for: event, in: schema.fields.map(\.name))
                diagnostics.error(ctx.location(line, eventColumn + 1), "row rejected: unknown event '\(event)'\(hint)")
                return false
            }
            if pending[id] == nil {
                order.append(id)
                var values = [Value](repeating: .missing, count: schema.fields.count)
                for (slot, value) in constants { values[slot] = value }
                pending[id] = Pending(line: line, values: values, history: [:])
            }
            if ctx.keepRaw {
                let value = [dateColumn, valueColumn].compactMap { $0 }.map { ctx.scanner.string(fields[$0]) }.filter { !$0.isEmpty }
                pending[id]!.raw.append((event, value.joined(separator: " ")))
            }
            let type = schema.fields[slot].type
            if type == .date {
                switch ctx.scanner.withField(fields[dateColumn], { dateParser.parse($0) }) {
                case .success(.date(let d)): pending[id]!.history[slot, default: []].append(d)
                case .success:
                    diagnostics.error(ctx.location(line, dateColumn + 1), "row rejected: event '\(event)' has no date")
                    return false
                case .failure(let message):
                    invalidCells += 1
                    pending[id]!.values[slot] = .invalid
                    diagnostics.error(ctx.location(line, dateColumn + 1), "date: \(message) (case \(id))")
                }
                return true
            }
            guard let valueColumn else {
                diagnostics.error(
                    ctx.location(line, eventColumn + 1), "row rejected: '\(event)' is not a date event, and the file has no 'value' column for it")
                return false
            }
            let parser = schema.fields[slot].parser(aliases: mapping.aliases(for: event, type: type))
            switch ctx.scanner.withField(fields[valueColumn], { parser.parse($0) }) {
            case .success(let v):
                pending[id]!.values[slot] = v
                if case .text(let h) = v, ctx.labelSlots.contains(slot), labels[h] == nil {
                    labels[h] = ctx.scanner.string(fields[valueColumn]).trimmingSpaces
                }
            case .failure(let message):
                invalidCells += 1
                pending[id]!.values[slot] = .invalid
                diagnostics.error(ctx.location(line, valueColumn + 1), "\(event): \(message) (case \(id))")
            }
            return true
        }
        var present = [Bool](repeating: false, count: schema.fields.count)
        for p in pending.values {
            for (slot, v) in p.values.enumerated() where v != .missing { present[slot] = true }
            for slot in p.history.keys { present[slot] = true }
        }
        for (slot, _) in constants { present[slot] = true }
        let recorded = FieldPresence(path: context.path, present: present)
        stats.recorded = schema.fields.indices.filter { present[$0] }.map { schema.fields[$0].name }
        for id in order {
            guard var p = pending[id] else { continue }
            for (slot, days) in p.history {
                let sorted = days.sorted()
                p.history[slot] = sorted
                if p.values[slot] != .invalid { p.values[slot] = sorted.last.map(Value.date) ?? .missing }
            }
            var subject = Subject(
                id: id, kind: schema.kind, location: context.location(p.line, 1), values: p.values, history: p.history, completeHistory: true)
            subject.raw = p.raw
            subject.recorded = recorded
            body(subject)
        }
        stats.invalidCells = invalidCells
        stats.labels = labels
        stats.subjects = order.count
        return stats
    }
}
