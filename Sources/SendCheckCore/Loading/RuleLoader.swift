/// Reads and compiles one rule of a pack. See `docs/rules.md` for the language.
struct RuleLoader {
    let pack: PackInfo
    let schema: Schema
    let calendar: HolidayCalendar
    let context: String

    static let keys = [
        "id", "title", "citation", "url", "certainty", "reading", "severity", "from", "to", "start", "end",
        "limit", "timing", "repeat", "applies", "closes", "lapses", "ended_by", "exceptions", "amber", "message", "notes",
        "examples", "flag", "rag", "reading_by_source", "measure",
    ]

    static let defaultAmberDays = 14

    /// The keys whose values are (or hold) expressions.
    static let expressionKeys = ["applies", "closes", "lapses", "start", "end", "flag", "limit", "ended_by"]

    /// Every scalar's text under a node.
    static func scalars(_ node: YAMLNode?) -> [String] {
        switch node {
        case .scalar(let s)?: return [s.text]
        case .mapping(let m)?: return m.entries.flatMap { scalars($0.value) }
        case .sequence(let items, _)?: return items.flatMap { scalars($0) }
        case nil: return []
        }
    }

    /// The DfE statistic the rule feeds (`measure:`); the annual reviews' is counted from a chain's cycles.
    private func measure(_ r: MappingReader, _ repeatMode: Rule.Repeat, what: String, _ diagnostics: inout Diagnostics) -> DfEMeasure? {
        guard r["measure"] != nil else { return nil }
        let measure = r.choice("measure", DfEMeasure.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics)
        var chain = false
        if case .chain = repeatMode { chain = true }
        if measure == .annualReviews, !chain, let at = r["measure"]?.location {
            diagnostics.error(at, "'measure: annual-reviews' counts the cycles of a 'repeat: chain' rule; \(what) is not one")
            return nil
        }
        return measure
    }

    /// Reads and compiles one rule; nil, with located errors, when any part of it is wrong.
    func load(_ node: YAMLNode, diagnostics: inout Diagnostics) -> Rule? {
        guard let m = MappingReader.expectMapping(node, context, diagnostics: &diagnostics) else { return nil }
        let idText = m["id"]?.scalar?.text
        let what = idText.map { "rule '\($0)'" } ?? context
        let r = MappingReader(
            m, context: what, allowed: Self.keys,
            required: ["id", "title", "citation", "certainty", "severity", "from", "message"] + (m["flag"] == nil ? ["start", "limit"] : []),
            diagnostics: &diagnostics)
        let before = diagnostics.errorCount
        let h = heading(m, r, what: what, &diagnostics)
        let (id, from, to) = (h.id, h.from, h.to)
        let compilers = Compilers(schema: schema, calendar: calendar)
        let (base, withStart, withDue) = (compilers.base, compilers.withStart, compilers.withDue)
        let applies = expression("applies", with: base, as: .bool, in: r, &diagnostics)
        let (start, flag) = startAndFlag(m, r, what: what, base, &diagnostics)
        let ragOverrides = loadRAG(r, what: what, &diagnostics)
        let endParts = endParts(r, what: what, &diagnostics)
        let endScalar = endParts.scalar
        let end = endScalar.flatMap { withStart.compile($0, expecting: .date, what: "'end' of \(what)", diagnostics: &diagnostics) }
        let closes = expression("closes", with: withStart, as: .bool, in: r, &diagnostics)
        let lapses = expression("lapses", with: withDue, as: .bool, in: r, &diagnostics)
        let endedBy = loadEndedBy(r, what: what, withStart, &diagnostics)
        let limits = loadLimits(r, what: what, withStart, &diagnostics)
        let repeatMode = loadRepeat(r, start: start, end: end, endScalar: endScalar, what: what, &diagnostics)
        let endCases = endCases(endParts, repeating: repeatMode, what: what, base, withStart, &diagnostics)
        let (exceptionSlot, exceptionCodes, exceptionText) = loadExceptions(r, what: what, &diagnostics)
        let exceptionCondition = r["exceptions"]?.mapping?["when"]?.scalar.flatMap {
            withDue.compile($0, expecting: .bool, what: "'exceptions.when' of \(what)", diagnostics: &diagnostics)
        }
        let sourceReading = sourceReading(r, what: what, &diagnostics)

        let amberDays = amberDays(r, &diagnostics)
        if h.timing == .notBefore, repeatMode != .none, let at = m["repeat"]?.location {
            diagnostics.error(at, "'repeat' cannot be used with 'timing: not-before'")
        }

        guard diagnostics.errorCount == before, let start, let severity = h.severity, let certainty = h.certainty, let (fromDay, _) = from else {
            return nil
        }
        var rule = Rule(
            id: id, title: h.title, pack: pack.id, subjectKind: pack.subject, citation: h.citation, url: h.url,
            certainty: certainty, reading: r.string("reading", diagnostics: &diagnostics), severity: severity,
            effectiveFrom: fromDay, effectiveTo: to?.0, message: h.message, location: m["id"]?.location ?? m.location,
            flag: flag?.evaluate, rag: ragOverrides, applies: applies?.evaluate, closes: closes?.evaluate, lapses: lapses?.evaluate,
            endedBy: endedBy?.0, start: start.evaluate,
            end: repeatMode == .none ? Self.combined(endCases, end?.evaluate) : end?.evaluate, endCases: endCases,
            endSlots: endScalar.flatMap { endSlots($0.text) } ?? [], repeatMode: repeatMode, limits: limits, timing: h.timing ?? .deadline,
            exceptionSlot: exceptionSlot, exceptionCodes: exceptionCodes, exceptionCondition: exceptionCondition?.evaluate,
            sourceReading: sourceReading, amberDays: amberDays,
            amberFromRule: r["amber"] != nil, examples: [],
            text: text(r, endParts, endCases, endedBy: endedBy?.1, exceptions: exceptionText, &diagnostics))
        rule.measure = measure(r, repeatMode, what: what, &diagnostics)
        noteReads(of: &rule, r, endParts, compilers)
        if let node = r["examples"] {
            rule.examples = ExampleLoader(schema: schema, rule: rule).load(node, diagnostics: &diagnostics)
        } else {
            diagnostics.error(rule.location, "\(what) has no worked examples; every rule ships examples that run as tests", code: id)
        }
        return diagnostics.errorCount == before ? rule : nil
    }

    /// `ended_by: {date: cease_date, reason: the plan ceased}`.
    private func loadEndedBy(
        _ r: MappingReader, what: String, _ compiler: ExpressionCompiler, _ diagnostics: inout Diagnostics
    ) -> (Rule.EndedBy, String)? {
        guard let node = r["ended_by"],
            let m = MappingReader.expectMapping(node, "'ended_by' of \(what)", diagnostics: &diagnostics)
        else { return nil }
        let e = MappingReader(
            m, context: "'ended_by' of \(what)", allowed: ["date", "reason"], required: ["date", "reason"], diagnostics: &diagnostics)
        guard let dateScalar = e.scalar("date", diagnostics: &diagnostics),
            let date = compiler.compile(dateScalar, expecting: .date, what: "'ended_by.date' of \(what)", diagnostics: &diagnostics),
            let reason = e.string("reason", diagnostics: &diagnostics)
        else { return nil }
        let fields = compiler.referencedFields(dateScalar.text).sorted()
        return (Rule.EndedBy(date: date.evaluate, reason: reason, fields: fields), dateScalar.text)
    }

    private func expression(
        _ key: String, with compiler: ExpressionCompiler, as type: ValueType, in r: MappingReader,
        _ diagnostics: inout Diagnostics
    ) -> TypedExpression? {
        guard let s = r.scalar(key, diagnostics: &diagnostics) else { return nil }
        return compiler.compile(s, expecting: type, what: "'\(key)' of \(r.context)", diagnostics: &diagnostics)
    }

    private func loadRepeat(
        _ r: MappingReader, start: TypedExpression?, end: TypedExpression?, endScalar: YAMLScalar?, what: String,
        _ diagnostics: inout Diagnostics
    ) -> Rule.Repeat {
        guard let mode = r["repeat"] == nil ? nil : r.choice("repeat", [("each", "each"), ("chain", "chain")], diagnostics: &diagnostics) else {
            return .none
        }
        if mode == "each", end != nil, let slots = endScalar.flatMap({ endSlots($0.text) }) {
            guard let startSlot = start?.fieldSlot else {
                diagnostics.error(r["start"]?.location ?? r.mapping.location, "with 'repeat: each', 'start' of \(what) must be a single date field")
                return .none
            }
            return .each(startSlot: startSlot, endSlot: slots[0])
        }
        guard let endSlot = end?.fieldSlot else {
            diagnostics.error(
                endScalar?.location ?? r.mapping.location,
                "with 'repeat', 'end' of \(what) must be a single date field" + (mode == "each" ? " or 'earliest' of date fields" : ""))
            return .none
        }
        if mode == "each" {
            guard let startSlot = start?.fieldSlot else {
                diagnostics.error(r["start"]?.location ?? r.mapping.location, "with 'repeat: each', 'start' of \(what) must be a single date field")
                return .none
            }
            return .each(startSlot: startSlot, endSlot: endSlot)
        }
        return .chain(endSlot: endSlot)
    }

    private func loadExceptions(
        _ r: MappingReader, what: String, _ diagnostics: inout Diagnostics
    ) -> (Int?, [Int], [String]) {
        guard let node = r["exceptions"] else { return (nil, [], []) }
        guard let m = MappingReader.expectMapping(node, "'exceptions' of \(what)", diagnostics: &diagnostics) else { return (nil, [], []) }
        let e = MappingReader(
            m, context: "'exceptions' of \(what)", allowed: ["field", "codes", "when"], required: ["field", "codes"], diagnostics: &diagnostics)
        guard let fieldName = e.string("field", diagnostics: &diagnostics) else { return (nil, [], []) }
        guard let slot = schema.slot(of: fieldName), case .code(let set) = schema.fields[slot].type else {
            diagnostics.error(
                m["field"]?.location ?? m.location,
                "exceptions 'field' must be a code field; '\(fieldName)' is not one" + Suggestion.hint(for: fieldName, in: schema.fields.map(\.name)))
            return (nil, [], [])
        }
        var codes: [Int] = []
        var names: [String] = []
        for s in e.scalarList("codes", diagnostics: &diagnostics) ?? [] {
            guard let i = set.index(of: s.text) else {
                diagnostics.error(s.location, "'\(s.text)' is not a code of \(fieldName)" + Suggestion.hint(for: s.text, in: set.values))
                continue
            }
            codes.append(i)
            names.append(set.values[i])
        }
        return (slot, codes, names)
    }

    private func loadRAG(_ r: MappingReader, what: String, _ diagnostics: inout Diagnostics) -> [Status: RAG] {
        guard let node = r["rag"], let m = MappingReader.expectMapping(node, "'rag' of \(what)", diagnostics: &diagnostics) else { return [:] }
        _ = MappingReader(m, context: "'rag' of \(what)", allowed: Status.allCases.map(\.rawValue), diagnostics: &diagnostics)
        var out: [Status: RAG] = [:]
        for (key, value) in m.entries {
            guard let status = Status(rawValue: key.text) else { continue }
            guard let s = value.scalar, let rag = RAG(rawValue: s.text) else {
                diagnostics.error(value.location, "the RAG of '\(key.text)' must be red, amber, green or blue")
                continue
            }
            out[status] = rag
        }
        return out
    }

    // MARK: Limits

    private func loadLimits(
        _ r: MappingReader, what: String, _ compiler: ExpressionCompiler, _ diagnostics: inout Diagnostics
    ) -> [Rule.LimitCase] {
        guard let node = r["limit"] else { return [] }
        if let s = node.scalar {
            guard let d = Duration.parse(s.text) else {
                diagnostics.error(
                    s.location,
                    Duration.problem(s.text).map { "'limit' of \(what): \($0)" }
                        ?? "'limit' of \(what) must be a period such as '6 weeks', '12 months' or '15 working days', or a mapping; not '\(s.text)'")
                return []
            }
            return [Rule.LimitCase(condition: nil, limit: .period(d), text: d.description)]
        }
        if let m = node.mapping {
            return limitCase(m, what: what, compiler, isLast: true, &diagnostics).map { [$0] } ?? []
        }
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.error(node.location, "'limit' of \(what) must not be an empty list")
            return []
        }
        var out: [Rule.LimitCase] = []
        for (i, item) in items.enumerated() {
            guard let m = MappingReader.expectMapping(item, "each 'limit' case of \(what)", diagnostics: &diagnostics) else { continue }
            if let c = limitCase(m, what: what, compiler, isLast: i == items.count - 1, &diagnostics) { out.append(c) }
        }
        return out
    }

    private func limitCase(
        _ m: YAMLMapping, what: String, _ compiler: ExpressionCompiler, isLast: Bool, _ diagnostics: inout Diagnostics
    ) -> Rule.LimitCase? {
        let r = MappingReader(
            m, context: "'limit' of \(what)", allowed: ["when", "period", "before", "by", "year", "due"], diagnostics: &diagnostics)
        var condition: CompiledExpression?
        var conditionText = ""
        if let s = r.scalar("when", diagnostics: &diagnostics) {
            condition = compiler.compile(s, expecting: .bool, what: "'when' of the limit of \(what)", diagnostics: &diagnostics)?.evaluate
            conditionText = " when \(s.text)"
        } else if !isLast {
            diagnostics.error(m.location, "every limit case but the last needs a 'when' condition")
        }
        let kinds = ["period", "before", "by", "due"].filter { m[$0] != nil }
        guard kinds.count == 1 else {
            diagnostics.error(
                m.location,
                "a limit needs exactly one of 'period', 'before', 'by' or 'due'" + (kinds.isEmpty ? "" : ", not \(kinds.joined(separator: " and "))"))
            return nil
        }
        switch kinds[0] {
        case "period":
            guard let s = r.scalar("period", diagnostics: &diagnostics) else { return nil }
            guard let d = Duration.parse(s.text) else {
                diagnostics.error(s.location, Duration.problem(s.text) ?? "'\(s.text)' is not a period such as '6 weeks' or '12 months'")
                return nil
            }
            return Rule.LimitCase(condition: condition, limit: .period(d), text: d.description + conditionText)
        case "due":
            guard let s = r.scalar("due", diagnostics: &diagnostics),
                let e = compiler.compile(s, expecting: .date, what: "'due' of \(what)", diagnostics: &diagnostics)
            else { return nil }
            return Rule.LimitCase(condition: condition, limit: .expression(e.evaluate), text: "due \(s.text)" + conditionText)
        default:
            let strict = kinds[0] == "before"
            guard let s = r.scalar(kinds[0], diagnostics: &diagnostics) else { return nil }
            guard let (month, day) = Self.parseDayOfYear(s.text) else {
                diagnostics.error(s.location, "'\(s.text)' is not a day of the year such as '15 February'")
                return nil
            }
            guard let y = r.scalar("year", diagnostics: &diagnostics),
                let year = compiler.compile(y, expecting: .int, what: "'year' of the limit of \(what)", diagnostics: &diagnostics)
            else {
                if m["year"] == nil { diagnostics.error(m.location, "a fixed-date limit needs 'year', an expression giving the calendar year") }
                return nil
            }
            return Rule.LimitCase(
                condition: condition, limit: .fixed(month: month, day: day, year: year.evaluate, strict: strict),
                text: "\(kinds[0]) \(s.text) of \(y.text)" + conditionText)
        }
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// `15 February` -> (2, 15).
    static func parseDayOfYear(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let d = Int(parts[0]),
            let m = monthNames.firstIndex(of: parts[1].lowercased()).map({ $0 + 1 }),
            d >= 1, d <= Day.daysIn(year: 2023, month: m)
        else { return nil }
        return (m, d)
    }
}
