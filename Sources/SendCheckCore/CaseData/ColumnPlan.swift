/// How each column of one file's header feeds the schema's fields, after the configuration's
/// mapping: directly, as one of several columns whose first non-empty cell is used (with the values
/// it sets), or split by a pattern into several fields. Made once per file, from its header.
struct ColumnPlan {
    /// One of several columns feeding a field, and the values it sets when it is the one used.
    struct Option {
        var column: Int
        var parser: CellParser
        var sets: [(slot: Int, value: Value)]
    }

    /// A field fed by the first non-empty of several columns (or by one column that sets values).
    struct Alternatives {
        var slot: Int
        var options: [Option]
    }

    /// A column split by a pattern: per named group, the slot it feeds and its parser.
    struct SplitColumn {
        var column: Int
        var header: String
        var pattern: SplitPattern
        var parts: [(slot: Int, parser: CellParser)?]
    }

    /// The headers as written.
    let names: [String]
    /// Per column: the field it feeds directly, or its lower-cased header when it feeds none that way.
    let canonical: [String]
    /// Per column: the slot it feeds directly, or -1.
    let slots: [Int]
    /// Per column: its parser (text for columns no field reads).
    let parsers: ContiguousArray<CellParser>
    let alternatives: [Alternatives]
    let splits: [SplitColumn]
    /// Per column: the fields it feeds in any way, for `columns` and the coverage report.
    let feeds: [[String]]
    /// Per column: whether the configuration's mapping names it.
    let mapped: [Bool]

    /// Whether every column feeds at most its own field, read as is (the hot path needs no second pass).
    var isPlain: Bool { alternatives.isEmpty && splits.isEmpty }

    /// The first column whose canonical name is `name`.
    func column(_ name: String) -> Int? { canonical.firstIndex(of: name) }

    /// The plan of a header, or nil (with located errors) when the mapping does not fit it: a mapped
    /// header the file does not have (its headers listed, closest first), a column feeding two
    /// fields, or two columns feeding one field directly.
    static func make(
        _ names: [String], mapping: CaseMapping, schema: Schema, at fileAt: SourceLocation, diagnostics: inout Diagnostics
    ) -> ColumnPlan? {
        var draft = Draft(names: names, fileAt: fileAt)
        draft.findMapped(mapping, &diagnostics)
        draft.findSplits(mapping, schema, &diagnostics)
        draft.chooseAlternatives(mapping, schema)
        draft.checkFedOnce(schema, &diagnostics)
        let (lower, canonical, alternatives, splits) = (draft.lower, draft.canonical, draft.alternatives, draft.splits)
        guard draft.ok else { return nil }
        let slots = canonical.map { schema.slot(of: $0) ?? -1 }
        let parsers = ContiguousArray(
            zip(slots, canonical).map { slot, name in
                guard slot >= 0 else { return CellParser(type: .text) }
                return schema.fields[slot].parser(aliases: mapping.aliases(for: name, type: schema.fields[slot].type))
            })
        var feeds = slots.map { $0 >= 0 ? [schema.fields[$0].name] : [] }
        for a in alternatives {
            for o in a.options { feeds[o.column] = [schema.fields[a.slot].name] + o.sets.map { schema.fields[$0.slot].name } }
        }
        for s in splits { feeds[s.column] = s.pattern.names.filter { schema.slot(of: $0) != nil } }
        let mappedHeaders = Set(
            mapping.columns.map { $0.header.trimmingSpaces.lowercased() } + mapping.splits.map { $0.header.trimmingSpaces.lowercased() })
        return ColumnPlan(
            names: names, canonical: canonical, slots: slots, parsers: parsers, alternatives: alternatives, splits: splits, feeds: feeds,
            mapped: lower.map { mappedHeaders.contains($0) })
    }

    /// The column of a mapped header, or nil with an error listing the file's headers, closest first.
    private static func index(
        of header: String, in lower: [String], names: [String], field: String, shared: Bool, at: SourceLocation, file: String,
        _ diagnostics: inout Diagnostics
    ) -> Int? {
        let key = header.trimmingSpaces.lowercased()
        if let i = lower.firstIndex(of: key) { return i }
        let headers = names.filter { !$0.isEmpty }
        let closest = Suggestion.ranked(header, headers).map { "'\(Escaping.shown($0))'" }
        let more = headers.count > closest.count ? " and \(headers.count - closest.count) more" : ""
        let sharedNote =
            shared ? " (a mapping under 'columns' applies to every case file; map it under this file's own 'columns' if only some have it)" : ""
        diagnostics.error(
            at,
            "'\(Escaping.shown(header))', mapped to \(field), is not a column of \(Escaping.shown(file)); "
                + "its columns, closest first: " + closest.joined(separator: ", ") + more + sharedNote)
        return nil
    }

    /// A column's `sets`, as (slot, value); those that do not read were reported with the configuration.
    private static func assignments(_ sets: [CaseMapping.Assignment], schema: Schema, mapping: CaseMapping) -> [(slot: Int, value: Value)] {
        sets.compactMap { s in
            guard let slot = schema.slot(of: s.field) else { return nil }
            let parser = schema.fields[slot].parser(aliases: mapping.aliases(for: s.field, type: schema.fields[slot].type))
            guard case .success(let v) = parser.parse(s.value) else { return nil }
            return (slot, v)
        }
    }
}

extension ColumnPlan {
    /// A plan being made from a header and a mapping: which column feeds which field, and whether
    /// the mapping fits (every problem is reported before `ok` is read).
    private struct Draft {
        let names: [String]
        let lower: [String]
        let fileAt: SourceLocation
        var canonical: [String]
        var owner: [Int: String] = [:]
        var ok = true
        var found: [(column: CaseMapping.Column, index: Int)] = []
        var splits: [SplitColumn] = []
        var alternatives: [Alternatives] = []

        init(names: [String], fileAt: SourceLocation) {
            self.names = names
            self.fileAt = fileAt
            lower = names.map { $0.lowercased() }
            canonical = lower
        }

        /// The mapped columns: each header found, and fed to one field only.
        mutating func findMapped(_ mapping: CaseMapping, _ diagnostics: inout Diagnostics) {
            for c in mapping.columns {
                guard
                    let i = ColumnPlan.index(
                        of: c.header, in: lower, names: names, field: c.field, shared: c.shared, at: c.headerAt ?? fileAt, file: fileAt.path,
                        &diagnostics
                    )
                else {
                    ok = false
                    continue
                }
                if let earlier = owner[i], earlier != c.field {
                    ok = false
                    diagnostics.error(
                        c.headerAt ?? fileAt,
                        "header '\(Escaping.shown(c.header))' is mapped to both '\(earlier)' and '\(c.field)'; one column feeds one field")
                    continue
                }
                owner[i] = c.field
                found.append((c, i))
            }
        }

        /// The split columns (one cell read as several fields by a pattern).
        mutating func findSplits(_ mapping: CaseMapping, _ schema: Schema, _ diagnostics: inout Diagnostics) {
            for s in mapping.splits {
                guard
                    let i = ColumnPlan.index(
                        of: s.header, in: lower, names: names, field: s.groups.joined(separator: ", "), shared: s.shared, at: s.headerAt ?? fileAt,
                        file: fileAt.path, &diagnostics)
                else {
                    ok = false
                    continue
                }
                guard let pattern = SplitPattern(s.pattern) else { continue }
                let parts = pattern.names.map { name in
                    schema.slot(of: name).map { ($0, schema.fields[$0].parser(aliases: mapping.aliases(for: name, type: schema.fields[$0].type))) }
                }
                splits.append(SplitColumn(column: i, header: names[i], pattern: pattern, parts: parts))
                owner[i] = pattern.names.joined(separator: ", ")
                canonical[i] = ""
            }
        }

        /// Fields with one column and nothing set are fed directly; the others choose among columns.
        mutating func chooseAlternatives(_ mapping: CaseMapping, _ schema: Schema) {
            var byField: [String: [(column: CaseMapping.Column, index: Int)]] = [:]
            var fieldOrder: [String] = []
            for f in found {
                if byField[f.column.field] == nil { fieldOrder.append(f.column.field) }
                byField[f.column.field, default: []].append(f)
            }
            for field in fieldOrder {
                let list = byField[field]!
                if list.count == 1, list[0].column.sets.isEmpty {
                    canonical[list[0].index] = field
                    continue
                }
                for f in list { canonical[f.index] = "" }
                guard let slot = schema.slot(of: field) else { continue }
                let parser = schema.fields[slot].parser(aliases: mapping.aliases(for: field, type: schema.fields[slot].type))
                let options = list.map { f in
                    Option(column: f.index, parser: parser, sets: ColumnPlan.assignments(f.column.sets, schema: schema, mapping: mapping))
                }
                alternatives.append(Alternatives(slot: slot, options: options))
            }
        }

        /// Two columns feeding one field directly, or a column named after a field the mapping feeds.
        mutating func checkFedOnce(_ schema: Schema, _ diagnostics: inout Diagnostics) {
            let fedOtherwise = Set(alternatives.map { schema.fields[$0.slot].name } + splits.flatMap { $0.pattern.names })
            var seen: [String: Int] = [:]
            for (i, name) in canonical.enumerated() where !name.isEmpty {
                if fedOtherwise.contains(name) {
                    ok = false
                    diagnostics.error(
                        SourceLocation(path: fileAt.path, line: fileAt.line, column: i + 1),
                        "column \(i + 1) '\(Escaping.shown(names[i]))' is named after \(name), which the mapping feeds from other columns; "
                            + "two columns cannot feed one field (map this one, or rename it)")
                    continue
                }
                guard let first = seen[name] else {
                    seen[name] = i
                    continue
                }
                ok = false
                let at = SourceLocation(path: fileAt.path, line: fileAt.line, column: i + 1)
                let mappedColumn = found.first { $0.index == i || $0.index == first }
                if let m = mappedColumn {
                    let other = m.index == i ? first : i
                    diagnostics.error(
                        m.column.headerAt ?? at,
                        "column \(m.index + 1) '\(Escaping.shown(names[m.index]))' is mapped to \(name), but column \(other + 1) "
                            + "'\(Escaping.shown(names[other]))' of \(Escaping.shown(fileAt.path)) already feeds \(name); two columns cannot feed one field"
                    )
                } else {
                    diagnostics.error(at, "column '\(Escaping.shown(names[i]))' appears twice (first as column \(first + 1))")
                }
            }
        }
    }
}
