/// Reads a case file's rows into a `CaseIndex`, gathered by reference, so it can be joined with the
/// other sources: every row of the long and events layouts (one row per event), and the rows of a
/// wide file that is not the one streamed.
///
/// - long: `case_id,event,date[,value]`; a date event is one occurrence of that field, another event
///   takes its value from the `value` column.
/// - events: a reference and a date column; the event is the source's `event:` or an `event` column
///   whose cells are event names (through `values: {event: {...}}`); every other mapped column is
///   read with the row (a date field as another occurrence, any other field as the row's value).
/// - wide: each row's values.
struct IndexReader {
    var context: ReadContext
    let filler: RowFiller
    let filter: RowFilter
    let layout: CaseLayout
    let source: Int32
    /// The layout's own columns (events and long).
    let eventColumn: Int?
    let dateColumn: Int?
    let valueColumn: Int?
    /// The event every row records (events layout without an event column).
    let constantEvent: Int?
    /// An events export's own names for events, lower-cased, to the field they stand for.
    let eventNames: [String: String]
    let mapping: CaseMapping
    /// Per field, the column that feeds it (-1: none).
    let columnOfSlot: [Int]
    /// The cells that label the case (team, caseworker); in the long layout, also the value of a row
    /// whose event is one.
    let labelColumns: [(column: Int, slot: Int)]
    let dateParser = CellParser(type: .date)

    init(
        context: ReadContext, filler: RowFiller, filter: RowFilter, layout: CaseLayout, source: Int32, constantEvent: Int?,
        mapping: CaseMapping
    ) {
        self.context = context
        self.filler = filler
        self.filter = filter
        self.layout = layout
        self.source = source
        self.constantEvent = constantEvent
        self.mapping = mapping
        eventNames = mapping.eventNames()
        let plan = filler.plan
        eventColumn = layout == .wide ? nil : plan.column("event")
        dateColumn = layout == .wide ? nil : plan.column("date")
        valueColumn = layout == .long ? plan.column("value") : nil
        var columnOfSlot = [Int](repeating: -1, count: context.schema.fields.count)
        for (column, slot) in plan.slots.enumerated() where slot >= 0 && columnOfSlot[slot] < 0 { columnOfSlot[slot] = column }
        for a in plan.alternatives where columnOfSlot[a.slot] < 0 { columnOfSlot[a.slot] = a.options.first?.column ?? -1 }
        self.columnOfSlot = columnOfSlot
        labelColumns = context.labelSlots.compactMap { slot in columnOfSlot[slot] >= 0 ? (column: columnOfSlot[slot], slot: slot) : nil }
    }

    /// Reads every row into `index`. `columns`: the fields the file's columns feed (a wide or events
    /// file records them even where a cell is blank); the long layout records the events it has.
    mutating func read(into index: inout CaseIndex, columns: [Bool], diagnostics: inout Diagnostics) -> (ReadStatistics, [Bool]) {
        var stats = ReadStatistics(path: context.path)
        let schema = context.schema
        var present = layout == .long ? [Bool](repeating: false, count: schema.fields.count) : columns
        if let constantEvent, constantEvent < present.count { present[constantEvent] = true }
        for (slot, _) in filler.constants { present[slot] = true }
        var labels = LabelTable()
        // Per reference number (dense), whether this file has a row for it.
        var seen: [Bool] = []
        var subjects = 0
        var row = [Value](repeating: .missing, count: schema.fields.count)
        var fields: [CSVScanner.Field] = []
        let fills = filler.givesValues
        while let line = context.nextRow(into: &fields, stats: &stats, diagnostics: &diagnostics) {
            guard let id = accepted(fields, line: line, stats: &stats, &diagnostics) else { continue }
            let scanner = context.scanner
            let (lo, hi) = context.idRange(fields)
            // The event and its date first: a row whose event cannot be told is rejected whole.
            var event: RowEvent?
            if layout != .wide {
                guard let e = rowEvent(fields, line: line, id: id, stats: &stats, labels: &labels, &diagnostics) else { continue }
                event = e
            }
            let (eventSlot, eventDay) = (event?.slot, event?.day ?? 0)
            let r = index.reference(UnsafeRawBufferPointer(rebasing: scanner.bytes[lo..<hi]), source: source, line: Int32(line))
            if context.keepRaw { index.raw[r, default: []] += raw(fields, event: eventSlot) }
            if Int(r) >= seen.count { seen += [Bool](repeating: false, count: max(seen.count, 1024, Int(r) + 1 - seen.count)) }
            let repeated = seen[Int(r)]
            if !repeated {
                seen[Int(r)] = true
                subjects += 1
            }
            if repeated, layout == .wide {
                diagnostics.error(
                    context.location(line, context.idColumn + 1), "row rejected: \(schema.idField) '\(id)' appears on an earlier row of this file")
                stats.reject(reference: id)
                continue
            }
            if let event { addEvent(event, Place(ref: r, line: line, day: eventDay), present: &present, into: &index) }
            // The row's other columns: every value it gives.
            guard fills else {
                stats.rowsEvaluated += 1
                continue
            }
            row.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = .missing }
                filler.fill(values, fields, line: line, id: id, scanner: scanner, stats: &stats, diagnostics: &diagnostics)
            }
            addValues(row, Place(ref: r, line: line, day: eventDay), fields, present: &present, labels: &labels, into: &index)
            stats.rowsEvaluated += 1
        }
        stats.labels = labels
        stats.subjects = subjects
        return (stats, present)
    }

    /// The event a long or events row records: its field, the day of its date column, its value.
    private struct RowEvent {
        var slot: Int
        var day: Int32 = 0
        var value: Value?
    }

    /// Where a row's entries go: its reference, its line and the day of its event.
    private struct Place {
        var ref: Int32
        var line: Int
        var day: Int32
    }

    /// A long or events row's event, with its date and (for a field that is not a date) its value;
    /// nil, with the row rejected and the reason reported, when the event or its date cannot be told.
    private func rowEvent(
        _ fields: [CSVScanner.Field], line: Int, id: String, stats: inout ReadStatistics, labels: inout LabelTable,
        _ diagnostics: inout Diagnostics
    ) -> RowEvent? {
        let (schema, scanner) = (context.schema, context.scanner)
        guard let slot = event(fields, line: line, diagnostics: &diagnostics) else {
            stats.reject(reference: id)
            return nil
        }
        var out = RowEvent(slot: slot)
        let isDate = schema.fields[slot].type == .date
        if let dateColumn {
            switch cell(fields[dateColumn], dateParser, stats: &stats) {
            case .date(let d):
                out.day = Int32(truncatingIfNeeded: d.number)
                if isDate { out.value = .date(d) }
            case .missing:
                if isDate {
                    diagnostics.error(context.location(line, dateColumn + 1), "row rejected: event '\(schema.fields[slot].name)' has no date")
                    stats.reject(reference: id)
                    return nil
                }
            default:
                stats.invalidCells += 1
                if case .failure(let message) = scanner.withField(fields[dateColumn], { dateParser.parse($0) }) {
                    let cell = scanner.string(fields[dateColumn]).trimmingSpaces
                    let hint =
                        CellCleaner.commonNulls.contains(cell.lowercased())
                        ? "; if the export writes '\(cell)' for no value, add it to 'nulls' in sendcheck.yaml (nulls: [\"\(cell)\"])" : ""
                    diagnostics.error(context.location(line, dateColumn + 1), "date: \(message) (case \(id))\(hint)")
                }
                if isDate { out.value = .invalid }
            }
        }
        if !isDate {
            guard let valueColumn else {
                diagnostics.error(
                    context.location(line, (eventColumn ?? 0) + 1),
                    "row rejected: '\(schema.fields[slot].name)' is not a date event, and the file has no 'value' column for it")
                stats.reject(reference: id)
                return nil
            }
            if context.labelSlots.contains(slot),
                context.labelTooLong(fields, columns: [(valueColumn, slot)], line: line, diagnostics: &diagnostics)
            {
                stats.reject(reference: id)
                return nil
            }
            let field = schema.fields[slot]
            let parser = field.parser(aliases: mapping.aliases(for: field.name, type: field.type))
            let v = cell(fields[valueColumn], parser, stats: &stats)
            out.value = v
            if v.isInvalid, case .failure(let message) = scanner.withField(fields[valueColumn], { parser.parse($0) }) {
                stats.invalidCells += 1
                diagnostics.error(context.location(line, valueColumn + 1), "\(field.name): \(message) (case \(id))")
            }
            if case .text(let h) = v, context.labelSlots.contains(slot) { labels.add(h, scanner.string(fields[valueColumn]).trimmingSpaces) }
        }
        return out
    }

    /// The reference of a row that is read: nil for a blank or excluded row (counted), a row with no
    /// usable reference, or one with a label too long (rejected, with the reason reported).
    private func accepted(_ fields: [CSVScanner.Field], line: Int, stats: inout ReadStatistics, _ diagnostics: inout Diagnostics) -> String? {
        guard let id = context.reference(fields, line: line, filter: filter, stats: &stats, &diagnostics) else { return nil }
        if context.labelTooLong(fields, columns: labelColumns, line: line, diagnostics: &diagnostics) {
            stats.reject(reference: id)
            return nil
        }
        return id
    }

    /// A row's event as an entry of the index (an occurrence of a date field, else the field's value).
    private func addEvent(_ event: RowEvent, _ at: Place, present: inout [Bool], into index: inout CaseIndex) {
        guard let v = event.value, !v.isMissing else { return }
        let (schema, slot) = (context.schema, event.slot)
        present[slot] = true
        let column = schema.fields[slot].type == .date ? dateColumn : valueColumn
        index.add(
            CaseIndex.Entry(
                value: v, ref: at.ref, line: Int32(at.line), rowDay: at.day, slot: Int32(slot), column: Int32((column ?? 0) + 1), source: source,
                occurrence: schema.fields[slot].type == .date))
    }

    /// The values a row's other columns give, each an entry of the index; labels' texts kept.
    private func addValues(
        _ row: [Value], _ at: Place, _ fields: [CSVScanner.Field], present: inout [Bool], labels: inout LabelTable, into index: inout CaseIndex
    ) {
        let schema = context.schema
        for slot in row.indices where !row[slot].isMissing {
            present[slot] = true
            let column = columnOfSlot[slot] >= 0 ? columnOfSlot[slot] : nil
            let isDate = schema.fields[slot].type == .date
            index.add(
                CaseIndex.Entry(
                    value: row[slot], ref: at.ref, line: Int32(at.line), rowDay: at.day, slot: Int32(slot), column: Int32((column ?? -1) + 1),
                    source: source, occurrence: layout != .wide && isDate && !isConstant(slot)))
            if case .text(let h) = row[slot], context.labelSlots.contains(slot), let column {
                labels.add(h, context.scanner.string(fields[column]).trimmingSpaces)
            }
        }
    }

    private func isConstant(_ slot: Int) -> Bool { filler.constants.contains { $0.0 == slot } }

    /// A row's cells as written, for `explain` and `columns`: an event as (event, its date and value),
    /// every other cell as (header, text).
    private func raw(_ fields: [CSVScanner.Field], event: Int?) -> [(name: String, value: String, field: String?)] {
        let scanner = context.scanner
        var out: [(name: String, value: String, field: String?)] = []
        let own = [eventColumn, dateColumn, valueColumn, context.idColumn]
        if let event {
            let text = [dateColumn, valueColumn].compactMap { $0 }.map { scanner.string(fields[$0]) }.filter { !$0.isEmpty }
            let name = context.schema.fields[event].name
            out.append((name, text.joined(separator: " "), name))
        }
        for (i, field) in fields.enumerated() where !own.contains(i) || event == nil && i != context.idColumn {
            out.append((context.headerNames[i], scanner.string(field), filler.plan.feeds[i].first))
        }
        return out
    }

    /// A layout column's cell, read and cleaned (a null or placeholder is missing, counted).
    private func cell(_ field: CSVScanner.Field, _ parser: CellParser, stats: inout ReadStatistics) -> Value {
        // The closure captures the cleaner alone: capturing `self` would copy the whole reader per cell.
        let cleaner = filler.cleaner
        return context.scanner.withField(field) { raw in
            let v = parser.value(raw)
            if v.isMissing { return v }
            let (cleaned, how) = cleaner.clean(v, raw: raw)
            switch how {
            case .kept: break
            case .null: stats.nullCells += 1
            case .placeholder: stats.placeholderDates += 1
            }
            return cleaned
        }
    }

    /// The event a row records: the source's constant event, or its event column's cell (through the
    /// export's own names, else a field's name). Nil, with the row rejected, when it cannot be told.
    private func event(_ fields: [CSVScanner.Field], line: Int, diagnostics: inout Diagnostics) -> Int? {
        let schema = context.schema
        guard let eventColumn else { return constantEvent }
        let text = context.scanner.withField(fields[eventColumn]) { CellParser.shown($0) }.trimmingSpaces
        let key = text.lowercased()
        let name = eventNames[key] ?? key
        if let slot = schema.slot(of: name), slot != schema.slot(of: schema.idField) { return slot }
        let at = context.location(line, eventColumn + 1)
        if key.isEmpty {
            diagnostics.error(at, "row rejected: the event is empty")
        } else {
            let choices = layout == .events ? Array(eventNames.keys) + schema.fields.map(\.name) : schema.fields.map(\.name)
            let advice = layout == .events ? " (name your export's events under 'values: {event: {...}}' in sendcheck.yaml)" : ""
            diagnostics.error(at, "row rejected: unknown event '\(Escaping.shown(text))'\(Suggestion.hint(for: key, in: choices))\(advice)")
        }
        return nil
    }
}
