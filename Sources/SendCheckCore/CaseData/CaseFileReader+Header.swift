extension CaseFileReader {
    /// A file's header, read and resolved against the mapping: its columns, how each feeds the fields
    /// (`ColumnPlan`), the layout, the reference column, and the rows to skip.
    struct Header {
        let path: String
        /// Positioned after the header row.
        let scanner: CSVScanner
        let line: Int
        let plan: ColumnPlan
        let layout: CaseLayout
        let idColumn: Int
        /// The event every row of an events file records, when it has no event column.
        let constantEvent: Int?
        let filter: RowFilter
        let schema: Schema
        let constants: [(Int, Value)]

        /// Reads and resolves the header, or nil with located errors when the file cannot be read
        /// as a case file: not text, empty, no header, a mapping that does not fit, no reference column,
        /// or a layout's own columns missing.
        static func read(_ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, schema: Schema, diagnostics: inout Diagnostics) -> Header? {
            let path = spec.path
            guard let (scanner, header, headerLine) = firstRow(bytes, path: path, &diagnostics) else { return nil }
            let names = header.map { scanner.string($0).trimmingSpaces }
            let fileAt = SourceLocation(path: path, line: headerLine, column: 1)
            guard let plan = ColumnPlan.make(names, mapping: spec.mapping, schema: schema, at: fileAt, diagnostics: &diagnostics) else {
                return nil
            }
            let has = { (name: String) in plan.column(name) != nil }
            let layout = spec.layout ?? (has("event") && has("date") ? .long : .wide)
            guard let idColumn = plan.column(schema.idField) else {
                let hint = Suggestion.hint(for: schema.idField, in: names)
                diagnostics.error(
                    fileAt,
                    "no '\(schema.idField)' column; every case file needs one (map your own header to it in sendcheck.yaml under 'columns')\(hint)")
                return nil
            }
            var constantEvent: Int?
            switch layout {
            case .wide: break
            case .long:
                guard has("event"), has("date") else {
                    diagnostics.error(fileAt, "the long layout needs 'event' and 'date' columns")
                    return nil
                }
            case .events:
                guard has("date") else {
                    diagnostics.error(
                        fileAt,
                        "the events layout needs a 'date' column: map your export's date header to it under 'columns' (date: \"Meeting Date\")"
                            + Suggestion.hint(for: "date", in: names))
                    return nil
                }
                if !has("event") {
                    guard let event = spec.event else {
                        diagnostics.error(
                            fileAt,
                            "the events layout needs the event each row records: 'event: review_meeting' for the source, or an 'event' column "
                                + "(event: \"Meeting Type\" under 'columns', with its names under 'values: {event: {...}}')")
                        return nil
                    }
                    guard let slot = schema.slot(of: event), schema.fields[slot].type == .date else {
                        diagnostics.error(fileAt, "'\(event)' is not a date field, so it cannot be the event of every row")
                        return nil
                    }
                    constantEvent = slot
                }
            }
            let filter = RowFilter(plan: plan, idColumn: idColumn, conventions: spec.conventions, path: path, diagnostics: &diagnostics)
            return Header(
                path: path, scanner: scanner, line: headerLine, plan: plan, layout: layout, idColumn: idColumn, constantEvent: constantEvent,
                filter: filter, schema: schema, constants: CaseFileReader.constants(spec.mapping, schema: schema))
        }

        /// The header row, scanned: nil with a located error when the file is not text, is empty, or
        /// its first row cannot be read or is not a header.
        static func firstRow(
            _ bytes: UnsafeRawBufferPointer, path: String, _ diagnostics: inout Diagnostics
        ) -> (CSVScanner, [CSVScanner.Field], Int)? {
            if let problem = TextEncoding.problem(bytes, csv: true) {
                diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem)
                return nil
            }
            var scanner = CSVScanner(bytes)
            var header: [CSVScanner.Field] = []
            guard let headerLine = scanner.headerRow(into: &header, path: path, naming: "the columns", &diagnostics) else { return nil }
            // A header names columns: a cell of kilobytes means the first row is not a header at all.
            if let long = header.firstIndex(where: { $0.end - $0.start > CaseFileReader.maximumHeaderBytes }) {
                diagnostics.error(
                    SourceLocation(path: path, line: headerLine, column: long + 1),
                    "the header's column \(long + 1) is \(header[long].end - header[long].start) bytes long; a header names each column in a few words: is the first row a header?"
                )
                return nil
            }
            return (scanner, header, headerLine)
        }

        /// The row reader's shared state.
        func context(_ scanner: CSVScanner, keepRaw: Bool, labels: Set<String>, progress: ((Int) -> Void)?, limit: Int) -> ReadContext {
            ReadContext(
                path: path, schema: schema, scanner: scanner, headerNames: plan.names, width: plan.names.count, idColumn: idColumn,
                keepRaw: keepRaw, labelSlots: labels.compactMap { schema.slot(of: $0) }.sorted(), progress: progress, limit: limit)
        }

        /// The row filler; `skipping` leaves out the reference and the layout's own columns (their cells
        /// are not values of fields).
        func filler(_ spec: CaseFileSpec, skipping: Bool) -> RowFiller {
            let own = ["event", "date", "value"].compactMap { plan.column($0) }
            let personal = plan.feeds.map { fields in fields.contains { schema.field($0)?.personal == true } }
            return RowFiller(
                plan: plan, path: path, conventions: spec.conventions, constants: constants, skipping: skipping ? [idColumn] + own : own,
                personal: personal)
        }

        /// Which fields the file's columns feed (directly, by choice, by split, by what a column sets)
        /// and the constants give.
        func present(schema: Schema) -> [Bool] {
            var present = [Bool](repeating: false, count: schema.fields.count)
            for slot in plan.slots where slot >= 0 { present[slot] = true }
            for a in plan.alternatives {
                present[a.slot] = true
                for o in a.options { for (slot, _) in o.sets { present[slot] = true } }
            }
            for s in plan.splits { for part in s.parts { if let (slot, _) = part { present[slot] = true } } }
            for (slot, _) in constants { present[slot] = true }
            return present
        }

        /// Per slot, the 1-based column feeding it on a row (0 when none does).
        func columns(schema: Schema) -> [Int32] {
            var out = [Int32](repeating: 0, count: schema.fields.count)
            for (column, slot) in plan.slots.enumerated() where slot >= 0 && out[slot] == 0 { out[slot] = Int32(column + 1) }
            for a in plan.alternatives where out[a.slot] == 0 { out[a.slot] = Int32((a.options.first?.column ?? -1) + 1) }
            return out
        }

        /// The statistics with what the file records and how each column was read.
        func finish(_ stats: ReadStatistics, present: [Bool], schema: Schema) -> ReadStatistics {
            var out = stats
            out.layout = layout
            out.recorded = schema.fields.indices.filter { $0 < present.count && present[$0] }.map { schema.fields[$0].name }
            out.columns = plan.names.indices.map { i in
                ColumnUse(
                    number: i + 1, header: plan.names[i], field: plan.feeds[i].isEmpty ? nil : plan.feeds[i].joined(separator: ", "),
                    mapped: plan.mapped[i])
            }
            return out
        }
    }
}
