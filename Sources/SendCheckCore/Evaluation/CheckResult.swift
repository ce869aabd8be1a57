/// Everything a reporter needs about one run.
public struct CheckResult: Sendable {
    public var asOf: Day
    public var since: Day
    public var subjects: Int
    /// The listed findings (red and amber, or all with `--all`), sorted.
    public var findings: FindingList
    /// Every status counted per rule id, listed or not.
    public var byRule: [String: [Status: Int]]
    /// Findings counted by RAG.
    public var byRAG: [RAG: Int]
    /// Subjects by their worst finding.
    public var subjectsByRAG: [RAG: Int]
    public var inputs: [ReadStatistics]
    public var ruleSet: RuleSet
    public var rag: RAGMapping
    /// Case source paths; `Finding.source` indexes this.
    public var sources: [String]
    /// Rules a source could not be checked against because it does not record their end event.
    public var notChecked: [NotChecked]
    /// Per case source, what it lets sendcheck check (filled by the runtime, which knows the mappings).
    public var coverage: [SourceCoverage] = []
    /// With several case files: what they let sendcheck check together, joined by reference.
    public var joined: SourceCoverage?
    /// Whether the run saw the whole picture (decided by the runtime, which knows what was named and
    /// what could not be read): when not, it must not pass as an all-clear.
    public var complete = true

    /// Whether every input could be checked: each case source lets some rule be checked (with several
    /// case files: together, each giving some field a rule reads), and of each source that had rows,
    /// some were evaluated. When not, the run must not pass as an all-clear.
    public var everySourceChecked: Bool { SourceCoverage.everySourceChecked(inputs: inputs, coverage: coverage, joined: joined) }

    /// Total findings counted (listed or not).
    public var findingCount: Int { byRAG.values.reduce(0, +) }

    /// Findings counted by their rule's severity, then RAG: statutory duties missed are told apart from
    /// guidance not followed and advisory standards (counted apart; configuration may cap their RAG).
    public var bySeverity: [Severity: [RAG: Int]] {
        var out: [Severity: [RAG: Int]] = [:]
        for rule in ruleSet.rules {
            guard let counts = byRule[rule.id] else { continue }
            for (status, n) in counts { out[rule.severity, default: [:]][rag.rag(status, for: rule), default: 0] += n }
        }
        return out
    }

    /// The worst RAG among all findings, if any.
    public var worst: RAG? {
        for r in [RAG.red, .amber, .blue, .green] where (byRAG[r] ?? 0) > 0 { return r }
        return nil
    }

    /// The RAG of a finding (its rule's overrides, then the mapping).
    public func rag(of f: Finding) -> RAG { rag.rag(f.status, for: ruleSet.rules[f.rule]) }

    /// Where a finding's subject was read: `path:line`.
    public func location(of f: Finding) -> String {
        let path = f.source >= 0 && Int(f.source) < sources.count ? sources[Int(f.source)] : "?"
        return "\(path):\(f.line)"
    }
}
