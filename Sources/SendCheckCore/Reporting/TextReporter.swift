/// `--format text`: one line per listed finding, linter style (`path:line: rag: ...`), then a summary.
///
/// The wording is for people and is not API; use `--format json` for machines.
public struct TextReporter: Reporter {
    public static let identifier = "text"
    public static let description =
        "For people: one line per finding (`path:line: rag: subject rule status, due ...`), then the summary, by rule, and coverage. Coloured on a terminal unless `NO_COLOR` is set or `--color never`."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write("sendcheck: as of \(result.asOf) (history since \(result.since))\n")
        if !result.findings.isEmpty { out.write("\n") }
        writeFindings(result, context: context, into: &out)
        writeSummary(result, context: context, into: &out)
        writeByRule(result, into: &out)
    }

    /// A line per finding, its fixed words (rule, status, RAG, source) written as fragments made once.
    private func writeFindings(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        let rules = result.ruleSet.rules
        let statusCount = Status.allCases.count
        // Fragments numbered: per rule (tail, id), per status, per rule and status (RAG), per source.
        var table = ByteFragments()
        // A rule pack's text is shown escaped, as data is: an escape sequence in a message cannot
        // rewrite the terminal, nor a right-to-left override reorder the line.
        for rule in rules {
            // The rule's plain title (what the duty is), beside its id: the same words whatever the status.
            table.add(
                " - \(Escaping.shown(rule.title.isEmpty ? rule.message : rule.title, limit: 2000)) [\(Escaping.shown(rule.citation, limit: 2000))]")
            table.add(" \(rule.id) ")
        }
        let statusBase = 2 * rules.count
        for s in Status.allCases { table.add(s.rawValue.replacingUnderscores) }
        let ragBase = statusBase + statusCount
        for rule in rules {
            for s in Status.allCases { table.add(": \(Self.word(result.rag.rag(s, for: rule), color: context.color)): ") }
        }
        let sourceBase = ragBase + statusCount * rules.count
        for path in result.sources { table.add(Escaping.shown(path, limit: 1024)) }
        let unknownSource = table.add("?")
        let sources = result.sources.count
        table.withPieces { p in
            FindingBatches.write(result.findings, context: context, into: out) { batch, _, buffer in
                var out = buffer
                for slice in batch {
                    for f in slice {
                        out.write(bytes: p[f.source >= 0 && Int(f.source) < sources ? sourceBase + Int(f.source) : unknownSource])
                        out.write(":")
                        out.write(Int(f.line))
                        out.write(bytes: p[ragBase + f.rule * statusCount + f.status.index])
                        out.writeShown(f.subject)
                        out.write(bytes: p[2 * f.rule + 1])
                        out.write(bytes: p[statusBase + f.status.index])
                        writeDetail(f, asOf: result.asOf, into: &out)
                        out.write(bytes: p[2 * f.rule])
                        if f.detail != .none, let note = f.note(in: result.ruleSet) {
                            out.write(" (")
                            out.writeShown(note)
                            out.write(")")
                        }
                        if f.endSource >= 0, Int(f.endSource) < sources {
                            out.write(" (end event at ")
                            out.write(bytes: p[sourceBase + Int(f.endSource)])
                            out.write(":")
                            out.write(Int(f.endLine))
                            out.write(")")
                        }
                        out.write("\n")
                    }
                }
            }
        }
    }

    /// The counts: findings and subjects by RAG, and by weight in law.
    private func writeSummary(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        out.write("\n")
        let summary = RAG.reportOrder.map { "\(result.byRAG[$0] ?? 0) \(Self.word($0, color: context.color))" }.joined(separator: ", ")
        out.write(
            "\(result.subjects) subject\(plural(result.subjects)), \(result.findingCount) finding\(plural(result.findingCount)): \(summary)\n")
        let subjects = RAG.reportOrder.map { "\(result.subjectsByRAG[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        out.write("subjects by worst finding: \(subjects)\n")
        let bySeverity = result.bySeverity
        if bySeverity.count > 1 || bySeverity[.statutory] == nil {
            // Statutory duties missed, apart from guidance and advisory standards (never red by default).
            let parts = Severity.allCases.compactMap { severity -> String? in
                guard let counts = bySeverity[severity] else { return nil }
                let rags = RAG.reportOrder.filter { (counts[$0] ?? 0) > 0 }.map { "\(counts[$0]!) \($0.rawValue)" }
                return "\(severity.rawValue) \(rags.isEmpty ? "none" : rags.joined(separator: ", "))"
            }
            out.write("by weight in law: \(parts.joined(separator: "; "))\n")
        }
    }

    /// Counts by rule, what was not checked, coverage and what became of each file's rows.
    private func writeByRule(_ result: CheckResult, into out: inout OutputBuffer) {
        let rules = result.ruleSet.rules
        if !result.byRule.isEmpty {
            out.write("\nby rule:\n")
            let width = result.byRule.keys.map(\.count).max() ?? 0
            let titles = Dictionary(rules.filter { !$0.title.isEmpty }.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
            for id in result.byRule.keys.sorted() {
                let counts = Status.allCases.compactMap { s in result.byRule[id]?[s].map { "\($0) \(s.rawValue.replacingUnderscores)" } }
                let title = titles[id].map { "  (\(Escaping.shown($0, limit: 200)))" } ?? ""
                out.write("  \(id.padding(width))  \(counts.joined(separator: ", "))\(title)\n")
            }
        }
        if result.coverage.isEmpty, !result.notChecked.isEmpty {
            out.write("\nnot checked (the step started but the source does not record what shows it done):\n")
            for n in result.notChecked {
                out.write(
                    "  \(n.rule): \(Escaping.shown(n.path)) has no \(n.missing.joined(separator: ", ")) (\(n.subjects) subject\(plural(n.subjects)))\n"
                )
            }
        }
        out.write(CoverageReport.text(result))
        if !result.inputs.isEmpty { out.write("\n") }
        for i in result.inputs {
            var line =
                "\(Escaping.shown(i.path)): \(i.rowsRead) row\(plural(i.rowsRead)) read, \(i.rowsEvaluated) evaluated, \(i.rowsRejected) rejected"
            if i.invalidCells > 0 { line += ", \(i.invalidCells) invalid cell\(plural(i.invalidCells))" }
            line += Self.leftovers(i)
            out.write(line + "\n")
        }
    }

    private func plural(_ n: Int) -> String { n == 1 ? "" : "s" }

    /// What else became of a file's rows and cells: spreadsheet leftovers skipped, cells read as blank,
    /// events read twice, values another file overruled.
    static func leftovers(_ i: ReadStatistics) -> String {
        func counted(_ n: Int, _ one: String, _ many: String) -> String? { n == 0 ? nil : "\(n) \(n == 1 ? one : many)" }
        let parts = [
            counted(i.rowsBlank, "blank row skipped", "blank rows skipped"),
            counted(i.rowsExcluded, "footer or excluded row skipped", "footer or excluded rows skipped"),
            counted(i.nullCells, "null cell read as blank", "null cells read as blank"),
            counted(i.placeholderDates, "placeholder date read as blank", "placeholder dates read as blank"),
            counted(i.duplicateEvents, "event recorded twice, counted once", "events recorded twice, counted once"),
            counted(i.conflicts, "value overruled by another file's", "values overruled by another file's"),
        ].compactMap { $0 }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
    }

    /// A RAG as a word, in its colour on a terminal (the word is always there).
    static func word(_ rag: RAG, color: Bool) -> String {
        guard color else { return rag.rawValue }
        let code: String
        switch rag {
        case .red: code = "1;31"
        case .amber: code = "1;33"
        case .green: code = "32"
        case .blue: code = "34"
        }
        return "\u{1B}[\(code)m\(rag.rawValue)\u{1B}[0m"
    }

    private func writeDetail(_ f: Finding, asOf: Day, into out: inout OutputBuffer) {
        guard let due = f.due else { return }
        func day(_ prefix: String, _ d: Day) {
            out.write(prefix)
            out.write(d)
        }
        switch f.status {
        case .met:
            if let c = f.completed { day(", done ", c) }
            day(" (due ", due)
            out.write(")")
        case .pending, .dueSoon:
            let left = asOf.days(to: due)
            day(", due ", due)
            out.write(" (\(left) day\(plural(left)) left)")
        case .breached where (f.completed ?? due) < due:
            let early = f.completed.map { $0.days(to: due) } ?? 0
            if let c = f.completed { day(", done ", c) }
            out.write(" (\(early) day\(plural(early)) before the earliest lawful day ")
            out.write(due)
            out.write(")")
        case .overdue, .breached, .excepted:
            day(", due ", due)
            if let c = f.completed { day(f.detail == .ended ? ", ended " : ", done ", c) }
            if let late = f.daysLate(asOf: asOf) { out.write(" (\(late) day\(plural(late)) late)") }
        case .invalid:
            break
        }
    }
}
