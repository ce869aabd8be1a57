/// What a field of a subject does for sendcheck beyond its rules, named in a pack's `roles:` so that
/// no Swift code names a council's fields: which field routes alerts to a team or a caseworker, and
/// which records the exception the DfE's 20-week measure excludes.
public enum FieldRole: String, Sendable, CaseIterable {
    case team, caseworker, exception

    /// Whether a field of this type can have the role: text for a team or caseworker, a code for the
    /// exception.
    public func accepts(_ type: ValueType) -> Bool {
        switch (self, type) {
        case (.team, .text), (.caseworker, .text), (.exception, .code): return true
        default: return false
        }
    }

    /// The kind of field the role needs, for messages.
    public var typeName: String { self == .exception ? "code" : "text" }

    /// The field a pack that names no roles gets, when it declares one of this name and type (the
    /// bundled packs' names, which older council packs copied).
    public var conventionalField: String { rawValue }
}

/// Which DfE statistic a rule's clocks feed, named in the pack (`measure: final-plan-20-weeks`) so a
/// council's own pack, with its own rule ids, keeps its measures. At most one rule feeds each.
public enum DfEMeasure: String, Sendable, CaseIterable {
    /// Decisions whether to assess, within 6 weeks (reg 5).
    case decisions = "decisions-6-weeks"
    /// Decisions not to issue a plan, within 16 weeks (reg 10).
    case notToIssue = "not-to-issue-16-weeks"
    /// Final plans within 20 weeks, with and without exceptions, after 52 weeks, and average weeks (reg 13).
    case finalPlans = "final-plan-20-weeks"
    /// Review decisions within 4 weeks of the meeting (reg 20).
    case reviewDecisions = "review-decisions-4-weeks"
    /// Annual reviews due in the period that were completed (s.44); the rule must be a `repeat: chain`.
    case annualReviews = "annual-reviews"
}
