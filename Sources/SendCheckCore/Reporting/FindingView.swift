/// One listed finding with everything a reporter shows of it, in plain values: the way every reporter
/// but the byte-level text and JSON ones reads a result.
public struct FindingView: Sendable {
    public var finding: Finding
    public var rule: Rule
    public var key: FindingKey
    public var rag: RAG
    /// The file the subject was read from, and where in it.
    public var path: String
    public var line: Int
    public var column: Int
    /// Where the end event was written, when in another file or row than the start (`path:line`).
    public var endLocation: String?
    public var daysLate: Int?
    /// Why a finding is invalid, which exception excused it, or that the plan ceased.
    public var note: String?

    public var status: Status { finding.status }
    public var subject: String { finding.subject }
}

extension CheckResult {
    /// The listed findings as views, in the report's order.
    public var views: [FindingView] {
        findings.map { f in
            let rule = ruleSet.rules[f.rule]
            let path = f.source >= 0 && Int(f.source) < sources.count ? sources[Int(f.source)] : "?"
            return FindingView(
                finding: f, rule: rule, key: f.key(in: ruleSet), rag: rag(of: f), path: path, line: max(1, Int(f.line)),
                column: max(1, Int(f.column)),
                endLocation: f.endSource >= 0 && Int(f.endSource) < sources.count ? "\(sources[Int(f.endSource)]):\(f.endLine)" : nil,
                daysLate: f.daysLate(asOf: asOf), note: f.detail == .none ? nil : f.note(in: ruleSet))
        }
    }
}
