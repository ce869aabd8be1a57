/// The board report as one CSV table for a spreadsheet: a `section` column, then the same columns for
/// every row, so an analyst can filter by section, rule, team or date.
public enum BoardCSVRenderer {
    public static let header = ["section", "as_of", "item", "rule", "team", "date", "status", "rag", "measure", "value", "detail"]

    public static func render(_ r: BoardReport) -> String {
        let asOf = r.context.asOf.iso
        var out = CSVText.row(header)
        func row(
            _ section: String, item: String = "", rule: String = "", team: String = "", date: String = "", status: String = "",
            rag: String = "", measure: String = "", value: String = "", detail: String = ""
        ) {
            out += CSVText.row([section, asOf, item, rule, team, date, status, rag, measure, value, detail])
        }
        row("headline", rag: r.headline.rag.rawValue, measure: "subjects", value: "\(r.headline.subjects)")
        for rag in RAG.reportOrder { row("headline", rag: rag.rawValue, measure: "findings", value: "\(r.headline.counts[rag] ?? 0)") }
        for severity in Severity.allCases {
            guard let counts = r.headline.bySeverity[severity] else { continue }
            for rag in RAG.reportOrder { row("headline", rag: rag.rawValue, measure: "\(severity.rawValue) findings", value: "\(counts[rag] ?? 0)") }
        }
        row("headline", measure: "children", value: "\(r.headline.children)")
        row("headline", measure: "plan_items", value: "\(r.headline.planSubjects)")
        for severity in Severity.allCases {
            guard let counts = r.headline.childrenBySeverity[severity] else { continue }
            for rag in [RAG.red, .amber, .green] {
                row("headline", rag: rag.rawValue, measure: "\(severity.rawValue) children", value: "\(counts[rag] ?? 0)")
            }
        }
        for m in r.front.measures {
            let unit = m.unit == .percent ? "pct" : "weeks"
            row("key_measure", item: m.id, measure: "local_\(unit)", value: pct(m.value), detail: "\(m.steps) \(m.stepsUnit)")
            row("key_measure", item: m.id, measure: "previous_board_\(unit)", value: pct(m.previous), detail: m.direction)
            row("key_measure", item: m.id, measure: "england_\(unit)", value: pct(m.england), detail: m.englandYear.map { "England \($0)" } ?? "")
            if let t = m.target {
                row("key_measure", item: m.id, date: t.target.by.iso, measure: "target_\(unit)", value: pct(t.target.value), detail: t.words)
                row("key_measure", item: m.id, date: t.forecastDay.iso, measure: "forecast_\(unit)", value: pct(t.forecast), detail: t.basis)
            }
        }
        for s in r.headline.sources {
            row("source", item: s.path, measure: "rows_read", value: "\(s.rowsRead)")
            row("source", item: s.path, measure: "rows_rejected", value: "\(s.rowsRejected)")
            row("source", item: s.path, measure: "invalid_cells", value: "\(s.invalidCells)")
            for n in s.notChecked { row("not_checked", item: s.path, rule: n.rule, detail: n.why) }
        }
        for kind in BoardReport.Changes.Kind.allCases {
            row("changes", date: r.changes.since.iso, measure: kind.rawValue, value: "\(r.changes.counts[kind] ?? 0)")
        }
        for kind in BoardReport.Changes.Kind.allCases {
            row("changes", date: r.changes.since.iso, measure: "\(kind.rawValue) children", value: "\(r.changes.children[kind] ?? 0)")
        }
        for (kind, list) in r.changes.lists {
            for c in list {
                row(
                    "change_" + String(kind.rawValue.map { $0 == " " ? "_" : $0 }), item: c.key.subject, rule: c.key.rule, team: c.team ?? "",
                    date: c.due?.iso ?? "",
                    status: c.statusAfter?.rawValue ?? "",
                    rag: c.after?.rawValue ?? "", detail: "was \(c.before?.rawValue ?? "none")")
            }
        }
        for p in r.plans {
            for t in p.board.themes {
                row("plan_theme", item: "\(p.board.id)/\(t.id)", rag: t.rag.rawValue, detail: "previous \(p.previous[t.id]?.rawValue ?? "none")")
            }
            for w in p.windows {
                row("plan_oversight", item: p.board.id, rule: w.rule, date: w.due?.iso ?? "", status: w.status.rawValue, rag: w.rag.rawValue)
            }
        }
        for l in r.timescales.rules {
            for (team, c) in [("(all)", l.total)] + l.teams.map({ ($0.team, $0.counts) }) {
                row("timescale", rule: l.rule, team: team, measure: "completed", value: "\(c.completed)")
                row("timescale", rule: l.rule, team: team, measure: "on_time_excluding_exceptions_pct", value: pct(c.onTimeExcludingExceptions))
                row("timescale", rule: l.rule, team: team, measure: "on_time_including_exceptions_pct", value: pct(c.onTimeIncludingExceptions))
                row("timescale", rule: l.rule, team: team, measure: "overdue", value: "\(c.overdue)")
                row("timescale", rule: l.rule, team: team, measure: "due_soon", value: "\(c.dueSoon)")
            }
        }
        row("timescale_teams", measure: "teams", value: "\(r.timescales.teamCount)", detail: "listed: \(r.timescales.teams.count)")
        for m in r.timescales.measures {
            if m.unit == .weeks {
                let weeks = m.value.map { String(Double(Int(($0 * 10).rounded())) / 10) } ?? ""
                row("dfe_measure", item: m.id, rule: m.rule, measure: "local_average_weeks", value: weeks, detail: r.timescales.measuresPeriod)
            } else {
                row("dfe_measure", item: m.id, rule: m.rule, measure: "local_pct", value: pct(m.percent), detail: r.timescales.measuresPeriod)
            }
            row(
                "dfe_measure", item: m.id, rule: m.rule, measure: "england_pct", value: pct(m.england),
                detail: m.englandYear.map { "England \($0)" } ?? m.englandNote ?? "")
        }
        for t in r.trends {
            for p in t.points {
                row(
                    "trend", item: t.id, date: p.day.iso, measure: t.isPercent ? "pct" : "count",
                    value: p.value.map { t.isPercent ? pct($0) : "\(Int($0))" } ?? "")
            }
        }
        row("exceptions", measure: "red_findings", value: "\(r.redFindings)", detail: "listed: \(r.exceptions.count)")
        for x in r.exceptions {
            row(
                "exception", item: x.key.subject, rule: x.key.rule, team: x.accountable ?? "", date: x.since?.iso ?? "", status: x.status.rawValue,
                rag: "red",
                detail: x.message)
        }
        for l in r.backlog.late {
            for (band, children) in zip(BoardBacklog.bands, l.bands) {
                row("late_by_age", rule: l.rule, measure: "\(band.title) children", value: "\(children)")
            }
        }
        for t in r.summary.byTeam { row("red_by_team", team: t.team, measure: "children", value: "\(t.children)") }
        for n in r.backlog.nearing {
            row(
                "nearing_20_weeks", item: n.subject, team: n.team, date: n.due.iso, status: "past week \(n.milestone)", measure: "days_left",
                value: "\(n.daysLeft)", detail: "requested \(n.start.iso)")
        }
        for v in r.backlog.reviewsInTeamOrder {
            row("review_due", item: v.subject, team: v.team, date: v.due.iso, status: "due", detail: r.backlog.term.description)
        }
        for w in r.waivers {
            row("waiver", item: w.subject, rule: w.rule, date: w.until.iso, detail: "\(w.owner): \(w.reason)")
        }
        return out
    }

    static func pct(_ v: Double?) -> String { v.map { String((($0 * 10).rounded()) / 10) } ?? "" }
}
