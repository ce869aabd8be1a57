/// The parts of a rule about how its clock ends: `end` as a list of conditional cases, the date fields
/// a repeating duty's cycles end at, when exceptions apply, and the reading a source gets.
extension RuleLoader {
    /// An `end` read: the default end's scalar (the last case of a list), and the conditional cases
    /// before it.
    struct EndParts {
        var scalar: YAMLScalar?
        var cases: [(condition: YAMLScalar, date: YAMLScalar)] = []
    }

    /// `end: a_date` or
    /// `end: [{when: review_outcome == 'amend', date: amendment_notice}, {date: last_review}]`.
    func endParts(_ r: MappingReader, what: String, _ diagnostics: inout Diagnostics) -> EndParts {
        guard let node = r["end"] else { return EndParts() }
        guard let items = node.sequence else { return EndParts(scalar: r.scalar("end", diagnostics: &diagnostics)) }
        guard !items.isEmpty else {
            diagnostics.error(node.location, "'end' of \(what) must not be an empty list")
            return EndParts()
        }
        var parts = EndParts()
        for (i, item) in items.enumerated() {
            guard let m = MappingReader.expectMapping(item, "each 'end' case of \(what)", diagnostics: &diagnostics) else { continue }
            let c = MappingReader(
                m, context: "an 'end' case of \(what)", allowed: ["when", "date"], required: ["date"], diagnostics: &diagnostics)
            guard let date = c.scalar("date", diagnostics: &diagnostics) else { continue }
            let condition = c.scalar("when", diagnostics: &diagnostics)
            if i == items.count - 1 {
                if condition != nil {
                    diagnostics.error(m.location, "the last 'end' case of \(what) is the default: it takes no 'when'")
                }
                parts.scalar = date
            } else if let condition {
                parts.cases.append((condition, date))
            } else {
                diagnostics.error(m.location, "every 'end' case of \(what) but the last needs a 'when' condition")
            }
        }
        return parts
    }

    /// The date fields an end reads when it is a field or `earliest` of fields (nil otherwise): the
    /// events that end a repeating duty's cycle.
    func endSlots(_ text: String) -> [Int]? {
        guard case .success(let node) = ExpressionParser.parse(text) else { return nil }
        func slot(_ n: Expression.Node) -> Int? {
            guard case .name(let name) = n.expression, let s = schema.slot(of: name), schema.fields[s].type == .date else { return nil }
            return s
        }
        if let s = slot(node) { return [s] }
        guard case .call("earliest", let args) = node.expression, !args.isEmpty else { return nil }
        let slots = args.compactMap(slot)
        return slots.count == args.count ? slots : nil
    }

    /// Compiles the conditional end cases.
    func endCases(
        _ parts: EndParts, repeating: Rule.Repeat, what: String, _ base: ExpressionCompiler, _ withStart: ExpressionCompiler,
        _ diagnostics: inout Diagnostics
    ) -> [Rule.EndCase] {
        parts.cases.compactMap { c in
            guard let condition = base.compile(c.condition, expecting: .bool, what: "'when' of an 'end' case of \(what)", diagnostics: &diagnostics),
                let date = withStart.compile(c.date, expecting: .date, what: "an 'end' case of \(what)", diagnostics: &diagnostics)
            else { return nil }
            var slots: [Int] = []
            switch repeating {
            case .none: break
            case .each:
                guard let s = endSlots(c.date.text) else {
                    diagnostics.error(c.date.location, "with 'repeat: each', each 'end' of \(what) must be a date field or 'earliest' of date fields")
                    return nil
                }
                slots = s
            case .chain:
                guard let s = date.fieldSlot else {
                    diagnostics.error(c.date.location, "with 'repeat: chain', each 'end' of \(what) must be a single date field")
                    return nil
                }
                slots = [s]
            }
            return Rule.EndCase(condition: condition.evaluate, date: date.evaluate, slots: slots, text: "\(c.date.text) when \(c.condition.text)")
        }
    }

    /// The end of a rule without `repeat`: the first case whose condition holds, else the default.
    static func combined(_ cases: [Rule.EndCase], _ fallback: CompiledExpression?) -> CompiledExpression? {
        guard !cases.isEmpty else { return fallback }
        return { scope in
            for c in cases {
                switch c.condition(scope) {
                case .bool(true): return c.date(scope)
                case .invalid: return .invalid
                default: continue
                }
            }
            return fallback?(scope) ?? .missing
        }
    }

    /// What the source must record to show the step done: any one case (its condition and its date),
    /// or the default end.
    func endRequirement(_ parts: EndParts, _ base: ExpressionCompiler, _ withStart: ExpressionCompiler) -> FieldRequirement {
        let defaultNeed = parts.scalar.map { withStart.requirement($0.text) } ?? .nothing
        guard !parts.cases.isEmpty else { return defaultNeed }
        // The default first: "no last_review or review_outcome and amendment_notice".
        return FieldRequirement.anyOf(
            [defaultNeed] + parts.cases.map { FieldRequirement.allOf([base.requirement($0.condition.text), withStart.requirement($0.date.text)]) })
    }

    /// `reading_by_source: {field: review_outcome, recorded: ..., missing: ...}`.
    func sourceReading(_ r: MappingReader, what: String, _ diagnostics: inout Diagnostics) -> Rule.SourceReading? {
        guard let node = r["reading_by_source"],
            let m = MappingReader.expectMapping(node, "'reading_by_source' of \(what)", diagnostics: &diagnostics)
        else { return nil }
        let s = MappingReader(
            m, context: "'reading_by_source' of \(what)", allowed: ["field", "recorded", "missing"],
            required: ["field", "recorded", "missing"], diagnostics: &diagnostics)
        guard let name = s.string("field", diagnostics: &diagnostics), let recorded = s.string("recorded", diagnostics: &diagnostics),
            let missing = s.string("missing", diagnostics: &diagnostics)
        else { return nil }
        guard let slot = schema.slot(of: name) else {
            diagnostics.error(
                m["field"]?.location ?? m.location,
                "'\(name)' is not a field of the pack" + Suggestion.hint(for: name, in: schema.fields.map(\.name)))
            return nil
        }
        return Rule.SourceReading(slot: slot, recorded: recorded, missing: missing)
    }
}
