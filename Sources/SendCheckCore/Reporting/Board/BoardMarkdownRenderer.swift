/// The board report as Markdown, to paste into a board paper: the same sections as the HTML, with the
/// charts' values as tables.
public enum BoardMarkdownRenderer {
    public static func render(_ r: BoardReport) -> String {
        front(r) + changesAndPlans(r) + timescales(r) + trends(r) + exceptions(r) + dataQuality(r)
    }

    /// The title, the overall RAG and the key measures.
    static func front(_ r: BoardReport) -> String {
        let f = r.front
        let h = r.headline
        var out = f.council.map { "**\(cell($0))**\n\n" } ?? ""
        out += "# \(cell(r.context.title))\n\n"
        if let board = f.board { out += "For the **\(cell(board))**. " }
        out +=
            "As of **\(DayFormat.long(r.context.asOf))**; compared with \(DayFormat.long(r.changes.since)). Generated \(cell(r.context.generated)) "
        out += "by sendcheck \(cell(r.context.toolVersion)). Children are shown by case reference only.\n\n"
        out += "Overall: **\(word(f.overall))**. \(cell(f.overallWords))\n\n"
        out += "Checked: \(h.children) children and \(h.planSubjects) plan items. \(cell(BoardHTMLRenderer.severityChildren(h)))\n\n"
        out += table(
            ["Measure", "This council", "Steps", "Target", "On track", "Forecast", "England", "Since the previous board"],
            f.measures.map { m in
                [
                    m.title, m.shown(m.value), "\(m.steps) \(m.stepsUnit)",
                    m.target.map { "\(m.shown($0.target.value)) by \($0.target.by.iso)" } ?? "none set",
                    m.target?.words ?? "", m.target?.forecast.map { m.shown($0) } ?? "",
                    m.england.map { "\(m.shown($0)) (\(m.englandYear.map(String.init) ?? ""))" } ?? "",
                    m.direction + (m.previous.map { " (was \(m.shown($0)))" } ?? ""),
                ]
            })
        out += "This council: \(cell(r.timescales.measuresPeriod)). England: \(cell(r.timescales.nationalSource)). \(cell(f.method))\n\n"
        return out
    }

    /// What changed since the previous board, and the improvement plans by theme.
    static func changesAndPlans(_ r: BoardReport) -> String {
        let c = r.changes
        var out = ""
        out += "## What changed since the previous board\n\nCompared with \(DayFormat.long(c.since)), \(cell(c.sinceWhy)). Counted in children.\n\n"
        out += table(
            ["Change", "Children", "Findings", "What it means"],
            BoardReport.Changes.Kind.allCases.map { [$0.title, "\(c.children[$0] ?? 0)", "\(c.counts[$0] ?? 0)", BoardReport.Changes.meaning($0)] })
        out += "## Improvement plan by theme\n\n"
        if r.plans.isEmpty { out += "No improvement plan was given.\n\n" }
        for p in r.plans { out += plan(p, listed: BoardHTMLRenderer.listed) }
        return out
    }

    /// The statutory timescales by weight, the backlog and every DfE measure.
    static func timescales(_ r: BoardReport) -> String {
        let b = r.backlog
        let t = r.timescales
        var out = ""
        out +=
            "## Statutory timescales\n\nChildren with a step completed from \(t.period.lowerBound) to \(t.period.upperBound); children with a step open now.\n\n"
        for (severity, heading) in [
            (Severity.statutory, "Timescales in law: a late step is a breach"), (.guidance, "Guidance: not breaches of law"),
            (.advisory, "Advisory standards (not law)"),
        ] {
            let lines = t.rules.filter { $0.severity == severity }
            guard !lines.isEmpty else { continue }
            out += "### \(heading)\n\n"
            out += table(
                [
                    "Rule", "Id", "Children completed", "On time (excl. exceptions)", "On time (incl. exceptions)", "Children late",
                    "Children due soon", "Target", "Legal basis",
                ],
                lines.map { l in
                    [
                        l.title, l.rule, "\(l.total.completed)", percent(l.total.onTimeExcludingExceptions),
                        percent(l.total.onTimeIncludingExceptions),
                        "\(l.total.overdue)", "\(l.total.dueSoon)",
                        l.target.map { "\(percent($0.target.value)) by \($0.target.by.iso): \($0.words)" } ?? "", l.citation,
                    ]
                })
        }
        out += "### Requests that will miss 20 weeks unless the plan is issued soon\n\n\(b.nearingTotal) children: "
        out += zip(BoardBacklog.milestones, b.nearingByMilestone).map { "\($1) past week \($0)" }.joined(separator: ", ") + ".\n\n"
        out += table(
            ["Case", "Team", "Requested", "Plan due", "Days left"],
            b.nearing.prefix(BoardHTMLRenderer.listed).map { [$0.subject, $0.team, $0.start.iso, $0.due.iso, "\($0.daysLeft)"] })
        out += "### Annual reviews due in \(b.term.description)\n\n\(b.reviewsTotal) children.\n\n"
        out += table(["Team", "Children"], b.reviewsByTeam.prefix(10).map { [$0.team, "\($0.children)"] })
        out += "### All the DfE's measures\n\n"
        out += table(
            ["Measure", "This council", "Steps", "England", "England's year"],
            t.measures.map {
                [
                    $0.title, $0.unit == .weeks ? $0.shown($0.value) : percent($0.percent), "\($0.total)", percent($0.england),
                    $0.englandYear.map(String.init) ?? "",
                ]
            })
        out += t.measuresNotes.map { cell($0) + "\n\n" }.joined()
        return out
    }

    /// Each trend with its values as a table.
    static func trends(_ r: BoardReport) -> String {
        var out = ""
        out += "## Trends\n\n"
        for trend in r.trends {
            out += "### \(cell(trend.title))\n\n\(cell(TrendChart.describe(trend)))\n\n"
            out += table(
                ["Month end", trend.isPercent ? "%" : "Children"],
                trend.points.map { [$0.day.iso, $0.value.map { TrendChart.label($0, percent: trend.isPercent) } ?? ""] })
        }
        return out
    }

    /// The exception summary, the longest-standing reds and the waivers.
    static func exceptions(_ r: BoardReport) -> String {
        let b = r.backlog
        let s = r.summary
        var out = ""
        out +=
            "## Exception summary\n\n\(s.children) children with a statutory timescale missed or data that cannot be read, in \(r.redFindings) red findings.\n\n"
        out += table(["Rule", "Id", "Weight", "Children"], s.byRule.map { [$0.title, $0.rule, $0.severity.rawValue, "\($0.children)"] })
        out += table(["Team", "Children with a red"], s.byTeam.map { [$0.team, "\($0.children)"] })
        out += table(["Rule"] + BoardBacklog.bands.map(\.title), b.late.map { [$0.rule] + $0.bands.map { "\($0)" } })
        let late = r.longestStanding
        out += table(
            ["Case", "Rule", "What", "Red since", "Accountable", "Commentary"],
            late.prefix(BoardHTMLRenderer.longestStanding).map {
                [
                    $0.key.subject, $0.key.rule, $0.status.rawValue.replacingUnderscores + ($0.note.map { " (\($0))" } ?? ""), $0.since?.iso ?? "",
                    $0.accountable ?? "", "",
                ]
            })
        if r.redFindings > BoardHTMLRenderer.listed {
            out +=
                r.context.appendix.map { "Every red: the appendix, \(cell($0)) (section red).\n\n" }
                ?? "Every red: run sendcheck report with --appendix FILE (section red).\n\n"
        }
        out += "### Active waivers (\(r.waivers.count))\n\n"
        out += table(
            ["Case", "Rule", "Until", "Owner", "Reason"], r.waivers.prefix(10).map { [$0.subject, $0.rule, $0.until.iso, $0.owner, $0.reason] })
        return out
    }

    /// The sources read, the problems met and the packs used.
    static func dataQuality(_ r: BoardReport) -> String {
        let h = r.headline
        var out = ""
        out += "## Data quality\n\n"
        out += table(
            ["Source", "Layout", "Rows read", "Evaluated", "Rejected", "Invalid cells"],
            r.dataQuality.sources.map { [$0.path, $0.layout, "\($0.rowsRead)", "\($0.rowsEvaluated)", "\($0.rowsRejected)", "\($0.invalidCells)"] })
        out += table(["Source", "How many", "First of them"], r.dataQuality.problems.prefix(10).map { [$0.path, "\($0.count)", $0.example] })
        out += table(["Pack", "Title", "Rules", "Version"], h.packs.map { [$0.id, $0.title, "\($0.rules)", $0.version] })
        return out
    }

    /// One plan's section: its RAG now and at the previous board, the oversight windows, the themes
    /// with their direction of travel, the actions needing attention, and the dated timeline.
    public static func plan(_ p: BoardReport.PlanSection, listed: Int = .max) -> String {
        var out = "### \(cell(p.board.title))\n\n"
        out += "Now **\(word(p.board.rag))**; at the previous board \(word(p.previousRAG)).\n\n"
        out += table(
            ["Oversight rule", "Status", "Due", "What it checks"],
            p.board.windows.map { [$0.rule, "\(word($0.rag)) (\($0.status.rawValue.replacingUnderscores))", $0.due?.iso ?? "", $0.message] })
        out += table(
            ["Theme", "Previous board", "Now", "Direction", "Actions (red, amber, green, blue)"],
            p.board.themes.map { t in
                [
                    "\(t.id) \(t.title)", word(p.previous[t.id]), word(t.rag), BoardHTMLRenderer.direction(p.previous[t.id], t.rag),
                    [RAG.red, .amber, .green, .blue].map { String(t.counts[$0] ?? 0) }.joined(separator: ", "),
                ]
            })
        out += table(
            ["Action", "Lead", "Due", "Status", "RAG", "Why"],
            p.board.themes.flatMap { $0.flagged }.prefix(listed).map { f in
                [
                    "\(f.action.id) \(f.action.title)", f.action.lead ?? "no lead", f.action.due?.iso ?? "",
                    f.action.status?.replacingUnderscores ?? "",
                    word(f.rag), f.items.map { "\($0.rule) \($0.status.rawValue.replacingUnderscores)" }.joined(separator: "; "),
                ]
            })
        out += table(["Date", "Event"], p.board.timeline.suffix(listed == .max ? .max : 8).map { [$0.day.iso, $0.what] })
        return out
    }

    static func word(_ r: RAG?) -> String { r.map { $0.rawValue.capitalizedFirst } ?? "None" }

    static func percent(_ v: Double?) -> String { v.map { TrendChart.label($0, percent: true) } ?? "–" }

    /// Text from the data, a plan or a rule pack, in a table cell or a sentence: literal text
    /// (`MarkdownText`), with no HTML, link, line break or control character of its own.
    static func cell(_ s: String) -> String { MarkdownText.escape(s) }

    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "None.\n\n" }
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n|" + headers.map { _ in "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out + "\n"
    }
}
