/// `--format markdown`: the summary and a table of the findings, to paste into an issue or a paper.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"
    public static let description =
        "Markdown: the summary, counts by rule, and a table of the findings with their RAG in words, to paste into a paper or an issue; text from the data is escaped, never HTML or a link."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write("# sendcheck: as of \(result.asOf)\n\n")
        out.write("\(result.subjects) subjects, \(result.findingCount) findings: ")
        out.write(RAG.reportOrder.map { "\(result.byRAG[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + ".\n\n")
        let byRule = result.byRule.keys.sorted().map { id in
            [id] + Status.allCases.map { s in (result.byRule[id]?[s]).map(String.init) ?? "" }
        }
        out.write(BoardMarkdownRenderer.table(["Rule"] + Status.allCases.map { $0.rawValue.replacingUnderscores }, byRule))
        out.write("## Findings\n\n")
        out.write(
            BoardMarkdownRenderer.table(
                ["RAG", "Subject", "Rule", "Status", "Due", "Completed", "Days late", "Where", "Message"],
                result.views.map { v in
                    [
                        v.rag.rawValue.capitalizedFirst, v.subject, v.rule.id, v.status.rawValue.replacingUnderscores, v.finding.due?.iso ?? "",
                        v.finding.completed?.iso ?? "", v.daysLate.map(String.init) ?? "", "\(v.path):\(v.line)",
                        v.rule.message + (v.note.map { " (\($0))" } ?? ""),
                    ]
                }))
    }
}
