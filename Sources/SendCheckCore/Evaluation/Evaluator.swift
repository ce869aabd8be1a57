/// Evaluates compiled rules against subjects as of a date (`docs/semantics.md` section 2).
///
/// Pure and synchronous: the as-of date is an input, and the caller supplies a scratch buffer so the
/// hot path allocates nothing per subject. What the hot path reads per rule (its program, its start
/// fields) is kept in `FlatArray`s written once in `init`, read without reference counting, so
/// sharing an evaluator between threads is safe. A clock's status is decided by `Clock`.
public final class Evaluator: @unchecked Sendable {
    public let ruleSet: RuleSet
    public let asOf: Day
    /// Whether to report why a rule gave no finding (`explain` wants it; a check run only needs
    /// `notRecorded`, and skipping the rest saves millions of calls at national scale).
    public let reasons: Bool
    private let calendar: HolidayCalendar
    private let programs: [RuleProgram]
    /// Per rule, the start fields that, all blank, mean the rule has not started: a run of
    /// `blankStarts` (flat, so the check reads no reference-counted storage), empty when no such skip
    /// is allowed. Decided exactly: the start is evaluated once with every field blank as of this
    /// evaluator's date (it then depends on nothing else), and skipping is allowed only when that
    /// gives no date.
    private let blankStarts: FlatArray<Int>
    private let blankStartRuns: FlatArray<Range<Int>>
    /// Per rule, every field it reads (`Rule.readSlots`), flat like `blankStarts`: a rule that reads an
    /// unreadable value gives `invalid`, never a status computed as if the value were blank.
    private let readSlots: FlatArray<Int>
    private let readSlotRuns: FlatArray<Range<Int>>
    /// `programs`, flat, to borrow in the hot path without retaining.
    private let programRefs: FlatArray<RuleProgram>
    /// The subject kinds, each with a mask saying which slots hold dates and which codes only count
    /// once their date has happened (a handful of kinds, so a linear search on short strings beats
    /// hashing per subject).
    private let maskKinds: [String]
    /// The masks, flat for `prepare` (no arrays retained per subject): per kind its run of date slots
    /// in `maskSlots` and its run of (code slot, date slot) pairs in `maskCodes`.
    private let maskRuns: FlatArray<(slots: Range<Int>, codes: Range<Int>)>
    private let maskSlots: FlatArray<Int>
    private let maskCodes: FlatArray<(Int, Int)>

    public convenience init(ruleSet: RuleSet, asOf: Day, reasons: Bool = true) {
        self.init(ruleSet: ruleSet, asOf: asOf, reasons: reasons, programs: Self.programs(ruleSet))
    }

    /// An evaluator running programs already made (`programs(_:)`), shared with others over the same
    /// rule set (time travel keeps one evaluator per date).
    init(ruleSet: RuleSet, asOf: Day, reasons: Bool, programs: [RuleProgram]) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        self.reasons = reasons
        calendar = ruleSet.calendar
        self.programs = programs
        var starts: [Int] = []
        let runs = programs.map { p in
            let from = starts.count
            let blank = [Value](repeating: .missing, count: ruleSet.schemas[p.subjectKind]?.fields.count ?? 0)
            if blank.withUnsafeBufferPointer({ p.start(Scope(values: $0, asOf: asOf)) }) == .missing { starts += p.startFields }
            return from..<starts.count
        }
        blankStartRuns = FlatArray(runs)
        blankStarts = FlatArray(starts)
        let read = ruleSet.rules.flatMap(\.readSlots)
        var readRuns: [Range<Int>] = []
        for rule in ruleSet.rules { readRuns.append((readRuns.last?.upperBound ?? 0)..<(readRuns.last?.upperBound ?? 0) + rule.readSlots.count) }
        readSlots = FlatArray(read)
        readSlotRuns = FlatArray(readRuns)
        programRefs = FlatArray(programs)
        let schemas = Array(ruleSet.schemas)
        maskKinds = schemas.map(\.key)
        let slots = schemas.flatMap(\.value.dateSlots)
        let codes = schemas.flatMap(\.value.datedCodes)
        var maskRunList: [(slots: Range<Int>, codes: Range<Int>)] = []
        var (s, c) = (0, 0)
        for (_, schema) in schemas {
            maskRunList.append((s..<s + schema.dateSlots.count, c..<c + schema.datedCodes.count))
            s += schema.dateSlots.count
            c += schema.datedCodes.count
        }
        maskRuns = FlatArray(maskRunList)
        maskSlots = FlatArray(slots)
        maskCodes = FlatArray(codes)
    }

    /// The programs of a rule set's rules, in order.
    static func programs(_ ruleSet: RuleSet) -> [RuleProgram] {
        ruleSet.rules.map { RuleProgram($0, schema: ruleSet.schemas[$0.subjectKind]) }
    }

    /// Copies the subject's values into `buffer` as they stood on the as-of date: any date after it,
    /// and any code whose deciding date is after it, is treated as not having happened.
    public func prepare(_ subject: Subject, into buffer: inout [Value]) {
        prepare(subject, mask: maskIndex(for: subject.kind), into: &buffer)
    }

    /// Which of this evaluator's masks serves subjects of a kind (look it up once per kind).
    public func maskIndex(for kind: String) -> Int? { maskKinds.firstIndex(of: kind) }

    /// `prepare(_:into:)` with the kind's mask already looked up.
    public func prepare(_ subject: Subject, mask index: Int?, into buffer: inout [Value]) {
        let count = subject.values.count
        if buffer.count != count { buffer = [Value](repeating: .missing, count: count) }
        buffer.withUnsafeMutableBufferPointer { prepare(subject, mask: index, into: $0) }
    }

    /// `prepare(_:into:)` into storage the caller owns, of exactly the subject's count of values.
    public func prepare(_ subject: Subject, mask index: Int?, into out: UnsafeMutableBufferPointer<Value>) {
        let count = subject.values.count
        precondition(out.count == count, "a prepared buffer holds one value per field")
        guard count > 0 else { return }
        let t = asOf
        let hasHistory = !subject.history.isEmpty
        subject.values.withUnsafeBufferPointer { values in
            out.baseAddress!.update(from: values.baseAddress!, count: count)
            guard let index else { return }
            let run = maskRuns[index]
            for i in run.slots {
                let slot = maskSlots[i]
                guard slot < count else { continue }
                if case .date(let d) = out[slot], d > t { out[slot] = .missing }
            }
            for i in run.codes {
                let (code, date) = maskCodes[i]
                guard code < count && date < count else { continue }
                if case .date(let d) = values[date], d > t, !hasHistory || subject.history[date] == nil {
                    out[code] = .missing
                }
            }
            guard hasHistory else { return }
            // A field with a history stands at its last occurrence on or before the as-of date. One
            // unreadable occurrence makes the field unreadable: it could hide a cycle.
            for (slot, days) in subject.history where slot < count && !values[slot].isInvalid {
                out[slot] = days.last(where: { $0 <= t }).map(Value.date) ?? .missing
            }
        }
    }

    /// Whether rule `index` has certainly not started for a prepared subject: its start reads only
    /// fields that are blank here (and this evaluator gives no reasons). Evaluating it would emit nothing.
    @inline(__always)
    public func notStarted(_ index: Int, _ values: UnsafeBufferPointer<Value>) -> Bool { !reasons && startsBlank(index, values) }

    /// The fields whose being all blank means rule `index` has not started (nil when no such skip is
    /// allowed, or when this evaluator gives reasons), for callers that test many rules at once.
    public func blankStartFields(_ index: Int) -> [Int]? {
        let run = blankStartRuns[index]
        guard !reasons, !run.isEmpty else { return nil }
        return run.map { blankStarts[$0] }
    }

    /// Whether rule `index` may be skipped as not started: its start fields are all blank here.
    @inline(__always)
    private func startsBlank(_ index: Int, _ values: UnsafeBufferPointer<Value>) -> Bool {
        let run = blankStartRuns[index]
        guard !run.isEmpty else { return false }
        for i in run where !values[blankStarts[i]].isMissing { return false }
        return true
    }

    /// Evaluates rule `index` for a prepared subject, calling `emit` once per finding or reason.
    /// `started`: the caller has already found that the rule is not skipped as not started.
    public func evaluate(
        _ subject: Subject, rule index: Int, values: UnsafeBufferPointer<Value>, started: Bool = false, emit: (Outcome) -> Void
    ) {
        // Borrowed from its buffer: taking it out retained and released the program on every call.
        programRefs.withElement(index) { program in
            evaluate(subject, rule: index, program: program, values: values, started: started, emit: emit)
        }
    }

    private func evaluate(
        _ subject: Subject, rule index: Int, program: RuleProgram, values: UnsafeBufferPointer<Value>, started: Bool,
        emit: (Outcome) -> Void
    ) {
        // Fast path: a rule whose start reads only fields this subject does not have has not started.
        if !started, startsBlank(index, values) {
            return skip(emit, index, .noStart)
        }
        let line = Int32(truncatingIfNeeded: subject.location.line)
        // No local functions here: one capturing `scope` would box it on the heap on every call.
        var scope = Scope(values: values, asOf: asOf)
        if let applies = program.applies {
            switch applies(scope) {
            case .bool(true): break
            case .invalid: return emitInvalid(emit, rule: index, subject: subject, .invalidCondition)
            default: return skip(emit, index, .conditionFalse)
            }
        }
        if let flag = program.flag {
            guard program.inForce(on: asOf) else { return skip(emit, index, .notInForce(start: asOf)) }
            switch flag(scope) {
            case .bool(true):
                emit(
                    .finding(
                        Finding(
                            rule: index, subject: subject.id, line: line, status: .invalid, start: nil, due: nil, completed: nil, detail: .flagged)))
            case .invalid: emitInvalid(emit, rule: index, subject: subject, .invalidCondition)
            default: skip(emit, index, .conditionFalse)
            }
            return
        }
        // A repeating duty with an unreadable field is one invalid finding, not one per cycle.
        if program.repeatMode != .none, let slot = firstUnreadable(index, values) {
            return emitInvalid(emit, rule: index, subject: subject, .invalidField(slot: slot))
        }
        switch program.repeatMode {
        case .none: once(rule: index, program: program, subject: subject, scope: &scope, emit: emit)
        case .each(let startSlot, _): each(rule: index, program: program, subject: subject, startSlot: startSlot, scope: &scope, emit: emit)
        case .chain: chain(rule: index, program: program, subject: subject, scope: &scope, emit: emit)
        }
    }

    /// A rule that does not repeat: one clock from its start.
    private func once(
        rule index: Int, program: RuleProgram, subject: Subject, scope: inout Scope, emit: (Outcome) -> Void
    ) {
        let values = scope.values
        switch program.start(scope) {
        case .date(let s):
            run(rule: index, program: program, subject: subject, scope: &scope, span: Span(start: s, end: nil, endFromExpression: true), emit: emit)
        case .invalid: emitInvalid(emit, rule: index, subject: subject, invalidStart(index, values))
        default: skip(emit, index, .noStart)
        }
    }

    /// `repeat: each`: a clock per occurrence of the start field, each ended by the first end after it.
    private func each(
        rule index: Int, program: RuleProgram, subject: Subject, startSlot: Int, scope: inout Scope, emit: (Outcome) -> Void
    ) {
        let values = scope.values
        // The latest cycle ends at the fields of the first end case whose condition holds.
        guard let latestEnds = chosenEnds(program, scope) else { return emitInvalid(emit, rule: index, subject: subject, .invalidEnd) }
        let defaultEnds = program.endSlots
        if !subject.hasHistory(startSlot), !latestEnds.contains(where: subject.hasHistory), !defaultEnds.contains(where: subject.hasHistory) {
            // Latest-value data: at most one start, and one occurrence of each end field.
            guard case .date(let s) = values[startSlot] else {
                if values[startSlot].isInvalid { return emitInvalid(emit, rule: index, subject: subject, invalidStart(index, values)) }
                return skip(emit, index, .noStart)
            }
            var end: Day?
            for slot in latestEnds { if case .date(let e) = values[slot], e >= s, end.map({ e < $0 }) ?? true { end = e } }
            return run(
                rule: index, program: program, subject: subject, scope: &scope, span: Span(start: s, end: end, endFromExpression: false), emit: emit)
        }
        let starts = subject.occurrences(of: startSlot, upTo: asOf)
        if starts.isEmpty {
            if values[startSlot].isInvalid { return emitInvalid(emit, rule: index, subject: subject, invalidStart(index, values)) }
            return skip(emit, index, .noStart)
        }
        // Each start takes the first end on or after it and before the next start (both in date order).
        let ends = occurrences(subject, defaultEnds)
        // The subject's latest start of all: only its cycle is the one an end case speaks of.
        let latestStart = latestEnds == defaultEnds ? nil : subject.occurrences(of: startSlot).last
        var j = 0
        for i in starts.indices {
            let s = starts[i]
            var end: Day?
            if i + 1 == starts.count, s == latestStart {
                end = occurrences(subject, latestEnds).first { $0 >= s }
            } else {
                while j < ends.count, ends[j] < s { j += 1 }
                end = j < ends.count && (i + 1 == starts.count || ends[j] < starts[i + 1]) ? ends[j] : nil
            }
            run(rule: index, program: program, subject: subject, scope: &scope, span: Span(start: s, end: end, endFromExpression: false), emit: emit)
        }
    }

    /// `repeat: chain`: each end opens the next cycle (annual reviews), from the start or the first end.
    private func chain(
        rule index: Int, program: RuleProgram, subject: Subject, scope: inout Scope, emit: (Outcome) -> Void
    ) {
        let values = scope.values
        guard let endSlot = chosenEnds(program, scope)?.first else {
            return emitInvalid(emit, rule: index, subject: subject, .invalidEnd)
        }
        let anchor = program.start(scope)
        // With no start recorded, the first end event opens the chain: a review implies a plan.
        var fromEnd = false
        let a: Day
        switch anchor {
        case .date(let d): a = d
        case .invalid: return emitInvalid(emit, rule: index, subject: subject, invalidStart(index, values))
        default:
            if values[endSlot].isInvalid { return emitInvalid(emit, rule: index, subject: subject, invalidStart(index, values)) }
            guard let first = subject.occurrences(of: endSlot).first, first <= asOf else { return skip(emit, index, .noStart) }
            a = first
            fromEnd = true
        }
        var cycleStart = a
        if subject.hasHistory(endSlot) {
            for e in subject.occurrences(of: endSlot).dropFirst(fromEnd ? 1 : 0) where e >= a && e <= asOf {
                run(
                    rule: index, program: program, subject: subject, scope: &scope, span: Span(start: cycleStart, end: e, endFromExpression: false),
                    emit: emit)
                cycleStart = e
            }
        } else if case .date(let last) = values[endSlot], last >= a, !endedBefore(program, scope, last) {
            // The latest end opens the open cycle, unless it is dated after the rule's end (a review
            // decision after the plan ceased does not count: the cease ended the cycle first).
            cycleStart = last
        }
        run(
            rule: index, program: program, subject: subject, scope: &scope, span: Span(start: cycleStart, end: nil, endFromExpression: false),
            emit: emit)
    }

    /// The end fields the first end case whose condition holds names, else the default ones (nil when a
    /// condition cannot be read).
    @inline(__always)
    private func chosenEnds(_ program: RuleProgram, _ scope: Scope) -> [Int]? {
        for c in program.endCases {
            switch c.condition(scope) {
            case .bool(true): return c.slots
            case .invalid: return nil
            default: continue
            }
        }
        return program.endSlots
    }

    /// The occurrences, up to the as-of date, of one or more date fields, merged in date order.
    @inline(__always)
    private func occurrences(_ subject: Subject, _ slots: [Int]) -> Subject.Days {
        if slots.count == 1 { return subject.occurrences(of: slots[0], upTo: asOf) }
        let merged = slots.flatMap { subject.occurrences(of: $0, upTo: asOf) }.sorted()
        return Subject.Days(list: merged, single: nil, count: merged.count)
    }

    /// Whether the rule's `ended_by` date (the plan's cease) comes before `day`.
    @inline(__always)
    private func endedBefore(_ program: RuleProgram, _ scope: Scope, _ day: Day) -> Bool {
        guard let endedBy = program.endedBy, case .date(let c) = endedBy(scope) else { return false }
        return c < day
    }

    /// The first field rule `index` reads that holds an unreadable value, if any.
    @inline(__always)
    private func firstUnreadable(_ index: Int, _ values: UnsafeBufferPointer<Value>) -> Int? {
        for i in readSlotRuns[index] {
            let slot = readSlots[i]
            if slot < values.count, values[slot].isInvalid { return slot }
        }
        return nil
    }

    /// Why a start is invalid: the unreadable field it reads, when one is.
    @inline(__always)
    private func invalidStart(_ index: Int, _ values: UnsafeBufferPointer<Value>) -> Finding.Detail {
        firstUnreadable(index, values).map { .invalidField(slot: $0) } ?? .invalidStart
    }

    @inline(__always)
    private func emitInvalid(_ emit: (Outcome) -> Void, rule index: Int, subject: Subject, _ detail: Finding.Detail) {
        let line = Int32(truncatingIfNeeded: subject.location.line)
        emit(.finding(Finding(rule: index, subject: subject.id, line: line, status: .invalid, start: nil, due: nil, completed: nil, detail: detail)))
    }

    /// Where one clock runs: its start, the end its cycle gave it (nil: none yet), and whether the
    /// rule's `end` expression decides the end instead (a rule that does not repeat).
    struct Span {
        var start: Day
        var end: Day?
        var endFromExpression: Bool
    }

    /// One clock of rule `index` for one subject: in force, closes, due date, lapses, end event, status.
    /// The subject and the program are borrowed, never retained per clock.
    private func run(
        rule index: Int, program: RuleProgram, subject: Subject, scope: inout Scope, span: Span, emit: (Outcome) -> Void
    ) {
        let (line, s) = (Int32(truncatingIfNeeded: subject.location.line), span.start)
        @inline(__always) func invalid(_ detail: Finding.Detail, _ due: Day?) {
            emit(
                .finding(Finding(rule: index, subject: subject.id, line: line, status: .invalid, start: s, due: due, completed: nil, detail: detail)))
        }
        guard s <= asOf else { return skip(emit, index, .noStart) }
        guard program.inForce(on: s) else { return skip(emit, index, .notInForce(start: s)) }
        scope.start = s
        // A field the rule reads cannot be read: its status cannot be told (never read as blank).
        if let slot = firstUnreadable(index, scope.values) { return invalid(.invalidField(slot: slot), nil) }
        let endedOn: Day?
        switch caveats(program, scope, start: s) {
        case .goOn(let ended): endedOn = ended
        case .skip(let reason): return skip(emit, index, reason)
        case .invalid(let detail): return invalid(detail, nil)
        }
        let due: Day
        switch dueDate(program, scope, start: s) {
        case .date(let d): due = d
        case .invalid: return invalid(.invalidDue, nil)
        default: return skip(emit, index, .noDue(start: s))
        }
        scope.due = due
        if let lapses = program.lapses {
            switch lapses(scope) {
            case .bool(true): return skip(emit, index, .lapsed(start: s, due: due))
            case .invalid: return invalid(.invalidLapse, due)
            default: break
            }
        }
        if let missing = unrecorded(program, subject) { return emit(.notApplicable(rule: index, reason: .notRecorded(fields: missing))) }
        var end = span.end
        if span.endFromExpression, let endExpression = program.end {
            switch endExpression(scope) {
            case .date(let e): end = e
            case .invalid: return invalid(.invalidEnd, due)
            default: end = nil
            }
        }
        if let e = end, e < s { return invalid(.endBeforeStart(end: e), due) }
        var ended = false
        // The plan ceased with the step not done by then: the duty lapsed if it was not yet due,
        // otherwise the clock ends, breached, on that date. A step dated after the cease does not count:
        // the cease ended the clock first.
        if let c = endedOn, end.map({ $0 > c }) ?? true {
            if c <= due { return skip(emit, index, .endedBefore(start: s, due: due, ended: c)) }
            end = c
            ended = true
        }
        var clock = Clock(start: s, due: due, end: end, timing: program.timing, amberDays: program.amberDays, ended: ended)
        let late = clock.status(asOf: asOf)
        if late == .overdue || late == .breached { clock.excuse = excuse(program, scope) }
        let (status, said) = clock.classify(asOf: asOf)
        emit(.finding(Finding(rule: index, subject: subject.id, line: line, status: status, start: s, due: due, completed: end, detail: said)))
    }

    /// What the caveats before a clock's due date say: it goes on (ended on a date by `ended_by`, or
    /// not), it does not apply, or a caveat cannot be read.
    private enum Caveats {
        case goOn(endedOn: Day?)
        case skip(NotApplicable)
        case invalid(Finding.Detail)
    }

    /// `ended_by` (a duty of something already ended never starts) and `closes`, for a clock from `s`.
    @inline(__always)
    private func caveats(_ program: RuleProgram, _ scope: Scope, start s: Day) -> Caveats {
        var endedOn: Day?
        if let endedBy = program.endedBy {
            switch endedBy(scope) {
            case .date(let c) where c < s: return .skip(.startedAfterEnd(start: s, ended: c))
            case .date(let c): endedOn = c
            case .invalid: return .invalid(.invalidLapse)
            default: break
            }
        }
        if let closes = program.closes {
            switch closes(scope) {
            case .bool(true): return .skip(.closed(start: s))
            case .invalid: return .invalid(.invalidClosing)
            default: break
            }
        }
        return .goOn(endedOn: endedOn)
    }

    /// The fields a subject's sources do not record that the rule's end needs (nil: all recorded,
    /// or the subject's sources are not known).
    @inline(__always)
    private func unrecorded(_ program: RuleProgram, _ subject: Subject) -> [String]? {
        guard let recorded = subject.recorded, !recorded.meets(program.endNeeds, masks: program.endNeedsMasks) else { return nil }
        let names = program.fieldNames
        return program.endNeeds.missing(by: recorded.has) { $0 < names.count ? names[$0] : "?" }
    }

    /// The exception code that excuses a late clock: recorded, one of the rule's codes, and the rule's
    /// `exceptions.when` holding (asked only of a late clock).
    @inline(__always)
    private func excuse(_ program: RuleProgram, _ scope: Scope) -> Int? {
        guard let slot = program.exceptionSlot, case .code(let c) = scope.values[slot], program.exceptionCodes.contains(c) else { return nil }
        return program.exceptionCondition.map({ $0(scope) == .bool(true) }) ?? true ? c : nil
    }

    private func dueDate(_ program: RuleProgram, _ scope: Scope, start: Day) -> Value {
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

    @inline(__always) private func skip(_ emit: (Outcome) -> Void, _ index: Int, _ reason: NotApplicable) {
        if reasons { emit(.notApplicable(rule: index, reason: reason)) }
    }

    /// Evaluates every rule for the subject's kind and calls `body` with each finding and its rule
    /// (no history window: callers that report decide what is history).
    public func forEachFinding(_ subject: Subject, buffer: inout [Value], _ body: (Rule, Finding) -> Void) {
        prepare(subject, into: &buffer)
        buffer.withUnsafeBufferPointer { values in
            for index in ruleSet.ruleIndices(for: subject.kind) {
                let rule = ruleSet.rules[index]
                evaluate(subject, rule: index, values: values) { outcome in
                    if case .finding(let f) = outcome { body(rule, f) }
                }
            }
        }
    }
}
