/// Evaluates compiled rules against subjects as of a date (`docs/semantics.md` section 2).
///
/// Pure and synchronous: the as-of date is an input, and the caller supplies a scratch buffer so the
/// hot path allocates nothing per subject.
public struct Evaluator: Sendable {
    public let ruleSet: RuleSet
    public let asOf: Day
    private let masks: [String: Mask]

    /// Which slots hold dates, and which codes only count once their date has happened.
    struct Mask: Sendable {
        var dateSlots: [Int]
        var datedCodes: [(Int, Int)]
    }

    public init(ruleSet: RuleSet, asOf: Day) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        var masks: [String: Mask] = [:]
        for (kind, schema) in ruleSet.schemas {
            masks[kind] = Mask(dateSlots: schema.dateSlots, datedCodes: schema.datedCodes)
        }
        self.masks = masks
    }

    /// Copies the subject's values into `buffer` as they stood on the as-of date: any date after it,
    /// and any code whose deciding date is after it, is treated as not having happened.
    public func prepare(_ subject: Subject, into buffer: inout [Value]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: subject.values)
        guard let mask = masks[subject.kind] else { return }
        let t = asOf
        for slot in mask.dateSlots where slot < buffer.count {
            if let h = subject.history[slot] {
                buffer[slot] = h.last(where: { $0 <= t }).map(Value.date) ?? .missing
            } else if case .date(let d) = buffer[slot], d > t {
                buffer[slot] = .missing
            }
        }
        for (code, date) in mask.datedCodes where code < buffer.count {
            if case .date(let d) = subject.values[date], d > t, subject.history[date] == nil {
                buffer[code] = .missing
            }
        }
    }

    /// Evaluates rule `index` for a prepared subject, calling `emit` once per finding or reason.
    public func evaluate(
        _ subject: Subject, rule index: Int, values: UnsafeBufferPointer<Value>, emit: (Outcome) -> Void
    ) {
        let rule = ruleSet.rules[index]
        var scope = Scope(values: values, asOf: asOf)
        if let applies = rule.applies {
            switch applies(scope) {
            case .bool(true): break
            case .invalid: return emit(.finding(invalid(rule: index, subject, start: nil, due: nil, note: "a value the rule's condition reads is invalid")))
            default: return emit(.notApplicable(rule: index, reason: .conditionFalse))
            }
        }
        switch rule.repeatMode {
        case .none:
            let start = rule.start(scope)
            switch start {
            case .date(let s): clock(index, rule, subject, &scope, start: s, end: nil, useEndExpression: true, emit)
            case .invalid: emit(.finding(invalid(rule: index, subject, start: nil, due: nil, note: "the start date is invalid")))
            default: emit(.notApplicable(rule: index, reason: .noStart))
            }
        case .each(let startSlot, let endSlot):
            let starts = subject.occurrences(of: startSlot).filter { $0 <= asOf }
            if starts.isEmpty {
                if values[startSlot] == .invalid {
                    return emit(.finding(invalid(rule: index, subject, start: nil, due: nil, note: "the start date is invalid")))
                }
                return emit(.notApplicable(rule: index, reason: .noStart))
            }
            let ends = subject.occurrences(of: endSlot).filter { $0 <= asOf }
            for (i, s) in starts.enumerated() {
                let next = i + 1 < starts.count ? starts[i + 1] : nil
                let end = ends.first { e in e >= s && (next.map { e < $0 } ?? true) }
                clock(index, rule, subject, &scope, start: s, end: end, useEndExpression: false, emit)
            }
        case .chain(let endSlot):
            let anchor = rule.start(scope)
            guard case .date(let a) = anchor else {
                if anchor == .invalid { return emit(.finding(invalid(rule: index, subject, start: nil, due: nil, note: "the start date is invalid"))) }
                return emit(.notApplicable(rule: index, reason: .noStart))
            }
            let ends = subject.occurrences(of: endSlot).filter { $0 >= a && $0 <= asOf }
            var cycleStart = a
            if subject.completeHistory {
                for e in ends {
                    clock(index, rule, subject, &scope, start: cycleStart, end: e, useEndExpression: false, emit)
                    cycleStart = e
                }
            } else if let last = ends.last {
                cycleStart = last
            }
            clock(index, rule, subject, &scope, start: cycleStart, end: nil, useEndExpression: false, emit)
        }
    }

    /// Runs one clock from `start`: in force, closes, due date, lapses, end event, status.
    private func clock(
        _ index: Int, _ rule: Rule, _ subject: Subject, _ scope: inout Scope, start s: Day, end fixedEnd: Day?,
        useEndExpression: Bool, _ emit: (Outcome) -> Void
    ) {
        guard s <= asOf else { return emit(.notApplicable(rule: index, reason: .noStart)) }
        guard rule.inForce(on: s) else { return emit(.notApplicable(rule: index, reason: .notInForce(start: s))) }
        scope.start = s
        if let closes = rule.closes {
            switch closes(scope) {
            case .bool(true): return emit(.notApplicable(rule: index, reason: .closed(start: s)))
            case .invalid: return emit(.finding(invalid(rule: index, subject, start: s, due: nil, note: "a value the rule's closing condition reads is invalid")))
            default: break
            }
        }
        let due: Day
        switch dueDate(rule, scope, start: s) {
        case .date(let d): due = d
        case .invalid: return emit(.finding(invalid(rule: index, subject, start: s, due: nil, note: "the due date cannot be computed from invalid data")))
        default: return emit(.notApplicable(rule: index, reason: .noDue(start: s)))
        }
        scope.due = due
        if let lapses = rule.lapses {
            switch lapses(scope) {
            case .bool(true): return emit(.notApplicable(rule: index, reason: .lapsed(start: s, due: due)))
            case .invalid: return emit(.finding(invalid(rule: index, subject, start: s, due: due, note: "a value the rule's lapse condition reads is invalid")))
            default: break
            }
        }
        if subject.recorded != nil, !rule.endFields.isEmpty, !rule.endFields.contains(where: subject.records) {
            let names = ruleSet.schemas[rule.subjectKind].map { s in rule.endFields.map { s.fields[$0].name } } ?? []
            return emit(.notApplicable(rule: index, reason: .notRecorded(fields: names)))
        }
        var end = fixedEnd
        if useEndExpression, let endExpression = rule.end {
            switch endExpression(scope) {
            case .date(let e): end = e
            case .invalid: return emit(.finding(invalid(rule: index, subject, start: s, due: due, note: "the end date is invalid")))
            default: end = nil
            }
        }
        if let e = end, e < s {
            return emit(.finding(invalid(rule: index, subject, start: s, due: due, note: "the end date \(e) is before the start date \(s)")))
        }
        var status = Self.status(timing: rule.timing, due: due, end: end, asOf: asOf, amberDays: rule.amberDays)
        var note: String?
        if status == .overdue || status == .breached, let slot = rule.exceptionSlot, case .code(let c) = scope.values[slot],
            rule.exceptionCodes.contains(c)
        {
            status = .excepted
            if case .code(let set) = ruleSet.schemas[rule.subjectKind]?.fields[slot].type {
                note = "exception recorded: \(set.values[c])"
            }
        }
        emit(.finding(Finding(rule: index, subject: subject.id, kind: subject.kind, location: subject.location, status: status, start: s, due: due, completed: end, note: note)))
    }

    private func dueDate(_ rule: Rule, _ scope: Scope, start: Day) -> Value {
        for c in rule.limits {
            if let condition = c.condition {
                switch condition(scope) {
                case .bool(true): break
                case .invalid: return .invalid
                default: continue
                }
            }
            switch c.limit {
            case .period(let d): return .date(d.deadline(from: start, calendar: ruleSet.calendar))
            case .expression(let f): return f(scope)
            case .fixed(let month, let day, let yearExpression, let strict):
                guard case .int(let year) = yearExpression(scope) else { return yearExpression(scope) }
                guard let d = Day(year: year, month: month, day: day) else { return .invalid }
                return .date(strict ? d.adding(days: -1) : d)
            }
        }
        return .missing
    }

    /// The status table of `docs/semantics.md` section 2 (before exceptions).
    public static func status(timing: Rule.Timing, due: Day, end: Day?, asOf: Day, amberDays: Int) -> Status {
        if timing == .notBefore {
            guard let end else { return .pending }
            return end < due ? .breached : .met
        }
        if let end { return end <= due ? .met : .breached }
        if asOf > due { return .overdue }
        if asOf >= due.adding(days: -amberDays) { return .dueSoon }
        return .pending
    }

    private func invalid(rule: Int, _ subject: Subject, start: Day?, due: Day?, note: String) -> Finding {
        Finding(rule: rule, subject: subject.id, kind: subject.kind, location: subject.location, status: .invalid, start: start, due: due, completed: nil, note: note)
    }
}
