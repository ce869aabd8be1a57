/// The coverage of each case source, as text for people and as the `sources` array of the JSON
/// report: which rules were checked, which not and why, and the mapping used.
public enum CoverageReport {
    /// Text, one block per source.
    public static func text(_ result: CheckResult) -> String {
        var out = ""
        let joined = result.joined.map { _ in Set(result.inputs.filter { $0.layout != nil }.map(\.path)) } ?? []
        if let j = result.joined {
            // Several case files: what each gives, then what they let sendcheck check together.
            out += "\ncoverage of the \(joined.count) case files, joined by reference (one subject per child):\n"
            for source in result.coverage where joined.contains(source.path) {
                let fields = source.recorded.filter { $0 != result.ruleSet.schemas["case"]?.idField }
                out += "  \(Escaping.shown(source.path)) (\(source.layout)): " + (fields.isEmpty ? "no field" : fields.joined(separator: ", ")) + "\n"
            }
            var started: [String: Int] = [:]
            for n in result.notChecked { started[n.rule, default: 0] += n.subjects }
            out += rulesText(j, started: started, these: "these files")
        }
        for source in result.coverage where !joined.contains(source.path) {
            out += "\n" + text(source, started: startedCounts(result, path: source.path))
        }
        return out
    }

    /// One source's block. `started`: per rule, the subjects whose clock started but could not be
    /// checked for want of the end (from the evaluation).
    public static func text(_ source: SourceCoverage, started: [String: Int] = [:]) -> String {
        let path = Escaping.shown(source.path)
        var out = "coverage of \(path) (\(source.layout)"
        if source.layout == "long" {
            out += "; events and values recorded: " + (source.recorded.isEmpty ? "none" : source.recorded.joined(separator: ", "))
        } else if !source.columns.isEmpty {
            let used = source.columns.count { $0.field != nil }
            let mapped = source.columns.count { $0.mapped }
            out += "; \(source.columns.count) column\(source.columns.count == 1 ? "" : "s"): \(used) read by rules, \(mapped) mapped"
        }
        if !source.mapping.constants.isEmpty {
            out += "; constants: " + source.mapping.constants.map { "\($0.field) = \(Escaping.shown($0.value))" }.joined(separator: ", ")
        }
        out += "):\n"
        return out + rulesText(source, started: started, these: "this file")
    }

    /// Which rules a source (or the joined sources) lets sendcheck check, and why not the others.
    static func rulesText(_ source: SourceCoverage, started: [String: Int], these: String) -> String {
        var out = ""
        let checked = source.rules.filter { $0.state == .checked }.map(\.rule)
        if !checked.isEmpty { out += "  checked: \(checked.joined(separator: ", "))\n" }
        // Rules checked with the same caveat are listed together.
        var partial: [(missing: String, rules: [String])] = []
        for r in source.rules where r.state == .partial {
            let key = r.missing.joined(separator: ", ")
            if let i = partial.firstIndex(where: { $0.missing == key }) { partial[i].rules.append(r.rule) } else { partial.append((key, [r.rule])) }
        }
        for p in partial {
            out += "  checked without \(p.missing) (a case closed, excused or ended by it shows as open): \(p.rules.joined(separator: ", "))\n"
        }
        for r in source.rules where r.state == .notChecked && r.reason != .noStart {
            let n = started[r.rule].map { "; \($0) case\($0 == 1 ? "" : "s") started" } ?? ""
            out += "  not checked: \(r.rule): \(r.sentence.hasPrefix("not checked: ") ? String(r.sentence.dropFirst(13)) : r.sentence)\(n)\n"
        }
        for r in source.rules { if let reading = r.reading { out += "  reading of \(r.rule): \(reading)\n" } }
        let idle = source.rules.filter { $0.reason == .noStart }
        if !idle.isEmpty {
            out +=
                "  nothing to start in \(these): " + idle.map { "\($0.rule) (\($0.missing.joined(separator: ", ")))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The JSON `sources` array.
    public static func json(_ result: CheckResult) -> JSONValue {
        .array(result.coverage.map { json($0, started: startedCounts(result, path: $0.path)) })
    }

    /// The JSON `joined` object: what several case files let sendcheck check together (null for one).
    public static func joinedJSON(_ result: CheckResult) -> JSONValue {
        guard let j = result.joined else { return .null }
        var started: [String: Int] = [:]
        for n in result.notChecked { started[n.rule, default: 0] += n.subjects }
        return json(j, started: started)
    }

    public static func json(_ source: SourceCoverage, started: [String: Int] = [:]) -> JSONValue {
        let columns: [JSONValue] = source.columns.map { c in
            .object(["column": .int(c.number), "header": .string(c.header), "field": .string(c.field), "mapped": .bool(c.mapped)])
        }
        var mapping: [JSONValue.Member] = []
        if !source.mapping.columns.isEmpty {
            mapping.append(.init("columns", .object(source.mapping.columns.map { .init($0.field, .string($0.header)) })))
        }
        if !source.mapping.values.isEmpty {
            mapping.append(
                .init(
                    "values",
                    .object(
                        source.mapping.values.sorted { $0.key < $1.key }.map { field, codes in
                            .init(field, .object(codes.map { .init($0.from, .string($0.to)) }))
                        })))
        }
        if !source.mapping.constants.isEmpty {
            mapping.append(.init("constants", .object(source.mapping.constants.map { .init($0.field, .string($0.value)) })))
        }
        let rules: [JSONValue] = source.rules.map { r in
            var members: [JSONValue.Member] = [.init("rule", .string(r.rule)), .init("coverage", .string(r.state.rawValue))]
            if let reason = r.reason { members.append(.init("reason", .string(reason.rawValue))) }
            if !r.missing.isEmpty { members.append(.init("missing", .array(r.missing.map(JSONValue.string)))) }
            if let n = started[r.rule] { members.append(.init("subjects_not_checked", .int(n))) }
            if let reading = r.reading { members.append(.init("reading", .string(reading))) }
            return .object(members)
        }
        return .object([
            "path": .string(source.path), "layout": .string(source.layout), "recorded": .array(source.recorded.map(JSONValue.string)),
            "columns": .array(columns), "mapping": .object(mapping), "rules": .array(rules),
        ])
    }

    static func startedCounts(_ result: CheckResult, path: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for n in result.notChecked where n.path == path { out[n.rule, default: 0] += n.subjects }
        return out
    }
}
