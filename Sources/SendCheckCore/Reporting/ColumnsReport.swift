/// `sendcheck columns FILE`: the first thing a data officer runs on an export. Each column's header,
/// the field it feeds and how (by name or through the mapping), sample values, values that cannot be
/// read, and which rules each field feeds; then the file's coverage.
///
/// Personal data: values are shown only for columns that feed a field the rules read (dates, codes,
/// references); a column no rule reads (a name, an address) is counted, never shown.
public enum ColumnsReport {
    /// What was seen in one column (wide) or one event (long).
    struct Seen {
        var filled = 0
        var samples: [String] = []
        var unreadable = 0
        var firstUnreadable: (line: Int, reason: String)?
        /// Mapped codes: how often each council code was met.
        var codes: [String: Int] = [:]
    }

    /// Reads `bytes` (the file at `path`) with the mapping and renders the report.
    public static func render(
        _ bytes: UnsafeRawBufferPointer, path: String, ruleSet: RuleSet, mapping: CaseMapping, layout: CaseLayout?, samples: Int = 3
    ) -> (text: String, diagnostics: Diagnostics, coverage: SourceCoverage?) {
        render(bytes, spec: CaseFileSpec(path: path, mapping: mapping, layout: layout), ruleSet: ruleSet, samples: samples)
    }

    /// Reads `bytes` as `spec` says (mapping, layout, cell conventions) and renders the report.
    public static func render(
        _ bytes: UnsafeRawBufferPointer, spec: CaseFileSpec, ruleSet: RuleSet, samples: Int = 3
    ) -> (text: String, diagnostics: Diagnostics, coverage: SourceCoverage?) {
        let (path, mapping) = (spec.path, spec.mapping)
        var diagnostics = Diagnostics()
        guard let schema = ruleSet.schemas["case"] else {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "no loaded rule pack checks cases (subject: case)")
            return ("", diagnostics, nil)
        }
        var seen: [String: Seen] = [:]
        var rows = 0
        let stats = CaseFileReader.read(bytes, spec, schema: schema, options: StreamOptions(keepRaw: true), diagnostics: &diagnostics) {
            subject in
            rows += 1
            for (name, value, _) in subject.raw {
                let key = name.lowercased()
                var s = seen[key] ?? Seen()
                let text = value.trimmingSpaces
                if !text.isEmpty {
                    s.filled += 1
                    if s.samples.count < samples, !s.samples.contains(text) { s.samples.append(text) }
                    if let codes = mapping.values[fieldName(name, mapping: mapping)] {
                        for c in codes where c.from.trimmingSpaces.lowercased() == text.lowercased() { s.codes[c.from, default: 0] += 1 }
                    }
                }
                seen[key] = s
            }
        }
        // Cells that cannot be read, from the reader's own located diagnostics.
        for d in diagnostics.items where d.severity == .error && d.location.path == path {
            guard let name = d.message.split(separator: ":", maxSplits: 1).first.map(String.init) else { continue }
            var s = seen[name.lowercased()] ?? Seen()
            s.unreadable += 1
            if s.firstUnreadable == nil { s.firstUnreadable = (d.location.line, String(d.message.dropFirst(name.count + 2))) }
            seen[name.lowercased()] = s
        }
        guard let stats else { return (headerOnly(bytes, path: path, diagnostics: diagnostics), diagnostics, nil) }
        var out =
            "\(Escaping.shown(path)): \(stats.layout?.rawValue ?? "wide") layout, \(stats.columns.count) columns, \(rows) case\(rows == 1 ? "" : "s")"
        out += " (\(stats.rowsRead) rows read, \(stats.rowsRejected) rejected)\n\n"
        let feeds = Self.feeds(ruleSet)
        if stats.layout == .long {
            out += longTable(stats, seen: seen, schema: schema, feeds: feeds)
        } else {
            out += wideTable(stats, seen: seen, schema: schema, mapping: mapping, feeds: feeds)
        }
        for c in mapping.constants {
            out += "constant: \(c.field) = \(Escaping.shown(c.value)) on every row; feeds \(feeds[c.field] ?? "no rule")\n"
        }
        let unfed = schema.fields.map(\.name).filter { !stats.recorded.contains($0) && feeds[$0] != nil }
        if !unfed.isEmpty { out += "fields no column feeds: \(unfed.joined(separator: ", "))\n" }
        let coverage = SourceCoverage.of(stats, ruleSet: ruleSet, mapping: mapping)
        out += "\n" + CoverageReport.text(coverage)
        return (out, diagnostics, coverage)
    }

    /// The file's headers, numbered, when the mapping does not fit it (the errors after say why):
    /// what a data officer needs to write the mapping. Empty when not even a header can be read.
    static func headerOnly(_ bytes: UnsafeRawBufferPointer, path: String, diagnostics: Diagnostics) -> String {
        guard TextEncoding.problem(bytes, csv: true) == nil else { return "" }
        var scanner = CSVScanner(bytes)
        var header: [CSVScanner.Field] = []
        guard (try? scanner.nextRow(into: &header)) != nil, !header.isEmpty else { return "" }
        let names = header.map { scanner.string($0).trimmingSpaces }
        var out = "\(Escaping.shown(path)): \(names.count) column\(names.count == 1 ? "" : "s"); the mapping does not fit this file yet "
        out += "(\(diagnostics.errorCount) error\(diagnostics.errorCount == 1 ? "" : "s") below), so no values are read:\n\n"
        var rows: [[String]] = [["col", "header"]]
        for (i, name) in names.enumerated() { rows.append([String(i + 1), Escaping.shown(name, limit: 64)]) }
        return out + table(rows)
    }

    private static func fieldName(_ header: String, mapping: CaseMapping) -> String {
        mapping.columns.first { $0.header.trimmingSpaces.lowercased() == header.lowercased() }?.field ?? header.lowercased()
    }

    private static func wideTable(
        _ stats: ReadStatistics, seen: [String: Seen], schema: Schema, mapping: CaseMapping, feeds: [String: String]
    ) -> String {
        var rows: [[String]] = [["col", "header", "field", "how", "values", "feeds"]]
        for c in stats.columns {
            let s = seen[c.header.lowercased()] ?? Seen()
            let how = c.field == nil ? "not used" : c.mapped ? "mapped" : "by name"
            var values: String
            if c.field == nil {
                values = "\(s.filled) filled (not shown: no rule reads it)"
            } else {
                values = "\(s.filled) filled"
                if !s.samples.isEmpty { values += "; e.g. " + s.samples.map { Escaping.shown($0, limit: 24) }.joined(separator: ", ") }
                if !s.codes.isEmpty, let field = c.field, let codes = mapping.values[field] {
                    values +=
                        "; codes " + codes.map { "\(Escaping.shown($0.from, limit: 24))→\($0.to) (\(s.codes[$0.from] ?? 0))" }.joined(separator: ", ")
                }
                if s.unreadable > 0, let first = s.firstUnreadable {
                    values += "; \(s.unreadable) cannot be read, first on line \(first.line): \(Escaping.shown(first.reason, limit: 80))"
                }
            }
            rows.append([String(c.number), Escaping.shown(c.header, limit: 32), c.field ?? "-", how, values, c.field.flatMap { feeds[$0] } ?? ""])
        }
        return table(rows)
    }

    private static func longTable(_ stats: ReadStatistics, seen: [String: Seen], schema: Schema, feeds: [String: String]) -> String {
        var rows: [[String]] = [["event", "values", "feeds"]]
        for name in stats.recorded {
            let s = seen[name] ?? Seen()
            var values = "\(s.filled) recorded"
            if !s.samples.isEmpty { values += "; e.g. " + s.samples.map { Escaping.shown($0, limit: 24) }.joined(separator: ", ") }
            rows.append([name, values, feeds[name] ?? ""])
        }
        return "columns: " + stats.columns.map { "\($0.number) '\(Escaping.shown($0.header))'" }.joined(separator: ", ") + "\n" + table(rows)
    }

    /// Per field, the rules it feeds and how: `reg5-assessment-decision (start), ...`.
    static func feeds(_ ruleSet: RuleSet) -> [String: String] {
        guard let schema = ruleSet.schemas["case"] else { return [:] }
        var out: [String: [String]] = [:]
        for index in ruleSet.ruleIndices(for: "case") {
            let rule = ruleSet.rules[index]
            var roles: [Int: [String]] = [:]
            for slot in Set(rule.needs.start.slots) { roles[slot, default: []].append("start") }
            for slot in Set(rule.needs.applies.slots) { roles[slot, default: []].append("condition") }
            for slot in Set(rule.needs.end.slots) { roles[slot, default: []].append("end") }
            for slot in rule.needs.caveats { roles[slot, default: []].append("closes") }
            for (slot, what) in roles where slot < schema.fields.count {
                out[schema.fields[slot].name, default: []].append("\(rule.id) (\(what.joined(separator: ", ")))")
            }
        }
        out[schema.idField] = ["the case reference"]
        return out.mapValues { $0.sorted().joined(separator: ", ") }
    }

    /// A plain text table; the last column is not padded.
    static func table(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() where i < width - 1 { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in i < width - 1 ? cell.padding(widths[i]) : cell }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
