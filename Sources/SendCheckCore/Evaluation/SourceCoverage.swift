/// What one case source lets sendcheck check: per rule, checked, checked with a caveat, or not
/// checked and why, decided from the fields the source records (its columns, the events present,
/// the mapping's constants). The data officer's answer to "did sendcheck see what I think it saw?".
public struct SourceCoverage: Sendable, Equatable {
    /// How far one rule can be checked.
    public enum State: String, Sendable {
        /// Everything the rule reads is recorded.
        case checked
        /// Checked, but a field that only closes, excuses or ends a clock is not recorded, so such a
        /// case shows as open.
        case partial
        /// The source does not record what the rule needs: its start, its condition or its end.
        case notChecked = "not_checked"
    }

    /// Why a rule is not checked.
    public enum Reason: String, Sendable {
        /// No field the start reads: the rule can never start from this source.
        case noStart = "no_start"
        /// The rule's condition reads a field the source does not record.
        case noCondition = "no_condition"
        /// The start is recorded, but not what shows the step done.
        case noEnd = "no_end"
    }

    /// One rule's coverage.
    public struct RuleCoverage: Sendable, Equatable {
        public var rule: String
        public var state: State
        public var reason: Reason?
        /// The fields missing (alternatives joined with "or").
        public var missing: [String]
        /// How the rule read this source, for a rule whose reading depends on whether a field is
        /// recorded (`reading_by_source`: the review outcome decides what ends a review's clock).
        public var reading: String?

        /// Plain English, for text reports.
        public var sentence: String {
            let fields = missing.joined(separator: ", ")
            switch state {
            case .checked: return "checked"
            case .partial: return "checked, but without \(fields): a case closed, excused or ended by it shows as open"
            case .notChecked:
                switch reason ?? .noEnd {
                case .noStart: return "not checked: nothing starts its clock (no \(fields))"
                case .noCondition: return "not checked: its condition reads \(fields), which is not recorded"
                case .noEnd: return "not checked: the step cannot be seen done (no \(fields))"
                }
            }
        }
    }

    public var path: String
    /// `wide`, `long` or `sen2`.
    public var layout: String
    public var columns: [ColumnUse]
    /// The mapping used for the file (headers, codes, constants), as configured.
    public var mapping: CaseMapping
    public var recorded: [String]
    public var rules: [RuleCoverage]

    /// Whether any rule can be checked at all from this source.
    public var checksAnything: Bool { rules.contains { $0.state != .notChecked } }

    /// Whether every input could be checked: each source lets some rule be checked, each source that
    /// had rows had some evaluated, and none was cut short. When not, a run must not pass as an
    /// all-clear (check), a board must not see a partial picture (report), and alerts must not be
    /// resolved by what is missing (alert).
    public static func everySourceChecked(inputs: [ReadStatistics], coverage: [SourceCoverage], joined: SourceCoverage? = nil) -> Bool {
        let covered =
            joined.map { j in j.checksAnything && coverage.allSatisfy { $0.layout == "sen2" ? $0.checksAnything : $0.contributes } }
            ?? coverage.allSatisfy(\.checksAnything)
        return covered && inputs.allSatisfy { ($0.rowsRejected == 0 || $0.rowsEvaluated > 0) && !$0.incomplete }
    }

    /// Whether the source records some field beyond the reference: joined with other sources, it then
    /// adds something to their cases.
    public var contributes = true

    /// What several case files let sendcheck check together: every field any of them records.
    public static func joined(_ recorded: [[Bool]], paths: [String], ruleSet: RuleSet) -> SourceCoverage {
        var stats = ReadStatistics(path: "the case files joined (" + paths.joined(separator: ", ") + ")")
        if let schema = ruleSet.schemas["case"] {
            var all = [Bool](repeating: false, count: schema.fields.count)
            for r in recorded { for (i, has) in r.enumerated() where has && i < all.count { all[i] = true } }
            stats.recorded = schema.fields.indices.filter { all[$0] }.map { schema.fields[$0].name }
        }
        var coverage = of(stats, ruleSet: ruleSet)
        coverage.layout = "joined"
        return coverage
    }

    /// The coverage of a source read into `stats`, against the case rules of `ruleSet`.
    public static func of(_ stats: ReadStatistics, ruleSet: RuleSet, mapping: CaseMapping = CaseMapping()) -> SourceCoverage {
        let schema = ruleSet.schemas["case"]
        let recorded = Set(stats.recorded)
        let has: (Int) -> Bool = { slot in schema.map { slot < $0.fields.count && recorded.contains($0.fields[slot].name) } ?? false }
        let name: (Int) -> String = { slot in schema.map { slot < $0.fields.count ? $0.fields[slot].name : "?" } ?? "?" }
        var rules: [RuleCoverage] = []
        for index in ruleSet.ruleIndices(for: "case") {
            let rule = ruleSet.rules[index]
            let needs = rule.needs
            func not(_ reason: Reason, _ requirement: FieldRequirement) -> RuleCoverage {
                RuleCoverage(rule: rule.id, state: .notChecked, reason: reason, missing: requirement.missing(by: has, names: name))
            }
            if !needs.start.isMet(by: has) {
                rules.append(not(.noStart, needs.start))
            } else if !needs.applies.isMet(by: has) {
                rules.append(not(.noCondition, needs.applies))
            } else if !needs.end.isMet(by: has) {
                rules.append(not(.noEnd, needs.end))
            } else {
                let without = needs.caveats.filter { !has($0) }.map(name)
                rules.append(RuleCoverage(rule: rule.id, state: without.isEmpty ? .checked : .partial, reason: nil, missing: without))
            }
            if let reading = rule.sourceReading, rules[rules.count - 1].state != .notChecked {
                rules[rules.count - 1].reading = has(reading.slot) ? reading.recorded : reading.missing
            }
        }
        rules.sort { $0.rule < $1.rule }
        var coverage = SourceCoverage(
            path: stats.path, layout: stats.layout?.rawValue ?? "sen2", columns: stats.columns, mapping: mapping, recorded: stats.recorded,
            rules: rules)
        coverage.contributes = stats.recorded.contains { $0 != schema?.idField }
        return coverage
    }
}
