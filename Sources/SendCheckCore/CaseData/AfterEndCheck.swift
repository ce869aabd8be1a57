/// A data-quality check made once per subject as it is read: an event of a duty that ended with
/// something (a review meeting dated after the plan ceased) is a located warning. The evaluator
/// already gives such an event no weight (`docs/semantics.md` section 2); the warning says why the
/// data officer should look at it.
public struct AfterEndCheck: Sendable {
    /// (the field whose date ends the duties, why) — `cease_date`, "the plan ceased".
    private let ends: [(slot: Int, reason: String)]
    /// The date fields of the duties those dates end: their starts and their ends.
    private let events: [Int]
    private let names: [String]

    /// The check for the case rules of a rule set (nil when no rule has an `ended_by`).
    public init?(ruleSet: RuleSet) {
        guard let schema = ruleSet.schemas["case"] else { return nil }
        var ends: [Int: String] = [:]
        var events = Set<Int>()
        for rule in ruleSet.rules where rule.subjectKind == "case" {
            guard let endedBy = rule.endedBy else { continue }
            for slot in endedBy.fields { ends[slot] = endedBy.reason }
            // A planned date (a move still to come) is not an event that happened after the end.
            for slot in rule.startFields + rule.endFields where schema.fields[slot].type == .date && !schema.fields[slot].planned {
                events.insert(slot)
            }
        }
        events.subtract(ends.keys)
        guard !ends.isEmpty, !events.isEmpty else { return nil }
        self.ends = ends.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.events = events.sorted()
        names = schema.fields.map(\.name)
    }

    /// Warns of each event of `subject` dated after its end date.
    public func check(_ subject: Subject, diagnostics: inout Diagnostics) {
        for (slot, reason) in ends {
            guard slot < subject.values.count, case .date(let end) = subject.values[slot] else { continue }
            for event in events where event < subject.values.count {
                for day in subject.occurrences(of: event) where day > end {
                    let at = subject.origin(of: event, on: day)
                    let path = at.source >= 0 ? subject.recorded?.sources[Int(at.source)] ?? subject.location.path : subject.location.path
                    diagnostics.warning(
                        SourceLocation(path: path, line: Int(at.line), column: max(1, Int(at.column))),
                        "\(names[event]) \(day.iso) is after \(reason) on \(end.iso) (case \(subject.id)): it does not count, and starts no duty")
                }
            }
        }
    }
}
