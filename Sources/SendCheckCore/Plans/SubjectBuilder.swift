/// Builds one subject's values by field name against its kind's schema (fields no rule declares are
/// not kept: no rule can read them).
struct SubjectBuilder {
    var subject: Subject
    let schema: Schema?
    var id: String { subject.id }

    init(kind: String, id: String, location: SourceLocation, schema: Schema?) {
        self.schema = schema
        subject = Subject(
            id: id, kind: kind, location: location, values: [Value](repeating: .missing, count: schema?.fields.count ?? 0), completeHistory: true)
    }

    func day(_ name: String) -> Day? {
        guard let slot = schema?.slot(of: name) else { return nil }
        return subject.values[slot].day
    }

    mutating func set(_ name: String, text: String) {
        guard let slot = schema?.slot(of: name) else { return }
        subject.values[slot] = (try? schema!.fields[slot].parser().parse(text).get()) ?? .invalid
    }

    mutating func set(_ name: String, day: Day?) {
        guard let slot = schema?.slot(of: name), let day else { return }
        subject.values[slot] = .date(day)
    }

    mutating func set(_ name: String, history days: [Day]) {
        guard let slot = schema?.slot(of: name) else { return }
        let sorted = days.sorted()
        subject.history[slot] = sorted
        subject.values[slot] = sorted.last.map(Value.date) ?? .missing
    }

    /// Sets a field from a YAML value, reporting a value its type cannot hold at the value's position.
    mutating func set(_ name: String, _ scalar: YAMLScalar?, key: String? = nil, diagnostics: inout Diagnostics) {
        let shown = key ?? name
        guard let scalar, let schema else { return }
        guard let slot = schema.slot(of: name) else {
            // Not declared by any loaded pack: still check dates so a typo is not silently kept.
            if case .failure(let f) = DateParser.parse(scalar.text), scalar.text.first?.isNumber == true, scalar.text.count == 10 {
                diagnostics.error(scalar.location, "'\(shown)': \(f.message(for: scalar.text))")
            }
            return
        }
        switch schema.fields[slot].parser().parse(scalar.text) {
        case .success(let v): subject.values[slot] = v
        case .failure(let problem): diagnostics.error(scalar.location, "'\(shown)': \(problem)")
        }
    }
}
