/// The parts of loading a rule around its compilation: the keys that describe it, the compilers its
/// expressions are compiled with, and what the compiled rule reads.
extension RuleLoader {
    /// The compilers of a rule's expressions, by the variables each may read: the as-of date only
    /// (`applies`, `start`), also the clock's start (`end`, `closes`, limits), also its due date
    /// (`lapses`, `exceptions.when`).
    struct Compilers {
        let base: ExpressionCompiler
        let withStart: ExpressionCompiler
        let withDue: ExpressionCompiler

        init(schema: Schema, calendar: HolidayCalendar) {
            base = ExpressionCompiler(schema: schema, calendar: calendar, variables: [.asOf])
            withStart = ExpressionCompiler(schema: schema, calendar: calendar, variables: [.asOf, .start])
            withDue = ExpressionCompiler(schema: schema, calendar: calendar, variables: [.asOf, .start, .due])
        }
    }

    /// The keys that say what a rule is, not what it computes.
    struct Heading {
        var id: String
        var title: String
        var citation: String
        var url: String?
        var certainty: Rule.Certainty?
        var severity: Severity?
        var from: (Day, SourceLocation)?
        var to: (Day, SourceLocation)?
        var message: String
        var timing: Rule.Timing?
    }

    /// Reads a rule's heading, with a located error for an id that is not lower-case words, a `url`
    /// that is not a web address and a `to` before `from`.
    func heading(_ m: YAMLMapping, _ r: MappingReader, what: String, _ diagnostics: inout Diagnostics) -> Heading {
        let id = r.string("id", diagnostics: &diagnostics) ?? ""
        if !id.isEmpty, !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            diagnostics.error(m["id"]?.location ?? m.location, "rule ids are lower-case words joined by '-', not '\(id)'")
        }
        let title = r.string("title", diagnostics: &diagnostics) ?? ""
        let citation = r.string("citation", diagnostics: &diagnostics) ?? ""
        let url = r.string("url", diagnostics: &diagnostics)
        if let url, let problem = WebAddress.problem(url) {
            diagnostics.error(m["url"]?.location ?? m.location, "the 'url' of \(what) \(problem)")
        }
        let certainty = r.choice("certainty", Rule.Certainty.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics)
        let severity = r.choice("severity", Severity.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics)
        let from = r.day("from", diagnostics: &diagnostics)
        let to = r.day("to", diagnostics: &diagnostics)
        if let (f, _) = from, let (t, at) = to, t < f { diagnostics.error(at, "'to' is before 'from'") }
        let message = r.string("message", diagnostics: &diagnostics) ?? ""
        let timing =
            r["timing"] == nil
            ? .deadline : r.choice("timing", [("deadline", Rule.Timing.deadline), ("not-before", .notBefore)], diagnostics: &diagnostics)
        return Heading(
            id: id, title: title, citation: citation, url: url, certainty: certainty, severity: severity, from: from, to: to, message: message,
            timing: timing)
    }

    /// Notes what a compiled rule reads: the fields of its end, start and caveats, the fields it needs
    /// recorded, whether (and how) it reads the as-of date. The evaluator's fast paths, time travel and
    /// coverage rely on them.
    func noteReads(of rule: inout Rule, _ r: MappingReader, _ endParts: EndParts, _ c: Compilers) {
        let (base, withStart, withDue) = (c.base, c.withStart, c.withDue)
        let exceptionWhen = r["exceptions"]?.mapping?["when"]?.scalar
        let isFlag = r["flag"] != nil
        if let endScalar = endParts.scalar {
            rule.needs.end = endRequirement(endParts, base, withStart)
            var fields = withStart.referencedFields(endScalar.text)
            for c in endParts.cases { fields.formUnion(withStart.referencedFields(c.date.text)) }
            rule.endFields = fields.sorted()
        }
        let readingAsOf = Self.expressionKeys.filter { key in Self.scalars(r[key]).contains { withDue.readsAsOf($0) } }
        let exceptionsReadAsOf = exceptionWhen.map { withDue.readsAsOf($0.text) } ?? false
        rule.readsAsOf = isFlag || !readingAsOf.isEmpty || exceptionsReadAsOf
        rule.readsAsOfOnlyToApply = !isFlag && readingAsOf == ["applies"] && !exceptionsReadAsOf
        rule.appliesChangesAtMostOnce = r["applies"]?.scalar.map { base.changesAtMostOnce($0.text) } ?? false
        var read = Set(Self.expressionKeys.flatMap { key in Self.scalars(r[key]).flatMap { withDue.referencedFields($0) } })
        if let slot = rule.exceptionSlot { read.insert(slot) }
        if let text = exceptionWhen?.text { read.formUnion(withDue.referencedFields(text)) }
        for slot in read { if let date = schema.fields[slot].datedBy.flatMap(schema.slot(of:)) { read.insert(date) } }
        rule.readSlots = read.sorted()
        if let text = r["applies"]?.scalar?.text { rule.needs.applies = base.requirement(text) }
        if let startScalar = r["start"]?.scalar, !isFlag {
            rule.startFields = base.referencedFields(startScalar.text).sorted()
            rule.needs.start = base.requirement(startScalar.text)
            // A chain with no start recorded opens at its first end event (a review implies a plan).
            if case .chain(let endSlot) = rule.repeatMode {
                let endCaseSlots = rule.endCases.flatMap(\.slots)
                for slot in [endSlot] + endCaseSlots where !rule.startFields.contains(slot) { rule.startFields.append(slot) }
                rule.needs.start = FieldRequirement.anyOf([rule.needs.start, .field(endSlot)] + endCaseSlots.map { .field($0) })
            }
        }
        var caveats = Set(rule.endedBy?.fields ?? [])
        for key in ["closes", "lapses"] { if let text = r[key]?.scalar?.text { caveats.formUnion(withDue.referencedFields(text)) } }
        if let slot = rule.exceptionSlot { caveats.insert(slot) }
        if let text = exceptionWhen?.text { caveats.formUnion(withDue.referencedFields(text)) }
        rule.needs.caveats = caveats.sorted()
    }

    /// The rule's start, or for a `flag` rule (no clock) its flag and a start that never holds; a flag
    /// rule with a key of a clock is an error at that key.
    func startAndFlag(
        _ m: YAMLMapping, _ r: MappingReader, what: String, _ base: ExpressionCompiler, _ diagnostics: inout Diagnostics
    ) -> (start: TypedExpression?, flag: TypedExpression?) {
        guard let flagScalar = r.scalar("flag", diagnostics: &diagnostics) else {
            let start = r.scalar("start", diagnostics: &diagnostics)
            return (start.flatMap { base.compile($0, expecting: .date, what: "'start' of \(what)", diagnostics: &diagnostics) }, nil)
        }
        for key in ["start", "end", "limit", "repeat", "timing", "lapses", "ended_by", "exceptions", "amber"] where m[key] != nil {
            diagnostics.error(m.keyNode(key)?.location ?? m.location, "a 'flag' rule has no clock, so '\(key)' does not belong in \(what)")
        }
        let flag = base.compile(flagScalar, expecting: .bool, what: "'flag' of \(what)", diagnostics: &diagnostics)
        return (TypedExpression(.date) { _ in .missing }, flag)
    }

    /// `amber:` in days or weeks (14 days when absent).
    func amberDays(_ r: MappingReader, _ diagnostics: inout Diagnostics) -> Int {
        guard let s = r.scalar("amber", diagnostics: &diagnostics) else { return Self.defaultAmberDays }
        if let d = Duration.parse(s.text), let days = d.fixedDays { return days }
        diagnostics.error(s.location, "'amber' must be a number of days or weeks, such as '14 days' or '6 weeks', not '\(s.text)'")
        return Self.defaultAmberDays
    }

    /// The rule's expressions as written, for `explain` and the catalogue.
    func text(
        _ r: MappingReader, _ endParts: EndParts, _ endCases: [Rule.EndCase], endedBy: String?, exceptions: [String],
        _ diagnostics: inout Diagnostics
    ) -> Rule.Text {
        Rule.Text(
            start: r["start"]?.scalar?.text ?? "", flag: r["flag"]?.scalar?.text,
            end: endParts.scalar.map { e in (endCases.map(\.text) + [e.text]).joined(separator: "; otherwise ") },
            applies: r["applies"]?.scalar?.text,
            closes: r["closes"]?.scalar?.text, lapses: r["lapses"]?.scalar?.text,
            endedBy: endedBy, exceptions: exceptions,
            exceptionField: r["exceptions"]?.mapping?["field"]?.scalar?.text, exceptionWhen: r["exceptions"]?.mapping?["when"]?.scalar?.text,
            notes: r.string("notes", diagnostics: &diagnostics))
    }
}
