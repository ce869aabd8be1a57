/// `--format json`: the report contract of `docs/semantics.md` section 5.
///
/// Keys in the contract are API; this reporter adds `tool`, `summary.subjects_by_rag`, `inputs`,
/// `not_checked`, and `location` and `note` on findings. One finding per line keeps diffs readable.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write("{\n")
        out.write("  \"tool\": {\"name\": \"sendcheck\", \"version\": \(JSONText.string(context.toolVersion))},\n")
        out.write("  \"as_of\": \(JSONText.day(result.asOf)),\n")
        out.write("  \"since\": \(JSONText.day(result.since)),\n")
        out.write("  \"summary\": {\"subjects\": \(result.subjects), \"findings\": \(result.findingCount), ")
        out.write(RAG.reportOrder.map { "\"\($0.rawValue)\": \(result.byRAG[$0] ?? 0)" }.joined(separator: ", "))
        out.write(",\n    \"subjects_by_rag\": {")
        out.write(RAG.reportOrder.map { "\"\($0.rawValue)\": \(result.subjectsByRAG[$0] ?? 0)" }.joined(separator: ", "))
        out.write("},\n    \"by_rule\": {")
        let rules = result.byRule.keys.sorted()
        out.write(
            rules.map { id in
                let counts = Status.allCases.compactMap { s in result.byRule[id]?[s].map { "\"\(s.rawValue)\": \($0)" } }
                return "\n      \(JSONText.string(id)): {\(counts.joined(separator: ", "))}"
            }.joined(separator: ","))
        out.write(rules.isEmpty ? "}},\n" : "\n    }},\n")
        out.write("  \"inputs\": [")
        out.write(
            result.inputs.map { i in
                "\n    {\"path\": \(JSONText.string(i.path)), \"rows_read\": \(i.rowsRead), \"rows_evaluated\": \(i.rowsEvaluated), "
                    + "\"rows_rejected\": \(i.rowsRejected), \"invalid_cells\": \(i.invalidCells), \"subjects\": \(i.subjects)}"
            }.joined(separator: ","))
        out.write(result.inputs.isEmpty ? "],\n" : "\n  ],\n")
        out.write("  \"not_checked\": [")
        out.write(
            result.notChecked.map { n in
                "\n    {\"rule\": \(JSONText.string(n.rule)), \"path\": \(JSONText.string(n.path)), \"missing\": ["
                    + n.missing.map(JSONText.string).joined(separator: ", ") + "], \"subjects\": \(n.subjects)}"
            }.joined(separator: ","))
        out.write(result.notChecked.isEmpty ? "],\n" : "\n  ],\n")
        if !result.boards.isEmpty { out.write("  \"plans\": \(PlanBoardJSON.render(result.boards)),\n") }
        out.write("  \"findings\": [")
        let fragments = Fragments(result)
        var first = true
        for f in result.findings {
            out.write(first ? fragments.firstOpen : fragments.nextOpen)
            first = false
            write(f, fragments, result, into: &out)
        }
        out.write(result.findings.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// Bytes that depend only on the rule, the status or the source, built once per report.
    struct Fragments {
        var ruleHead: [[UInt8]] = []
        var ruleKind: [[UInt8]] = []
        var ruleSeverity: [[UInt8]] = []
        var ruleTail: [[UInt8]] = []
        /// status fragment per rule and status (the RAG may be the rule's own)
        var status: [[[UInt8]]] = []
        var sources: [[UInt8]] = []
        let firstOpen = Array("\n    ".utf8)
        let nextOpen = Array(",\n    ".utf8)
        let due = Array(", \"due\": ".utf8)
        let completed = Array(", \"completed\": ".utf8)
        let daysLate = Array(", \"days_late\": ".utf8)
        let commaSpace = Array(", ".utf8)
        let null = Array("null".utf8)
        let quote: [UInt8] = [34]
        let colon: [UInt8] = [58]
        let close: [UInt8] = [125]
        let note = Array(", \"note\": ".utf8)

        init(_ result: CheckResult) {
            for rule in result.ruleSet.rules {
                ruleHead.append(Array("{\"rule\": \(JSONText.string(rule.id)), \"subject\": ".utf8))
                ruleKind.append(Array(", \"kind\": \(JSONText.string(rule.subjectKind)), ".utf8))
                ruleSeverity.append(Array("\"severity\": \"\(rule.severity.rawValue)\", \"start\": ".utf8))
                ruleTail.append(
                    Array(
                        "\"citation\": \(JSONText.string(rule.citation)), \"message\": \(JSONText.string(rule.message)), \"location\": \"".utf8))
            }
            for rule in result.ruleSet.rules {
                status.append(
                    Status.allCases.map { s in
                        Array("\"status\": \"\(s.rawValue)\", \"rag\": \"\(result.rag.rag(s, for: rule).rawValue)\", ".utf8)
                    })
            }
            for path in result.sources {
                let quoted = JSONText.string(path)
                sources.append(Array(quoted.dropFirst().dropLast().utf8))
            }
        }
    }

    private func write(_ f: Finding, _ fr: Fragments, _ result: CheckResult, into out: inout OutputBuffer) {
        out.write(fr.ruleHead[f.rule])
        out.writeJSON(f.subject)
        out.write(fr.ruleKind[f.rule])
        out.write(fr.status[f.rule][f.status.index])
        out.write(fr.ruleSeverity[f.rule])
        writeDay(f.start, fr, &out)
        out.write(fr.due)
        writeDay(f.due, fr, &out)
        out.write(fr.completed)
        writeDay(f.completed, fr, &out)
        out.write(fr.daysLate)
        if let late = f.daysLate(asOf: result.asOf) { out.write(late) } else { out.write(fr.null) }
        out.write(fr.commaSpace)
        out.write(fr.ruleTail[f.rule])
        if f.source >= 0, Int(f.source) < fr.sources.count { out.write(fr.sources[Int(f.source)]) }
        out.write(fr.colon)
        out.write(Int(f.line))
        out.write(fr.quote)
        if case .none = f.detail {
        } else if let note = f.note(in: result.ruleSet) {
            out.write(fr.note)
            out.writeJSON(note)
        }
        out.write(fr.close)
    }

    private func writeDay(_ d: Day?, _ fr: Fragments, _ out: inout OutputBuffer) {
        guard let d else { return out.write(fr.null) }
        out.write(fr.quote)
        out.write(d)
        out.write(fr.quote)
    }
}

extension RAG {
    /// Order in summaries: worst first.
    public static let reportOrder: [RAG] = [.red, .amber, .green]
}
