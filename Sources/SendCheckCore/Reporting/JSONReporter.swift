/// `--format json`: the report contract of `docs/semantics.md` section 5.
///
/// Keys in the contract are API; this reporter adds `tool`, `summary.subjects_by_rag`, `inputs`,
/// `not_checked`, and `location` and `note` on findings. One finding per line keeps diffs readable.
public struct JSONReporter: Reporter {
    public static let identifier = "json"
    public static let description =
        "One JSON object: the report contract of docs/semantics.md (`as_of`, `since`, `summary`, `findings`), with `inputs`, `not_checked`, `sources` (coverage) and, for several case files, `joined`; a finding whose end event is on another row carries `end_location`."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write("{\n")
        out.write("  \"tool\": {\"name\": \"sendcheck\", \"version\": \(JSONText.string(context.toolVersion))},\n")
        out.write("  \"as_of\": \(JSONText.day(result.asOf)),\n")
        out.write("  \"since\": \(JSONText.day(result.since)),\n")
        writeSummary(result, into: &out)
        out.write("  \"inputs\": [")
        out.write(
            result.inputs.map { i in
                "\n    {\"path\": \(JSONText.string(i.path)), \"rows_read\": \(i.rowsRead), \"rows_evaluated\": \(i.rowsEvaluated), "
                    + "\"rows_rejected\": \(i.rowsRejected), \"invalid_cells\": \(i.invalidCells), \"subjects\": \(i.subjects), "
                    + "\"rows_blank\": \(i.rowsBlank), \"rows_excluded\": \(i.rowsExcluded), \"null_cells\": \(i.nullCells), "
                    + "\"placeholder_dates\": \(i.placeholderDates), \"duplicate_events\": \(i.duplicateEvents), \"conflicts\": \(i.conflicts)}"
            }.joined(separator: ","))
        out.write(result.inputs.isEmpty ? "],\n" : "\n  ],\n")
        out.write("  \"not_checked\": [")
        out.write(
            result.notChecked.map { n in
                "\n    {\"rule\": \(JSONText.string(n.rule)), \"path\": \(JSONText.string(n.path)), \"missing\": ["
                    + n.missing.map(JSONText.string).joined(separator: ", ") + "], \"subjects\": \(n.subjects)}"
            }.joined(separator: ","))
        out.write(result.notChecked.isEmpty ? "],\n" : "\n  ],\n")
        out.write("  \"sources\": [")
        out.write(CoverageReport.json(result).arrayItems.map { "\n    " + $0.compact }.joined(separator: ","))
        out.write(result.coverage.isEmpty ? "],\n" : "\n  ],\n")
        if result.joined != nil { out.write("  \"joined\": \(CoverageReport.joinedJSON(result).compact),\n") }
        out.write("  \"findings\": [")
        let fragments = Fragments(result)
        fragments.table.withPieces { pieces in
            FindingBatches.write(result.findings, context: context, into: out) { batch, firstBatch, buffer in
                var first = firstBatch
                for slice in batch {
                    // Read where they are: a copy of each finding would retain and release its reference.
                    slice.withUnsafeBufferPointer { findings in
                        for i in findings.indices {
                            buffer.write(bytes: pieces[first ? fragments.firstOpen : fragments.nextOpen])
                            first = false
                            write(findings.baseAddress! + i, fragments, pieces: pieces, result: result, into: buffer)
                        }
                    }
                }
            }
        }
        out.write(result.findings.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// The summary: findings and subjects by RAG, by weight in law and by rule.
    private func writeSummary(_ result: CheckResult, into out: inout OutputBuffer) {
        out.write("  \"summary\": {\"subjects\": \(result.subjects), \"findings\": \(result.findingCount), ")
        out.write(RAG.reportOrder.map { "\"\($0.rawValue)\": \(result.byRAG[$0] ?? 0)" }.joined(separator: ", "))
        out.write(",\n    \"subjects_by_rag\": {")
        out.write(RAG.reportOrder.map { "\"\($0.rawValue)\": \(result.subjectsByRAG[$0] ?? 0)" }.joined(separator: ", "))
        out.write("},\n    \"by_severity\": {")
        let bySeverity = result.bySeverity
        out.write(
            Severity.allCases.filter { bySeverity[$0] != nil }.map { severity in
                "\"\(severity.rawValue)\": {"
                    + RAG.reportOrder.map { "\"\($0.rawValue)\": \(bySeverity[severity]?[$0] ?? 0)" }.joined(separator: ", ") + "}"
            }.joined(separator: ", "))
        out.write("},\n    \"by_rule\": {")
        let rules = result.byRule.keys.sorted()
        out.write(
            rules.map { id in
                let counts = Status.allCases.compactMap { s in result.byRule[id]?[s].map { "\"\(s.rawValue)\": \($0)" } }
                return "\n      \(JSONText.string(id)): {\(counts.joined(separator: ", "))}"
            }.joined(separator: ","))
        out.write(rules.isEmpty ? "}},\n" : "\n    }},\n")
    }

    /// Bytes that depend only on the rule, the status or the source, built once per report; each is
    /// a number in `table`.
    struct Fragments {
        var table = ByteFragments()
        let statusCount = Status.allCases.count
        let ruleCount: Int
        /// Per rule, four fragments (before the subject, the kind, the severity, the tail), added first.
        let ruleBase = 0
        /// Per rule and status (the RAG may be the rule's own).
        var statusBase = 0
        var sourceBase = 0
        var sourceCount = 0
        var firstOpen = 0
        var nextOpen = 0
        var due = 0
        var completed = 0
        var daysLate = 0
        var commaSpace = 0
        var null = 0
        var quote = 0
        var colon = 0
        var close = 0
        var note = 0

        init(_ result: CheckResult) {
            let rules = result.ruleSet.rules
            ruleCount = rules.count
            for rule in rules {
                table.add("{\"rule\": \(JSONText.string(rule.id)), \"subject\": ")
                table.add(", \"kind\": \(JSONText.string(rule.subjectKind)), ")
                table.add("\"severity\": \"\(rule.severity.rawValue)\", \"start\": ")
                table.add("\"citation\": \(JSONText.string(rule.citation)), \"message\": \(JSONText.string(rule.message)), \"location\": \"")
            }
            statusBase = ruleBase + 4 * rules.count
            for rule in rules {
                for s in Status.allCases {
                    table.add("\"status\": \"\(s.rawValue)\", \"rag\": \"\(result.rag.rag(s, for: rule).rawValue)\", ")
                }
            }
            sourceBase = statusBase + statusCount * rules.count
            for path in result.sources { table.add(String(JSONText.string(path).dropFirst().dropLast())) }
            sourceCount = result.sources.count
            firstOpen = table.add("\n    ")
            nextOpen = table.add(",\n    ")
            due = table.add(", \"due\": ")
            completed = table.add(", \"completed\": ")
            daysLate = table.add(", \"days_late\": ")
            commaSpace = table.add(", ")
            null = table.add("null")
            quote = table.add("\"")
            colon = table.add(":")
            close = table.add("}")
            note = table.add(", \"note\": ")
        }
    }

    /// Reads the finding's fields where they are (a copy of the whole finding would retain its
    /// reference and release it again).
    private func write(
        _ finding: UnsafePointer<Finding>, _ fr: Fragments, pieces p: ByteFragments.Pieces, result: CheckResult, into out: OutputBuffer
    ) {
        let rule = fr.ruleBase + 4 * finding.pointee.rule
        out.write(bytes: p[rule])
        out.writeJSON(finding.pointee.subject)
        out.write(bytes: p[rule + 1])
        out.write(bytes: p[fr.statusBase + finding.pointee.rule * fr.statusCount + finding.pointee.status.index])
        out.write(bytes: p[rule + 2])
        writeDay(finding.pointee.start, fr, pieces: p, into: out)
        out.write(bytes: p[fr.due])
        writeDay(finding.pointee.due, fr, pieces: p, into: out)
        out.write(bytes: p[fr.completed])
        writeDay(finding.pointee.completed, fr, pieces: p, into: out)
        out.write(bytes: p[fr.daysLate])
        if let late = finding.pointee.daysLate(asOf: result.asOf) { out.write(late) } else { out.write(bytes: p[fr.null]) }
        out.write(bytes: p[fr.commaSpace])
        out.write(bytes: p[rule + 3])
        if finding.pointee.source >= 0, Int(finding.pointee.source) < fr.sourceCount {
            out.write(bytes: p[fr.sourceBase + Int(finding.pointee.source)])
        }
        out.write(bytes: p[fr.colon])
        out.write(Int(finding.pointee.line))
        out.write(bytes: p[fr.quote])
        if case .none = finding.pointee.detail {
        } else if let note = finding.pointee.note(in: result.ruleSet) {
            out.write(bytes: p[fr.note])
            out.writeJSON(note)
        }
        if finding.pointee.endSource >= 0, Int(finding.pointee.endSource) < fr.sourceCount {
            // A joined subject's end event, written in another file (or row) than its start.
            out.write(", \"end_location\": \"")
            out.write(bytes: p[fr.sourceBase + Int(finding.pointee.endSource)])
            out.write(bytes: p[fr.colon])
            out.write(Int(finding.pointee.endLine))
            out.write(bytes: p[fr.quote])
        }
        out.write(bytes: p[fr.close])
    }

    private func writeDay(_ d: Day?, _ fr: Fragments, pieces p: ByteFragments.Pieces, into out: OutputBuffer) {
        guard let d else { return out.write(bytes: p[fr.null]) }
        out.write(bytes: p[fr.quote])
        out.write(d)
        out.write(bytes: p[fr.quote])
    }
}

extension RAG {
    /// Order in summaries: worst first.
    public static let reportOrder: [RAG] = [.red, .amber, .green, .blue]
}
