/// What findings and RAG mean in a rule set: the helpers of `Finding` and `RAGMapping` that read
/// rules (kept here, above the rules, so the model below knows nothing of them).
extension Finding {
    /// The note shown beside the finding, if any.
    public func note(in ruleSet: RuleSet) -> String? {
        switch detail {
        case .none, .flagged: return nil
        case .ended: return "ended: " + (ruleSet.rules[rule].endedBy?.reason ?? "the clock ended")
        case .exception(let code):
            let rule = ruleSet.rules[rule]
            guard let slot = rule.exceptionSlot, case .code(let set) = ruleSet.schemas[rule.subjectKind]?.fields[slot].type,
                code < set.values.count
            else { return "exception recorded" }
            return "exception recorded: \(set.values[code])"
        case .invalidCondition: return "a value the rule's condition reads is invalid"
        case .invalidStart: return "the start date is invalid"
        case .invalidClosing: return "a value the rule's closing condition reads is invalid"
        case .invalidDue: return "the due date cannot be computed from invalid data"
        case .invalidLapse: return "a value the rule's lapse condition reads is invalid"
        case .invalidEnd: return "the end date is invalid"
        case .endBeforeStart(let end): return "the end date \(end) is before the start date \(start.map(\.iso) ?? "?")"
        case .invalidField(let slot):
            let rule = ruleSet.rules[rule]
            let name = ruleSet.schemas[rule.subjectKind].flatMap { slot < $0.fields.count ? $0.fields[slot].name : nil } ?? "a field"
            return "data to fix: \(name) cannot be read, so this clock cannot be checked"
        }
    }

    /// The finding's identity within a rule set.
    public func key(in ruleSet: RuleSet) -> FindingKey {
        FindingKey(rule: ruleSet.rules[rule].id, subject: subject, start: start)
    }
}

extension RAGMapping {
    /// The RAG of a status for a rule: the rule's own override (its pack's word, not capped: an improvement
    /// plan's own overdue action is red on the board), else this mapping capped by the ceiling of the
    /// rule's severity.
    public func rag(_ status: Status, for rule: Rule) -> RAG {
        rule.rag[status] ?? capped(rag(status), rule.severity)
    }

    /// Per rule, per status (indexed by `Status.index`).
    public func tables(for rules: [Rule]) -> [[RAG]] { rules.map { r in Status.allCases.map { rag($0, for: r) } } }
}
