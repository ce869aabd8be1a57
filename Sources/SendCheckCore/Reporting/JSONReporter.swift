/// `--format json`: the report contract of `docs/semantics.md` section 5.
///
/// Keys in the contract are API; this reporter adds `tool`, `summary.subjects_by_rag`, `inputs`, and
/// `location` and `note` on findings. One finding per line keeps diffs readable.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext) -> String {
        var out = "{\n"
        out += "  \"tool\": {\"name\": \"sendcheck\", \"version\": \(JSONText.string(context.toolVersion))},\n"
        out += "  \"as_of\": \(JSONText.day(result.asOf)),\n"
        out += "  \"since\": \(JSONText.day(result.since)),\n"
        out += "  \"summary\": {\"subjects\": \(result.subjects), \"findings\": \(result.findingCount), "
        out += RAG.reportOrder.map { "\"\($0.rawValue)\": \(result.byRAG[$0] ?? 0)" }.joined(separator: ", ")
        out += ",\n    \"subjects_by_rag\": {"
        out += [RAG.red, .amber, .green].map { "\"\($0.rawValue)\": \(result.subjectsByRAG[$0] ?? 0)" }.joined(separator: ", ")
        out += "},\n    \"by_rule\": {"
        let rules = result.byRule.keys.sorted()
        out += rules.map { id in
            let counts = Status.allCases.compactMap { s in result.byRule[id]?[s].map { "\"\(s.rawValue)\": \($0)" } }
            return "\n      \(JSONText.string(id)): {\(counts.joined(separator: ", "))}"
        }.joined(separator: ",")
        out += rules.isEmpty ? "}},\n" : "\n    }},\n"
        out += "  \"inputs\": ["
        out += result.inputs.map { i in
            "\n    {\"path\": \(JSONText.string(i.path)), \"rows_read\": \(i.rowsRead), \"rows_evaluated\": \(i.rowsEvaluated), "
                + "\"rows_rejected\": \(i.rowsRejected), \"invalid_cells\": \(i.invalidCells), \"subjects\": \(i.subjects)}"
        }.joined(separator: ",")
        out += result.inputs.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"not_checked\": ["
        out += result.notChecked.map { n in
            "\n    {\"rule\": \(JSONText.string(n.rule)), \"path\": \(JSONText.string(n.path)), \"missing\": ["
                + n.missing.map(JSONText.string).joined(separator: ", ") + "], \"subjects\": \(n.subjects)}"
        }.joined(separator: ",")
        out += result.notChecked.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"findings\": ["
        var first = true
        for f in result.findings {
            out += first ? "\n    " : ",\n    "
            first = false
            append(f, result, to: &out)
        }
        out += result.findings.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private func append(_ f: Finding, _ result: CheckResult, to out: inout String) {
        let rule = result.ruleSet.rules[f.rule]
        out += "{\"rule\": \(JSONText.string(rule.id)), \"subject\": \(JSONText.string(f.subject)), "
        out += "\"kind\": \(JSONText.string(f.kind)), \"status\": \"\(f.status.rawValue)\", "
        out += "\"rag\": \"\(result.rag.rag(f.status).rawValue)\", \"severity\": \"\(rule.severity.rawValue)\", "
        out += "\"start\": \(JSONText.day(f.start)), \"due\": \(JSONText.day(f.due)), "
        out += "\"completed\": \(JSONText.day(f.completed)), \"days_late\": \(JSONText.int(f.daysLate(asOf: result.asOf))), "
        out += "\"citation\": \(JSONText.string(rule.citation)), \"message\": \(JSONText.string(rule.message)), "
        out += "\"location\": \(JSONText.string("\(f.location.path):\(f.location.line)"))"
        if let note = f.note { out += ", \"note\": \(JSONText.string(note))" }
        out += "}"
    }
}

extension RAG {
    /// Order in summaries: worst first.
    public static let reportOrder: [RAG] = [.red, .amber, .green]
}
