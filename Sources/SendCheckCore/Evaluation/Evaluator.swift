/// Evaluates compiled rules against subjects as of a date (`docs/semantics.md` section 2).
///
/// Pure and synchronous: the as-of date is an input, and the caller supplies a scratch buffer so the
/// hot path allocates nothing per subject.
public struct Evaluator: Sendable {
    public let ruleSet: RuleSet
    public let asOf: Day
    private let programs: [RuleProgram]
    private let masks: [String: Mask]

    /// Which slots hold dates, and which codes only count once their date has happened.
    struct Mask: Sendable {
        var dateSlots: [Int]
        var datedCodes: [(Int, Int)]
    }

    public init(ruleSet: RuleSet, asOf: Day) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        programs = ruleSet.rules.map { RuleProgram($0, schema: ruleSet.schemas[$0.subjectKind]) }
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
        let hasHistory = !subject.history.isEmpty
        for slot in mask.dateSlots where slot < buffer.count {
            if hasHistory, let h = subject.history[slot] {
                buffer[slot] = h.last(where: { $0 <= t }).map(Value.date) ?? .missing
            } else if case .date(let d) = buffer[slot], d > t {
                buffer[slot] = .missing
            }
        }
        for (code, date) in mask.datedCodes where code < buffer.count {
            if case .date(let d) = subject.values[date], d > t, !hasHistory || subject.history[date] == nil {
                buffer[code] = .missing
            }
        }
    }

    /// Evaluates rule `index` for a prepared subject, calling `emit` once per finding or reason.
    public func evaluate(
        _ subject: Subject, rule index: Int, values: UnsafeBufferPointer<Value>, emit: (Outcome) -> Void
    ) {
        withoutActuallyEscaping(emit) { emit in run(subject, rule: index, values: values, emit: emit) }
    }

    private func run(
        _ subject: Subject, rule index: Int, values: UnsafeBufferPointer<Value>, emit: @escaping (Outcome) -> Void
    ) {
        let program = programs[index]
        var clock = Clock(
            index: index, program: program, id: subject.id, line: Int32(truncatingIfNeeded: subject.location.line),
            recorded: subject.recorded, asOf: asOf, calendar: ruleSet.calendar, scope: Scope(values: values, asOf: asOf), emit: emit)
        if let applies = program.applies {
            switch applies(clock.scope) {
            case .bool(true): break
            case .invalid: return clock.invalid(.invalidCondition, start: nil, due: nil)
            default: return emit(.notApplicable(rule: index, reason: .conditionFalse))
            }
        }
        switch program.repeatMode {
        case .none:
            switch program.start(clock.scope) {
            case .date(let s): clock.run(start: s, end: nil, useEndExpression: true)
            case .invalid: clock.invalid(.invalidStart, start: nil, due: nil)
            default: emit(.notApplicable(rule: index, reason: .noStart))
            }
        case .each(let startSlot, let endSlot):
            if subject.history.isEmpty {
                // Latest-value data: at most one start and one end.
                guard case .date(let s) = values[startSlot] else {
                    if values[startSlot] == .invalid { return clock.invalid(.invalidStart, start: nil, due: nil) }
                    return emit(.notApplicable(rule: index, reason: .noStart))
                }
                var end: Day?
                if case .date(let e) = values[endSlot], e >= s { end = e }
                return clock.run(start: s, end: end, useEndExpression: false)
            }
            let starts = subject.occurrences(of: startSlot).filter { $0 <= asOf }
            if starts.isEmpty {
                if values[startSlot] == .invalid { return clock.invalid(.invalidStart, start: nil, due: nil) }
                return emit(.notApplicable(rule: index, reason: .noStart))
            }
            let ends = subject.occurrences(of: endSlot).filter { $0 <= asOf }
            for (i, s) in starts.enumerated() {
                let next = i + 1 < starts.count ? starts[i + 1] : nil
                let end = ends.first { e in e >= s && (next.map { e < $0 } ?? true) }
                clock.run(start: s, end: end, useEndExpression: false)
            }
        case .chain(let endSlot):
            let anchor = program.start(clock.scope)
            guard case .date(let a) = anchor else {
                if anchor == .invalid { return clock.invalid(.invalidStart, start: nil, due: nil) }
                return emit(.notApplicable(rule: index, reason: .noStart))
            }
            var cycleStart = a
            if subject.completeHistory {
                for e in subject.occurrences(of: endSlot) where e >= a && e <= asOf {
                    clock.run(start: cycleStart, end: e, useEndExpression: false)
                    cycleStart = e
                }
            } else if case .date(let last) = values[endSlot], last >= a {
                cycleStart = last
            }
            clock.run(start: cycleStart, end: nil, useEndExpression: false)
        }
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
}

/// One clock of one rule for one subject: in force, closes, due date, lapses, end event, status.
private struct Clock {
    let index: Int
    let program: RuleProgram
    let id: String
    let line: Int32
    let recorded: FieldPresence?
    let asOf: Day
    let calendar: HolidayCalendar
    var scope: Scope
    let emit: (Outcome) -> Void

    func invalid(_ detail: Finding.Detail, start: Day?, due: Day?) {
        emit(.finding(Finding(rule: index, subject: id, line: line, status: .invalid, start: start, due: due, completed: nil, detail: detail)))
    }

    mutating func run(start s: Day, end fixedEnd: Day?, useEndExpression: Bool) {
        guard s <= asOf else { return emit(.notApplicable(rule: index, reason: .noStart)) }
        guard program.inForce(on: s) else { return emit(.notApplicable(rule: index, reason: .notInForce(start: s))) }
        scope.start = s
        if let closes = program.closes {
            switch closes(scope) {
            case .bool(true): return emit(.notApplicable(rule: index, reason: .closed(start: s)))
            case .invalid: return invalid(.invalidClosing, start: s, due: nil)
            default: break
            }
        }
        let due: Day
        switch dueDate(start: s) {
        case .date(let d): due = d
        case .invalid: return invalid(.invalidDue, start: s, due: nil)
        default: return emit(.notApplicable(rule: index, reason: .noDue(start: s)))
        }
        scope.due = due
        if let lapses = program.lapses {
            switch lapses(scope) {
            case .bool(true): return emit(.notApplicable(rule: index, reason: .lapsed(start: s, due: due)))
            case .invalid: return invalid(.invalidLapse, start: s, due: due)
            default: break
            }
        }
        if let recorded, !program.endFields.isEmpty, !program.endFields.contains(where: recorded.has) {
            return emit(.notApplicable(rule: index, reason: .notRecorded(fields: program.endFieldNames)))
        }
        var end = fixedEnd
        if useEndExpression, let endExpression = program.end {
            switch endExpression(scope) {
            case .date(let e): end = e
            case .invalid: return invalid(.invalidEnd, start: s, due: due)
            default: end = nil
            }
        }
        if let e = end, e < s { return invalid(.endBeforeStart(end: e), start: s, due: due) }
        var status = Evaluator.status(timing: program.timing, due: due, end: end, asOf: asOf, amberDays: program.amberDays)
        var detail = Finding.Detail.none
        if status == .overdue || status == .breached, let slot = program.exceptionSlot, case .code(let c) = scope.values[slot],
            program.exceptionCodes.contains(c)
        {
            status = .excepted
            detail = .exception(code: c)
        }
        emit(.finding(Finding(rule: index, subject: id, line: line, status: status, start: s, due: due, completed: end, detail: detail)))
    }

    private func dueDate(start: Day) -> Value {
        for c in program.limits {
            if let condition = c.condition {
                switch condition(scope) {
                case .bool(true): break
                case .invalid: return .invalid
                default: continue
                }
            }
            switch c.limit {
            case .period(let d): return .date(d.deadline(from: start, calendar: calendar))
            case .expression(let f): return f(scope)
            case .fixed(let month, let day, let yearExpression, let strict):
                guard case .int(let year) = yearExpression(scope) else { return yearExpression(scope) }
                guard let d = Day(year: year, month: month, day: day) else { return .invalid }
                return .date(strict ? d.adding(days: -1) : d)
            }
        }
        return .missing
    }
}
