/// The board report as Markdown, to paste into a board paper: the same sections as the HTML, with the
/// charts' values as tables.
public enum BoardMarkdownRenderer {
    public static func render(_ r: BoardReport) -> String {
        var out = "# \(cell(r.context.title))\n\nAs of **\(DayFormat.long(r.context.asOf))**. Generated \(cell(r.context.generated)) "
        out += "by sendcheck \(cell(r.context.toolVersion)). Cases are shown by reference only.\n\n"
        let h = r.headline
        out += "## Headline\n\nOverall: **\(word(h.rag))**. \(h.subjects) cases, plan actions and plans checked; findings now: "
        out += RAG.reportOrder.map { "\(h.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + ".\n\n"
        if !h.bySeverity.isEmpty { out += "By weight in law: \(cell(h.severitySentence)).\n\n" }
        out += table(
            ["Source", "Rows read", "Evaluated", "Rejected", "Invalid cells", "Rules not checked"],
            h.sources.map {
                [
                    $0.path, "\($0.rowsRead)", "\($0.rowsEvaluated)", "\($0.rowsRejected)", "\($0.invalidCells)",
                    $0.notChecked.map(\.rule).joined(separator: ", "),
                ]
            })
        out += table(["Pack", "Title", "Rules", "Version"], h.packs.map { [$0.id, $0.title, "\($0.rules)", $0.version] })
        let c = r.changes
        out += "## What changed since the previous board\n\nCompared with \(DayFormat.long(c.since)), \(cell(c.sinceWhy)): "
        out += BoardReport.Changes.Kind.allCases.map { "\(c.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + ".\n\n"
        for (kind, list) in c.lists where !list.isEmpty {
            out += "### \(kind.rawValue.capitalizedFirst)\n\n\(BoardReport.Changes.meaning(kind))\n\n"
            out += table(
                ["Case or action", "Rule", "Then", "Now", "Due", "Team"],
                list.prefix(BoardHTMLRenderer.listed).map {
                    [$0.key.subject, $0.key.rule, word($0.before), word($0.after), $0.due?.iso ?? "", $0.team ?? ""]
                })
            if list.count > BoardHTMLRenderer.listed { out += "And \(list.count - BoardHTMLRenderer.listed) more.\n\n" }
        }
        out += "## Improvement plan\n\n"
        if r.plans.isEmpty { out += "No improvement plan was given.\n\n" }
        for p in r.plans { out += plan(p) }
        let t = r.timescales
        out +=
            "## Statutory timescales\n\nSteps completed from \(t.period.lowerBound) to \(t.period.upperBound); open steps as of the as-of date.\n\n"
        out += table(
            ["Rule", "Completed", "On time (excl. exceptions)", "On time (incl. exceptions)", "Overdue", "Due soon", "Legal basis"],
            t.rules.map { l in
                [
                    l.rule, "\(l.total.completed)", percent(l.total.onTimeExcludingExceptions), percent(l.total.onTimeIncludingExceptions),
                    "\(l.total.overdue)",
                    "\(l.total.dueSoon)", l.citation,
                ]
            })
        let shownTeams = Set(t.teams.prefix(BoardHTMLRenderer.listed))
        out += table(
            ["Team", "Rule", "Completed", "On time (excl. exceptions)", "Overdue", "Due soon"],
            t.rules.flatMap { l in
                l.teams.filter { shownTeams.contains($0.team) }.map {
                    [
                        $0.team, l.rule, "\($0.counts.completed)", percent($0.counts.onTimeExcludingExceptions), "\($0.counts.overdue)",
                        "\($0.counts.dueSoon)",
                    ]
                }
            })
        if let more = BoardHTMLRenderer.moreTeams(t) { out += more + "\n\n" }
        out +=
            "### The DfE's measures beside England's\n\nLocal: \(cell(t.measuresPeriod)), \(MarkdownText.escape(t.measuresSource, limit: 2000)). England: \(cell(t.nationalSource)).\n\n"
        out += table(
            ["Measure", "Local", "Steps", "England", "England's year"],
            t.measures.map {
                [
                    $0.title, $0.unit == .weeks ? $0.shown($0.value) : percent($0.percent), "\($0.total)", percent($0.england),
                    $0.englandYear.map(String.init) ?? "",
                ]
            })
        out += t.measuresNotes.map { cell($0) + "\n\n" }.joined()
        out += "## Trends\n\n"
        for trend in r.trends {
            out += "### \(cell(trend.title))\n\n\(TrendChart.describe(trend))\n\n"
            out += table(
                ["Month end", "Value"], trend.points.map { [$0.day.iso, $0.value.map { TrendChart.label($0, percent: trend.isPercent) } ?? ""] })
        }
        out += "## Exception report\n\n\(r.redFindings) red findings"
        out +=
            r.exceptions.count < r.redFindings
            ? "; listed: the \(r.exceptions.count) longest-standing (at most \(BoardAccumulator.listedReds) of each rule).\n\n" : ".\n\n"
        let rows = { (list: [BoardReport.ExceptionItem]) in
            list.map {
                [
                    $0.key.subject, $0.key.rule, "\($0.status.rawValue.replacingUnderscores): \($0.message)" + ($0.note.map { " (\($0))" } ?? ""),
                    $0.since?.iso ?? "", $0.citation, $0.accountable ?? "", "",
                ]
            }
        }
        let columns = ["Case or action", "Rule", "What", "Since", "Legal basis", "Accountable", "Commentary"]
        out += table(columns, rows(r.exceptions.filter { $0.status != .invalid }))
        let toFix = r.exceptions.filter { $0.status == .invalid }
        if !toFix.isEmpty {
            out += "### Data to fix\n\nClocks that cannot be checked because a value they read cannot be read (not late steps).\n\n"
            out += table(columns, rows(toFix))
        }
        out += "### Active waivers\n\n"
        out += table(["Case", "Rule", "Until", "Owner", "Reason"], r.waivers.map { [$0.subject, $0.rule, $0.until.iso, $0.owner, $0.reason] })
        out += "## Data quality\n\n"
        out += table(
            ["Source", "Layout", "Rows read", "Evaluated", "Rejected", "Invalid cells"],
            r.dataQuality.sources.map { [$0.path, $0.layout, "\($0.rowsRead)", "\($0.rowsEvaluated)", "\($0.rowsRejected)", "\($0.invalidCells)"] })
        out += table(
            ["Source", "How many", "First of them"],
            r.dataQuality.problems.prefix(BoardHTMLRenderer.listed).map { [$0.path, "\($0.count)", $0.example] })
        return out
    }

    /// One plan's section: its RAG now and at the previous board, the oversight windows, the themes
    /// with their direction of travel, the actions needing attention, and the dated timeline.
    public static func plan(_ p: BoardReport.PlanSection) -> String {
        var out = "### \(cell(p.board.title))\n\n"
        out += "Now **\(word(p.board.rag))**; at the previous board \(word(p.previousRAG)).\n\n"
        out += table(
            ["Oversight rule", "Status", "Due", "What it checks"],
            p.windows.map { [$0.rule, "\(word($0.rag)) (\($0.status.rawValue.replacingUnderscores))", $0.due?.iso ?? "", $0.message] })
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
            p.board.themes.flatMap {
                $0.flagged.map { f in
                    [
                        "\(f.action.id) \(f.action.title)", f.action.lead ?? "no lead", f.action.due?.iso ?? "",
                        f.action.status?.replacingUnderscores ?? "",
                        word(f.rag), f.items.map { "\($0.rule) \($0.status.rawValue.replacingUnderscores)" }.joined(separator: "; "),
                    ]
                }
            })
        out += table(["Date", "Event"], p.board.timeline.map { [$0.day.iso, $0.what] })
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
