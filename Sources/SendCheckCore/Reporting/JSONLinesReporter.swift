/// `--format jsonl`: one JSON object per line, one line per finding, for log pipelines and `jq`.
public struct JSONLinesReporter: Reporter {
    public static let identifier = "jsonl"
    public static let description =
        "JSON Lines: one object per finding per line, with the keys of the JSON report's findings plus `as_of`, `key` and `fingerprint`; nothing else."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        for v in result.views {
            out.write(Self.object(v, asOf: result.asOf).compact)
            out.write("\n")
        }
    }

    /// A finding as a JSON object (also the SARIF and JUnit reporters' properties).
    static func object(_ v: FindingView, asOf: Day) -> JSONValue {
        .object([
            "as_of": .day(asOf), "rule": .string(v.rule.id), "subject": .string(v.subject), "kind": .string(v.rule.subjectKind),
            "status": .string(v.status.rawValue), "rag": .string(v.rag.rawValue), "severity": .string(v.rule.severity.rawValue),
            "start": .day(v.finding.start), "due": .day(v.finding.due), "completed": .day(v.finding.completed), "days_late": .int(v.daysLate),
            "citation": .string(v.rule.citation), "message": .string(v.rule.message), "location": .string("\(v.path):\(v.line)"),
            "end_location": .string(v.endLocation), "note": .string(v.note), "key": .string(v.key.description),
            "fingerprint": .string(v.key.fingerprint),
        ])
    }
}
