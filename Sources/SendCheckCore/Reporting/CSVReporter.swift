/// `--format csv`: one row per finding, for a spreadsheet.
public struct CSVReporter: Reporter {
    public static let identifier = "csv"
    public static let description =
        "CSV for spreadsheets: a header and one row per finding (rule, subject, status, RAG, dates, days late, location, citation, message, key); formulas never."

    public static let header = [
        "rule", "subject", "kind", "status", "rag", "severity", "start", "due", "completed", "days_late", "path", "line", "citation", "message",
        "note", "key",
    ]

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write(CSVText.row(Self.header))
        for v in result.views {
            out.write(
                CSVText.row([
                    v.rule.id, v.subject, v.rule.subjectKind, v.status.rawValue, v.rag.rawValue, v.rule.severity.rawValue, v.finding.start?.iso ?? "",
                    v.finding.due?.iso ?? "", v.finding.completed?.iso ?? "", v.daysLate.map(String.init) ?? "", v.path, String(v.line),
                    v.rule.citation,
                    v.rule.message, v.note ?? "", v.key.description,
                ]))
        }
    }
}
