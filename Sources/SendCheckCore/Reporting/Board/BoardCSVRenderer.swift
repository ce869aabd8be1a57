/// The board report as one CSV table for a spreadsheet: a `section` column, then the same columns for
/// every row, so an analyst can filter by section, rule, team or date.
public enum BoardCSVRenderer {
    public static let header = ["section", "as_of", "item", "rule", "team", "date", "status", "rag", "measure", "value", "detail"]

    public static func render(_ r: BoardReport) -> String {
        var rows = Rows(asOf: r.context.asOf.iso)
        headline(r, &rows)
        sources(r, &rows)
        timescales(r, &rows)
        lists(r, &rows)
        return rows.text
    }

    /// The rows written so far, every one with the report's as-of date.
    struct Rows {
        var text = CSVText.row(header)
        let asOf: String

        /// Writes a row: the section, then each column by name (blank when not given). The columns are
        /// the parameters, each labelled, so a row says what each value is.
        mutating func callAsFunction(
            _ section: String, item: String = "", rule: String = "", team: String = "", date: String = "", status: String = "",
            rag: String = "", measure: String = "", value: String = "", detail: String = ""
        ) {
            text += CSVText.row([section, asOf, item, rule, team, date, status, rag, measure, value, detail])
        }
    }

    /// The headline: subjects, findings and children by RAG and severity, and the key measures.
    static func headline(_ r: BoardReport, _ rows: inout Rows) {
        rows("headline", rag: r.headline.rag.rawValue, measure: "subjects", value: "\(r.headline.subjects)")
        for rag in RAG.reportOrder { rows("headline", rag: rag.rawValue, measure: "findings", value: "\(r.headline.counts[rag] ?? 0)") }
        for severity in Severity.allCases {
            guard let counts = r.headline.bySeverity[severity] else { continue }
            for rag in RAG.reportOrder { rows("headline", rag: rag.rawValue, measure: "\(severity.rawValue) findings", value: "\(counts[rag] ?? 0)") }
        }
        rows("headline", measure: "children", value: "\(r.headline.children)")
        rows("headline", measure: "plan_items", value: "\(r.headline.planSubjects)")
        for severity in Severity.allCases {
            guard let counts = r.headline.childrenBySeverity[severity] else { continue }
            for rag in [RAG.red, .amber, .green] {
                rows("headline", rag: rag.rawValue, measure: "\(severity.rawValue) children", value: "\(counts[rag] ?? 0)")
            }
        }
        for m in r.front.measures {
            let unit = m.unit == .percent ? "pct" : "weeks"
            rows("key_measure", item: m.id, measure: "local_\(unit)", value: pct(m.value), detail: "\(m.steps) \(m.stepsUnit)")
            rows("key_measure", item: m.id, measure: "previous_board_\(unit)", value: pct(m.previous), detail: m.direction)
            rows("key_measure", item: m.id, measure: "england_\(unit)", value: pct(m.england), detail: m.englandYear.map { "England \($0)" } ?? "")
            if let t = m.target {
                rows("key_measure", item: m.id, date: t.target.by.iso, measure: "target_\(unit)", value: pct(t.target.value), detail: t.words)
                rows("key_measure", item: m.id, date: t.forecastDay.iso, measure: "forecast_\(unit)", value: pct(t.forecast), detail: t.basis)
            }
        }
    }

    /// The sources read, the changes since the previous board and the plans.
    static func sources(_ r: BoardReport, _ rows: inout Rows) {
        for s in r.headline.sources {
            rows("source", item: s.path, measure: "rows_read", value: "\(s.rowsRead)")
            rows("source", item: s.path, measure: "rows_rejected", value: "\(s.rowsRejected)")
            rows("source", item: s.path, measure: "invalid_cells", value: "\(s.invalidCells)")
            for n in s.notChecked { rows("not_checked", item: s.path, rule: n.rule, detail: n.why) }
        }
        for kind in BoardReport.Changes.Kind.allCases {
            rows("changes", date: r.changes.since.iso, measure: kind.rawValue, value: "\(r.changes.counts[kind] ?? 0)")
        }
        for kind in BoardReport.Changes.Kind.allCases {
            rows("changes", date: r.changes.since.iso, measure: "\(kind.rawValue) children", value: "\(r.changes.children[kind] ?? 0)")
        }
        for (kind, list) in r.changes.lists {
            for c in list {
                rows(
                    "change_" + String(kind.rawValue.map { $0 == " " ? "_" : $0 }), item: c.key.subject, rule: c.key.rule, team: c.team ?? "",
                    date: c.due?.iso ?? "",
                    status: c.statusAfter?.rawValue ?? "",
                    rag: c.after?.rawValue ?? "", detail: "was \(c.before?.rawValue ?? "none")")
            }
        }
        for p in r.plans {
            for t in p.board.themes {
                rows("plan_theme", item: "\(p.board.id)/\(t.id)", rag: t.rag.rawValue, detail: "previous \(p.previous[t.id]?.rawValue ?? "none")")
            }
            for w in p.board.windows {
                rows("plan_oversight", item: p.board.id, rule: w.rule, date: w.due?.iso ?? "", status: w.status.rawValue, rag: w.rag.rawValue)
            }
        }
    }

    /// The timescales by rule and team, the DfE measures and the trends.
    static func timescales(_ r: BoardReport, _ rows: inout Rows) {
        for l in r.timescales.rules {
            for (team, c) in [("(all)", l.total)] + l.teams.map({ ($0.team, $0.counts) }) {
                rows("timescale", rule: l.rule, team: team, measure: "completed", value: "\(c.completed)")
                rows("timescale", rule: l.rule, team: team, measure: "on_time_excluding_exceptions_pct", value: pct(c.onTimeExcludingExceptions))
                rows("timescale", rule: l.rule, team: team, measure: "on_time_including_exceptions_pct", value: pct(c.onTimeIncludingExceptions))
                rows("timescale", rule: l.rule, team: team, measure: "overdue", value: "\(c.overdue)")
                rows("timescale", rule: l.rule, team: team, measure: "due_soon", value: "\(c.dueSoon)")
            }
        }
        rows("timescale_teams", measure: "teams", value: "\(r.timescales.teamCount)", detail: "listed: \(r.timescales.teams.count)")
        for m in r.timescales.measures {
            if m.unit == .weeks {
                let weeks = m.value.map { String(Double(Int(($0 * 10).rounded())) / 10) } ?? ""
                rows("dfe_measure", item: m.id, rule: m.rule, measure: "local_average_weeks", value: weeks, detail: r.timescales.measuresPeriod)
            } else {
                rows("dfe_measure", item: m.id, rule: m.rule, measure: "local_pct", value: pct(m.percent), detail: r.timescales.measuresPeriod)
            }
            rows(
                "dfe_measure", item: m.id, rule: m.rule, measure: "england_pct", value: pct(m.england),
                detail: m.englandYear.map { "England \($0)" } ?? m.englandNote ?? "")
        }
        for t in r.trends {
            for p in t.points {
                rows(
                    "trend", item: t.id, date: p.day.iso, measure: t.isPercent ? "pct" : "count",
                    value: p.value.map { t.isPercent ? pct($0) : "\(Int($0))" } ?? "")
            }
        }
    }

    /// The exceptions, the backlog and the waivers.
    static func lists(_ r: BoardReport, _ rows: inout Rows) {
        rows("exceptions", measure: "red_findings", value: "\(r.redFindings)", detail: "listed: \(r.exceptions.count)")
        for x in r.exceptions {
            rows(
                "exception", item: x.key.subject, rule: x.key.rule, team: x.accountable ?? "", date: x.since?.iso ?? "", status: x.status.rawValue,
                rag: "red",
                detail: x.message)
        }
        for l in r.backlog.late {
            for (band, children) in zip(BoardBacklog.bands, l.bands) {
                rows("late_by_age", rule: l.rule, measure: "\(band.title) children", value: "\(children)")
            }
        }
        for t in r.summary.byTeam { rows("red_by_team", team: t.team, measure: "children", value: "\(t.children)") }
        for n in r.backlog.nearing {
            rows(
                "nearing_20_weeks", item: n.subject, team: n.team, date: n.due.iso, status: "past week \(n.milestone)", measure: "days_left",
                value: "\(n.daysLeft)", detail: "requested \(n.start.iso)")
        }
        for v in r.backlog.reviewsInTeamOrder {
            rows("review_due", item: v.subject, team: v.team, date: v.due.iso, status: "due", detail: r.backlog.term.description)
        }
        for w in r.waivers {
            rows("waiver", item: w.subject, rule: w.rule, date: w.until.iso, detail: "\(w.owner): \(w.reason)")
        }
    }

    static func pct(_ v: Double?) -> String { v.map { String((($0 * 10).rounded()) / 10) } ?? "" }
}
