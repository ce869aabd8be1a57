/// Where a finding's events were written: the row (or cell) of its start, and of its end when that
/// is elsewhere (a subject joined from several files: a request in one export, the plan's cease in
/// another). A finding with an unreadable field is placed at that cell.
public enum FindingPlaces {
    /// The start's place (`Origin.row` when it is the subject's own row), and the end's, if any.
    public static func of(_ f: Finding, rule: Rule, subject: Subject) -> (start: Origin, end: Origin?) {
        if case .invalidField(let slot) = f.detail, slot < subject.values.count { return (subject.origin(of: slot), nil) }
        var start = Origin.row
        if let s = f.start {
            if let slot = rule.startFields.first(where: { $0 < subject.values.count && subject.holds(s, in: $0) }) {
                start = subject.origin(of: slot, on: s)
            } else if let slot = rule.startFields.first(where: { $0 < subject.values.count && subject.values[$0].isPresent }) {
                // A start worked out from a field (1 September before the transfer year): that field's place.
                start = subject.origin(of: slot)
            }
        }
        var end: Origin?
        if case .ended = f.detail {
            if let slot = rule.endedBy?.fields.first(where: { $0 < subject.values.count && subject.values[$0].isPresent }) {
                end = subject.origin(of: slot)
            }
        } else if let c = f.completed, let slot = rule.endFields.first(where: { $0 < subject.values.count && subject.holds(c, in: $0) }) {
            end = subject.origin(of: slot, on: c)
        }
        return (start, end)
    }
}
