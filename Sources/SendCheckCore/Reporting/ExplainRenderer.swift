/// `sendcheck explain CASE`: a subject's timeline and, rule by rule, how its status was reached.
public enum ExplainRenderer {
    /// Plain-English explanation of every rule for one subject. Fields in `hidden` (personal data,
    /// such as a SEN2 person's date of birth) are used by the rules but never shown.
    public static func render(_ subject: Subject, ruleSet: RuleSet, options: CheckOptions, hidden: Set<String> = []) -> String {
        var out =
            "\(subject.kind.capitalizedFirst) \(Escaping.shown(subject.id)) (\(Escaping.shown(subject.location.path)):\(subject.location.line)), as of \(DayFormat.long(options.asOf))\n\n"
        out += timeline(subject, ruleSet: ruleSet, asOf: options.asOf, hidden: hidden)
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf)
        var buffer: [Value] = []
        evaluator.prepare(subject, into: &buffer)
        var notStarted: [String] = []
        var notApplicable: [String] = []
        for index in ruleSet.ruleIndices(for: subject.kind) {
            let rule = ruleSet.rules[index]
            var outcomes: [Outcome] = []
            buffer.withUnsafeBufferPointer { values in
                evaluator.evaluate(subject, rule: index, values: values) { outcomes.append($0) }
            }
            if outcomes.count == 1, case .notApplicable(_, let reason) = outcomes[0] {
                if reason == .noStart { notStarted.append(rule.id); continue }
                if reason == .conditionFalse { notApplicable.append(rule.id); continue }
            }
            out += "\n\(rule.id): \(rule.title)\n"
            out += "  \(rule.citation) (\(rule.severity.rawValue); source \(rule.certainty.rawValue))\n"
            // How the rule reads the law (and where others read it differently), for the person who asks why.
            if let reading = rule.reading { out += wrapped("Reading: " + reading, indent: "  ", width: 100) }
            let startOfRule = buffer.withUnsafeBufferPointer { rule.start(Scope(values: $0, asOf: options.asOf)) }
            let firstEnd: Day? =
                if case .chain(let endSlot) = rule.repeatMode { subject.occurrences(of: endSlot).first } else { nil }
            for outcome in outcomes {
                switch outcome {
                case .notApplicable(_, let reason):
                    out += "  No finding: the rule \(reason.sentence)"
                    if case .endedBefore = reason, let why = rule.endedBy?.reason { out += " (\(why))" }
                    out += ".\n"
                case .finding(let f):
                    let cycle = cycleStart(f, rule: rule, ruleSet: ruleSet, startOfRule: startOfRule, firstEnd: firstEnd)
                    out += describe(f, rule: rule, ruleSet: ruleSet, options: options, cycle: cycle)
                }
            }
        }
        if !notStarted.isEmpty {
            out += "\nNot started (no start event on or before the as-of date): \(notStarted.joined(separator: ", "))\n"
        }
        if !notApplicable.isEmpty {
            out += "\nNot applicable (the rule's condition is not met): \(notApplicable.joined(separator: ", "))\n"
        }
        return out
    }

    /// `text` as lines of at most `width` characters (a longer word stays whole), each indented.
    static func wrapped(_ text: String, indent: String, width: Int) -> String {
        var out = ""
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                out += indent + line + "\n"
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { out += indent + line + "\n" }
        return out
    }

    private static func timeline(_ subject: Subject, ruleSet: RuleSet, asOf: Day, hidden: Set<String>) -> String {
        guard let schema = ruleSet.schemas[subject.kind] else { return "" }
        var events: [(Day, String)] = []
        var withheld: [String] = []
        for slot in schema.dateSlots {
            let name = schema.fields[slot].name
            if hidden.contains(name) {
                if !subject.occurrences(of: slot).isEmpty { withheld.append(name) }
                continue
            }
            for d in subject.occurrences(of: slot) { events.append((d, name)) }
        }
        events.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out = "Timeline:\n"
        if events.isEmpty { out += "  (no dated events)\n" }
        for (d, name) in events {
            out += "  \(DayFormat.long(d).padding(16))  \(name)\(d > asOf ? "  (after the as-of date: not counted)" : "")\n"
        }
        var other: [String] = []
        var unread = Set<String>()
        for entry in subject.raw where !entry.value.trimmingSpaces.isEmpty {
            // A column no rule reads (a name, an address) is never shown: it may identify the child.
            guard let name = entry.field else {
                unread.insert(entry.name)
                continue
            }
            guard let field = schema.field(name) else {
                other.append("  \(Escaping.shown(entry.name)): \(Escaping.shown(entry.value))")
                continue
            }
            if case .failure(let problem) = field.parser().parse(entry.value) {
                other.append("  \(Escaping.shown(entry.name)): \(Escaping.shown(entry.value))  (cannot be read: \(problem))")
            } else if field.type != .date {
                other.append("  \(Escaping.shown(entry.name)): \(Escaping.shown(entry.value))")
            }
        }
        if !other.isEmpty { out += "Other fields:\n" + other.joined(separator: "\n") + "\n" }
        if !withheld.isEmpty { out += "Recorded but not shown (personal data): \(withheld.joined(separator: ", "))\n" }
        if !unread.isEmpty {
            out += "Columns no rule reads, not shown: \(unread.count) (\(unread.sorted().map { Escaping.shown($0) }.joined(separator: ", ")))\n"
        }
        return out
    }

    /// How a later cycle of a chained duty started, when its start is not the rule's own start.
    private static func cycleStart(_ f: Finding, rule: Rule, ruleSet: RuleSet, startOfRule: Value, firstEnd: Day?) -> String? {
        guard case .chain(let endSlot) = rule.repeatMode, let s = f.start, let schema = ruleSet.schemas[rule.subjectKind] else { return nil }
        let endName = schema.fields[endSlot].name
        if case .date(let a) = startOfRule {
            return a == s ? nil : "a later cycle: the \(endName) of \(DayFormat.long(s)) ended the cycle before and opened this one"
        }
        if s == firstEnd { return "no \(rule.text.start) recorded: the first \(endName), which shows a plan exists, opens the chain" }
        return "a later cycle: the \(endName) of \(DayFormat.long(s)) ended the cycle before and opened this one"
    }

    private static func describe(_ f: Finding, rule: Rule, ruleSet: RuleSet, options: CheckOptions, cycle: String?) -> String {
        var out = ""
        if let s = f.start {
            if let cycle {
                out += "  Start: \(DayFormat.long(s)) (\(cycle))\n"
            } else {
                out += "  Start: \(DayFormat.long(s)) (start: \(rule.text.start))\n"
            }
        }
        if let d = f.due {
            let word = rule.timing == .notBefore ? "Earliest lawful day" : "Due"
            out += "  Limit: \(rule.limitText), so \(word.lowercased()): \(DayFormat.long(d))\n"
        }
        if let c = f.completed, f.detail == .ended {
            let reason = rule.endedBy?.reason ?? "the clock ended"
            out += "  End: \(DayFormat.long(c)): ended, \(reason) (\(rule.text.endedBy ?? "ended_by")), with the step not done\n"
        } else if let c = f.completed {
            out += "  End: \(DayFormat.long(c))\(rule.text.end.map { " (end: \($0))" } ?? "")\n"
        } else if f.status != .invalid {
            let looked = rule.text.end.map { "looked for \($0), " } ?? ""
            out += "  End: not recorded (\(looked)on or after the start and on or before the as-of date)\n"
        }
        let rag = options.rag.rag(f.status, for: rule)
        out += "  Status: \(f.status.rawValue) (\(rag.rawValue))"
        switch f.status {
        case .met: out += ": done in time."
        case .breached where f.detail == .ended:
            out += f.daysLate(asOf: options.asOf).map { ": the step was \($0) days late when the clock ended. \(rule.message)." } ?? "."
        case .pending: out += f.due.map { ": \(options.asOf.days(to: $0)) days left." } ?? "."
        case .dueSoon: out += f.due.map { ": due within the amber window, \(options.asOf.days(to: $0)) days left." } ?? "."
        case .breached where (f.completed ?? options.asOf) < (f.due ?? options.asOf):
            out += ": done before the earliest lawful day. \(rule.message)."
        case .overdue, .breached: out += f.daysLate(asOf: options.asOf).map { ": \($0) days late. \(rule.message)." } ?? "."
        case .excepted: out += ": late, but a recognised exception is recorded."
        case .invalid where f.detail == .flagged: out += ": \(rule.message)."
        case .invalid: out += ": the recorded data cannot be used (they contradict themselves or cannot be read)."
        }
        if let note = f.note(in: ruleSet) { out += " (\(note))" }
        out += "\n"
        if options.isHistory(f) {
            out += "  (Ended before \(options.since), so `check` treats it as history and does not report it.)\n"
        }
        return out
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
