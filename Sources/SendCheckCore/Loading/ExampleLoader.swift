/// Reads a rule's worked examples.
///
/// ```yaml
/// examples:
///   - name: plan issued on the due date is on time
///     as_of: 2024-06-30
///     given: {request_received: 2024-01-08, assessment_outcome: issue, assessment_outcome_date: 2024-05-27}
///     expect: {status: met, due: 2024-05-27}
///   - name: a later request is not yet due
///     given: {review_meeting: [2024-01-10, 2024-06-03], last_review: [2024-01-31]}
///     expect: [{status: met}, {status: pending, due: 2024-07-01}]
///   - name: withdrawn requests have no finding
///     given: {...}
///     expect: none
/// ```
/// A list of dates records every occurrence of that event (a complete history, as in the long layout).
struct ExampleLoader {
    let schema: Schema
    let rule: Rule

    func load(_ node: YAMLNode, diagnostics: inout Diagnostics) -> [RuleExample] {
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.error(node.location, "'examples' of rule '\(rule.id)' must be a non-empty list", code: rule.id)
            return []
        }
        return items.enumerated().compactMap { i, item in load(item, index: i, diagnostics: &diagnostics) }
    }

    private func load(_ node: YAMLNode, index: Int, diagnostics: inout Diagnostics) -> RuleExample? {
        let what = "example \(index + 1) of rule '\(rule.id)'"
        guard let m = MappingReader.expectMapping(node, what, diagnostics: &diagnostics) else { return nil }
        let r = MappingReader(
            m, context: what, allowed: ["name", "as_of", "given", "expect"], required: ["name", "as_of", "given", "expect"], diagnostics: &diagnostics
        )
        let before = diagnostics.errorCount
        let name = r.string("name", diagnostics: &diagnostics) ?? "example \(index + 1)"
        let asOf = r.day("as_of", diagnostics: &diagnostics)
        let given = r["given"].flatMap { subject($0, what: what, diagnostics: &diagnostics) }
        let expected = r["expect"].map { expectations($0, what: what, diagnostics: &diagnostics) } ?? []
        guard diagnostics.errorCount == before, let (day, _) = asOf, let given else { return nil }
        return RuleExample(name: name, given: given, asOf: day, expected: expected, location: node.location)
    }

    private func subject(_ node: YAMLNode, what: String, diagnostics: inout Diagnostics) -> Subject? {
        guard let m = MappingReader.expectMapping(node, "'given' of \(what)", diagnostics: &diagnostics) else { return nil }
        var values = [Value](repeating: .missing, count: schema.fields.count)
        var history: [Int: [Day]] = [:]
        var id = "EXAMPLE"
        for (key, value) in m.entries {
            guard let slot = schema.slot(of: key.text) else {
                diagnostics.error(
                    key.location, "unknown field '\(key.text)' in 'given' of \(what)" + Suggestion.hint(for: key.text, in: schema.fields.map(\.name)))
                continue
            }
            let parser = schema.fields[slot].parser()
            if let list = value.sequence {
                guard schema.fields[slot].type == .date else {
                    diagnostics.error(value.location, "only date fields may list several occurrences")
                    continue
                }
                var days: [Day] = []
                for item in list {
                    guard let s = item.scalar, case .success(.date(let d)) = parser.parse(s.text) else {
                        diagnostics.error(item.location, "each occurrence must be a date")
                        continue
                    }
                    days.append(d)
                }
                days.sort()
                history[slot] = days
                values[slot] = days.last.map(Value.date) ?? .missing
                continue
            }
            guard let s = value.scalar else {
                diagnostics.error(value.location, "'\(key.text)' must be a single value or a list of dates")
                continue
            }
            if key.text == schema.idField { id = s.text }
            switch parser.parse(s.isNull ? "" : s.text) {
            case .success(let v): values[slot] = v
            case .failure(let message):
                values[slot] = .invalid
                _ = message  // an invalid value in an example is allowed: it shows the `invalid` status
            }
        }
        return Subject(
            id: id, kind: schema.kind, location: m.location, values: values, history: History(history),
            completeHistory: !history.isEmpty)
    }

    private func expectations(_ node: YAMLNode, what: String, diagnostics: inout Diagnostics) -> [RuleExample.Expectation] {
        if let s = node.scalar, s.text == "none" { return [] }
        let items = node.sequence ?? [node]
        return items.compactMap { item in
            guard let m = MappingReader.expectMapping(item, "'expect' of \(what) (or 'none')", diagnostics: &diagnostics) else { return nil }
            let r = MappingReader(
                m, context: "'expect' of \(what)", allowed: ["status", "due", "start", "completed"], required: ["status"], diagnostics: &diagnostics)
            guard let status = r.choice("status", Status.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics) else { return nil }
            return RuleExample.Expectation(
                status: status, due: r.day("due", diagnostics: &diagnostics)?.0, start: r.day("start", diagnostics: &diagnostics)?.0,
                completed: r.day("completed", diagnostics: &diagnostics)?.0)
        }
    }
}
