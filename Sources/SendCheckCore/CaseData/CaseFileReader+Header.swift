extension CaseFileReader {
    /// Each column's field name after the mapping (the lower-cased header when it is not mapped), or
    /// nil, with located errors, when the mapping does not fit the header: a mapped header the file
    /// does not have (its headers listed, closest first), or two columns that would feed one field.
    static func resolve(_ names: [String], mapping: CaseMapping, path: String, headerLine: Int, diagnostics: inout Diagnostics) -> [String]? {
        let lower = names.map { $0.lowercased() }
        var canonical = lower
        var mappedBy: [Int: CaseMapping.Column] = [:]
        var ok = true
        let fileAt = SourceLocation(path: path, line: headerLine, column: 1)
        for c in mapping.columns {
            let key = c.header.trimmingSpaces.lowercased()
            guard let i = lower.firstIndex(of: key) else {
                ok = false
                let headers = names.filter { !$0.isEmpty }
                let closest = Suggestion.ranked(c.header, headers).map { "'\(Escaping.shown($0))'" }
                let more = headers.count > closest.count ? " and \(headers.count - closest.count) more" : ""
                let shared =
                    c.shared
                    ? " (a mapping under 'columns' applies to every case file; map it under this file's own 'columns' if only some have it)" : ""
                diagnostics.error(
                    c.headerAt ?? fileAt,
                    "'\(Escaping.shown(c.header))', mapped to \(c.field), is not a column of \(Escaping.shown(path)); its columns, closest first: "
                        + closest.joined(separator: ", ") + more + shared)
                continue
            }
            if let earlier = mappedBy[i], earlier.field != c.field {
                ok = false
                diagnostics.error(
                    c.headerAt ?? fileAt,
                    "header '\(Escaping.shown(c.header))' is mapped to both '\(earlier.field)' and '\(c.field)'; one column feeds one field")
                continue
            }
            canonical[i] = c.field
            mappedBy[i] = c
        }
        var seen: [String: Int] = [:]
        for (i, name) in canonical.enumerated() where !name.isEmpty {
            guard let first = seen[name] else {
                seen[name] = i
                continue
            }
            ok = false
            let at = SourceLocation(path: path, line: headerLine, column: i + 1)
            if let m = mappedBy[i] ?? mappedBy[first] {
                let mapped = mappedBy[i] != nil ? i : first
                let other = mapped == i ? first : i
                diagnostics.error(
                    m.headerAt ?? at,
                    "column \(mapped + 1) '\(Escaping.shown(names[mapped]))' is mapped to \(name), but column \(other + 1) "
                        + "'\(Escaping.shown(names[other]))' of \(Escaping.shown(path)) already feeds \(name); two columns cannot feed one field")
            } else {
                diagnostics.error(at, "column '\(Escaping.shown(names[i]))' appears twice (first as column \(first + 1))")
            }
        }
        return ok ? canonical : nil
    }
}
