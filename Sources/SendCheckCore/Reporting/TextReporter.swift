import Foundation

/// `--format text`: one line per listed finding, linter style (`path:line: rag: ...`), then a summary.
///
/// The wording is for people and is not API; use `--format json` for machines.
public struct TextReporter: Reporter {
    public static let identifier = "text"

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into buffer: inout OutputBuffer) {
        var out = "sendcheck: as of \(result.asOf) (history since \(result.since))\n"
        if !result.findings.isEmpty { out += "\n" }
        let tails = result.ruleSet.rules.map { " - \($0.message) [\($0.citation)]" }
        let ids = result.ruleSet.rules.map(\.id)
        for f in result.findings {
            var line = "\(result.location(of: f)): \(result.rag.rag(f.status).rawValue): \(f.subject) "
            line += "\(ids[f.rule]) \(f.status.rawValue.replacingOccurrences(of: "_", with: " "))"
            line += detail(f, asOf: result.asOf)
            line += tails[f.rule]
            if let note = f.note(in: result.ruleSet) { line += " (\(note))" }
            out += line + "\n"
            if out.utf8.count > 1 << 20 {
                buffer.write(out)
                out = ""
            }
        }
        out += "\n"
        let summary = RAG.reportOrder.map { "\(result.byRAG[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        out +=
            "\(result.subjects) subject\(result.subjects == 1 ? "" : "s"), \(result.findingCount) finding\(result.findingCount == 1 ? "" : "s"): \(summary)\n"
        let subjects = [RAG.red, .amber, .green].map { "\(result.subjectsByRAG[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        out += "subjects by worst finding: \(subjects)\n"
        if !result.byRule.isEmpty {
            out += "\nby rule:\n"
            let width = result.byRule.keys.map(\.count).max() ?? 0
            for id in result.byRule.keys.sorted() {
                let counts = Status.allCases.compactMap { s in
                    result.byRule[id]?[s].map { "\($0) \(s.rawValue.replacingOccurrences(of: "_", with: " "))" }
                }
                out += "  \(id.padding(toLength: width, withPad: " ", startingAt: 0))  \(counts.joined(separator: ", "))\n"
            }
        }
        if !result.notChecked.isEmpty {
            out += "\nnot checked (the step started but the source does not record its end event):\n"
            for n in result.notChecked {
                out += "  \(n.rule): \(n.path) has no \(n.missing.joined(separator: " or ")) (\(n.subjects) subject\(n.subjects == 1 ? "" : "s"))\n"
            }
        }
        if !result.inputs.isEmpty { out += "\n" }
        for i in result.inputs {
            out += "\(i.path): \(i.rowsRead) row\(i.rowsRead == 1 ? "" : "s") read, \(i.rowsEvaluated) evaluated, \(i.rowsRejected) rejected"
            if i.invalidCells > 0 { out += ", \(i.invalidCells) invalid cell\(i.invalidCells == 1 ? "" : "s")" }
            out += "\n"
        }
        buffer.write(out)
    }

    private func detail(_ f: Finding, asOf: Day) -> String {
        guard let due = f.due else { return "" }
        switch f.status {
        case .met: return ", done \(f.completed.map(\.iso) ?? "?") (due \(due))"
        case .pending, .dueSoon:
            let left = asOf.days(to: due)
            return ", due \(due) (\(left) day\(left == 1 ? "" : "s") left)"
        case .breached where (f.completed ?? due) < due:
            let early = f.completed.map { $0.days(to: due) } ?? 0
            return ", done \(f.completed.map(\.iso) ?? "?") (\(early) day\(early == 1 ? "" : "s") before the earliest lawful day \(due))"
        case .overdue, .breached, .excepted:
            let late = f.daysLate(asOf: asOf).map { " (\($0) day\($0 == 1 ? "" : "s") late)" } ?? ""
            return ", due \(due)" + (f.completed.map { ", done \($0)" } ?? "") + late
        case .invalid: return ""
        }
    }
}
