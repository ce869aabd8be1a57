/// What one rule made of one subject: a finding, or the reason it does not apply (for `explain`).
public enum Outcome: Sendable {
    case finding(Finding)
    case notApplicable(rule: Int, reason: NotApplicable)
}

/// Why a rule produced no finding for a subject.
public enum NotApplicable: Sendable, Equatable {
    /// The rule's `applies` condition is false.
    case conditionFalse
    /// The start event has not happened (or is not recorded).
    case noStart
    /// The rule was not in force on the start date.
    case notInForce(start: Day)
    /// A closing outcome is recorded.
    case closed(start: Day)
    /// The duty lapsed (for example the plan ceased on or before the due date).
    case lapsed(start: Day, due: Day)
    /// The rule's `ended_by` date (the plan ceased) came on or before the due date: the duty fell away.
    case endedBefore(start: Day, due: Day, ended: Day)
    /// The clock would start after the rule's `ended_by` date (a review meeting after the plan
    /// ceased): the duty no longer existed, so it does not start.
    case startedAfterEnd(start: Day, ended: Day)
    /// The due date could not be computed (for example no transfer year).
    case noDue(start: Day)
    /// The source does not record the end event at all, so the step cannot be checked.
    case notRecorded(fields: [String])

    /// Plain English.
    public var sentence: String {
        switch self {
        case .conditionFalse: return "does not apply to this subject (its condition is not met)"
        case .noStart: return "has not started: the start event is not recorded on or before the as-of date"
        case .notInForce(let s): return "was not in force on the start date \(DayFormat.long(s))"
        case .closed(let s): return "started \(DayFormat.long(s)) but a closing outcome is recorded, so the duty ended"
        case .lapsed(let s, let d): return "started \(DayFormat.long(s)), due \(DayFormat.long(d)), but the duty lapsed before the due date"
        case .endedBefore(let s, let d, let e):
            return
                "started \(DayFormat.long(s)), due \(DayFormat.long(d)), but ended on \(DayFormat.long(e)), before the due date, so the duty lapsed"
        case .startedAfterEnd(let s, let e):
            return "would start \(DayFormat.long(s)), after it ended on \(DayFormat.long(e)), so the duty never started"
        case .noDue(let s): return "started \(DayFormat.long(s)) but the due date cannot be worked out from the data"
        case .notRecorded(let fields): return "started but cannot be checked: this source does not record \(fields.joined(separator: " or "))"
        }
    }
}
