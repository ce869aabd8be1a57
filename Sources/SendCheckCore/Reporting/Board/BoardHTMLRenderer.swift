/// The board report as one self-contained HTML file: no script, no request beyond the file (styles and
/// charts are inline), A4 print styles, headings in order, tables with header cells, and every RAG
/// spelled out in words beside its colour (WCAG 2.2 AA).
public enum BoardHTMLRenderer {
    /// Lists longer than this show their first rows and a count of the rest.
    public static let listed = 50

    public static func render(_ report: BoardReport) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(report.context.title)): as of \(DayFormat.long(report.context.asOf))</title>\n"
        out += "<style>\n\(BoardHTMLStyle.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(e(report.context.title))</h1>\n"
        out +=
            "<p class=\"meta\">As of <strong>\(DayFormat.long(report.context.asOf))</strong>. Generated \(e(report.context.generated)) by sendcheck \(e(report.context.toolVersion)). "
        out += "Cases are shown by reference only.</p>\n"
        out += "<nav aria-label=\"Sections\"><ol>" + sections.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ol></nav>\n"
        out += headline(report)
        out += changes(report.changes)
        out += plans(report.plans)
        out += timescales(report.timescales)
        out += trends(report.trends)
        out += exceptions(report.exceptions, total: report.redFindings, waivers: report.waivers)
        out += dataQuality(report.dataQuality)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static let sections = [
        ("headline", "Headline"), ("changes", "What changed since the previous board"), ("plan", "Improvement plan"),
        ("timescales", "Statutory timescales"), ("trends", "Trends"), ("exceptions", "Exception report"), ("data", "Data quality"),
    ]

    static func e(_ s: String) -> String { XMLText.escape(s) }

    /// A RAG badge: the word always, the colour as well.
    static func rag(_ r: RAG?) -> String {
        guard let r else { return "<span class=\"rag rag-none\">None</span>" }
        return "<span class=\"rag rag-\(r.rawValue)\">\(r.rawValue.capitalizedFirst)</span>"
    }

    static func table(_ caption: String, _ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "<table>\n<caption>\(caption)</caption>\n<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        // Each cell's tags made once per column (a national exception report has thousands of rows).
        let width = rows.reduce(headers.count) { max($0, $1.count) }
        let opens = (0..<width).map { $0 == 0 ? "<tr><th scope=\"row\">" : numeric.contains($0) ? "<td class=\"num\">" : "<td>" }
        let closes = (0..<width).map { $0 == 0 ? "</th>" : "</td>" }
        out.reserveCapacity(out.utf8.count + rows.reduce(0) { $0 + 16 + $1.reduce(0) { $0 + $1.utf8.count + 24 } })
        for row in rows {
            if row.isEmpty { out += "<tr>" }
            for (i, cell) in row.enumerated() {
                out += opens[i]
                out += cell
                out += closes[i]
            }
            out += "</tr>\n"
        }
        if rows.isEmpty { out += "<tr><td colspan=\"\(headers.count)\">None.</td></tr>\n" }
        return out + "</tbody>\n</table>\n"
    }

    static func percent(_ v: Double?) -> String { v.map { TrendChart.label($0, percent: true) } ?? "–" }

    static func day(_ d: Day?) -> String { d.map { "<time datetime=\"\($0.iso)\">\(DayFormat.long($0))</time>" } ?? "–" }

    static func status(_ s: Status?) -> String { s.map { $0.rawValue.replacingUnderscores } ?? "no finding" }

    private static func headline(_ r: BoardReport) -> String {
        let h = r.headline
        var out = "<section aria-labelledby=\"headline\">\n<h2 id=\"headline\">Headline</h2>\n"
        out += "<p class=\"overall\">Overall: \(rag(h.rag))</p>\n"
        out += "<p>\(h.subjects) cases, plan actions and plans checked; findings now: "
        out += RAG.reportOrder.map { "\(h.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + ".</p>\n"
        if !h.bySeverity.isEmpty { out += "<p>By weight in law: \(e(h.severitySentence)).</p>\n" }
        out += table(
            "Data sources", ["Source", "Rows read", "Evaluated", "Rejected", "Invalid cells", "Rules not checked"],
            h.sources.map { s in
                [
                    e(s.path), String(s.rowsRead), String(s.rowsEvaluated), String(s.rowsRejected), String(s.invalidCells),
                    s.notChecked.isEmpty ? "none" : e(s.notChecked.map(\.rule).joined(separator: ", ")),
                ]
            }, numeric: [1, 2, 3, 4])
        out += table(
            "Rule packs", ["Pack", "Title", "Rules", "Version"], h.packs.map { [e($0.id), e($0.title), String($0.rules), e($0.version)] },
            numeric: [2])
        return out + "</section>\n"
    }

    private static func changes(_ c: BoardReport.Changes) -> String {
        var out = "<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">What changed since the previous board</h2>\n"
        out += "<p>Compared with \(day(c.since)), \(e(c.sinceWhy)): the same data evaluated as of that date.</p>\n"
        out += "<ul class=\"counts\">" + BoardReport.Changes.Kind.allCases.map { "<li>\(c.counts[$0] ?? 0) \($0.rawValue)</li>" }.joined() + "</ul>\n"
        for (kind, list) in c.lists {
            let shown = list.prefix(listed)
            out += "<h3>\(kind.rawValue.capitalizedFirst) (\(c.counts[kind] ?? 0))</h3>\n<p>\(e(BoardReport.Changes.meaning(kind)))</p>\n"
            out += table(
                kind.rawValue.capitalizedFirst, ["Case or action", "Rule", "Then", "Now", "Due", "Team"],
                shown.map { ch in
                    [
                        e(ch.key.subject), e(ch.key.rule), "\(rag(ch.before)) \(status(ch.statusBefore))",
                        "\(rag(ch.after)) \(status(ch.statusAfter))",
                        day(ch.due), e(ch.team ?? "–"),
                    ]
                })
            if list.count > shown.count { out += "<p class=\"more\">And \(list.count - shown.count) more.</p>\n" }
        }
        return out + "</section>\n"
    }

    private static func plans(_ plans: [BoardReport.PlanSection]) -> String {
        var out = "<section aria-labelledby=\"plan\">\n<h2 id=\"plan\">Improvement plan</h2>\n"
        if plans.isEmpty { out += "<p>No improvement plan was given.</p>\n" }
        for p in plans {
            let b = p.board
            out += "<h3>\(e(b.title))</h3>\n"
            out += "<p>Now \(rag(b.rag)); at the previous board \(rag(p.previousRAG)). \(direction(p.previousRAG, b.rag)).</p>\n"
            out += table(
                "Oversight windows of \(e(b.id))", ["Rule", "Status", "Due", "What it checks"],
                p.windows.map { [e($0.rule), "\(rag($0.rag)) \(status($0.status))", day($0.due), e($0.message)] })
            out += table(
                "Themes of \(e(b.id))", ["Theme", "Previous board", "Now", "Direction", "Actions (red, amber, green, blue)"],
                b.themes.map { t in
                    [
                        e("\(t.id) \(t.title)"), rag(p.previous[t.id]), rag(t.rag), direction(p.previous[t.id], t.rag),
                        [RAG.red, .amber, .green, .blue].map { String(t.counts[$0] ?? 0) }.joined(separator: ", "),
                    ]
                })
            let flagged = b.themes.flatMap { t in t.flagged.map { (t, $0) } }
            out += table(
                "Actions needing attention in \(e(b.id))", ["Action", "Lead", "Due", "Status", "RAG", "Why"],
                flagged.map { t, item in
                    [
                        e("\(item.action.id) \(item.action.title)"), e(item.action.lead ?? "no lead"), day(item.action.due),
                        e(item.action.status?.replacingUnderscores ?? "–"), rag(item.rag), e(item.items.map { $0.message }.joined(separator: "; ")),
                    ]
                })
            out += table("Timeline of \(e(b.id)), to the as-of date", ["Date", "Event"], b.timeline.map { [day($0.day), e($0.what)] })
        }
        return out + "</section>\n"
    }

    static func direction(_ before: RAG?, _ now: RAG) -> String {
        guard let before else { return "new" }
        return now.rank == before.rank ? "no change" : now.rank < before.rank ? "improving" : "worsening"
    }

    private static func timescales(_ t: BoardReport.Timescales) -> String {
        var out = "<section aria-labelledby=\"timescales\">\n<h2 id=\"timescales\">Statutory timescales</h2>\n"
        out += "<p>Steps completed from \(day(t.period.lowerBound)) to \(day(t.period.upperBound)); open steps as of the as-of date. "
        out += "\"Excluding exceptions\" leaves out cases with a recorded exception; \"including\" counts them as late, as the DfE reports.</p>\n"
        out += table(
            "By rule", ["Rule", "Completed", "On time (excl. exceptions)", "On time (incl. exceptions)", "Overdue", "Due soon", "Legal basis"],
            t.rules.map { l in
                [
                    e(l.rule) + "<br><span class=\"small\">\(e(l.title))</span>", String(l.total.completed),
                    percent(l.total.onTimeExcludingExceptions),
                    percent(l.total.onTimeIncludingExceptions), String(l.total.overdue), String(l.total.dueSoon), link(l.citation, l.url),
                ]
            }, numeric: [1, 2, 3, 4, 5])
        let shownTeams = Set(t.teams.prefix(listed))
        let teamRows = t.rules.flatMap { l in
            l.teams.filter { shownTeams.contains($0.team) }.map { team in
                [
                    e(team.team), e(l.rule), String(team.counts.completed), percent(team.counts.onTimeExcludingExceptions),
                    String(team.counts.overdue),
                    String(team.counts.dueSoon),
                ]
            }
        }
        out += table("By team", ["Team", "Rule", "Completed", "On time (excl. exceptions)", "Overdue", "Due soon"], teamRows, numeric: [2, 3, 4, 5])
        if let more = moreTeams(t) { out += "<p class=\"more\">\(e(more))</p>\n" }
        out += "<h3>The DfE's measures beside England's</h3>\n<p>Local figures for \(e(t.measuresPeriod)), \(e(t.measuresSource)). "
        out += "England: \(e(t.nationalSource)).</p>\n"
        out += table(
            "DfE timeliness measures", ["Measure", "Local", "Steps", "England", "England's year"],
            t.measures.map { m in
                [
                    e(m.title), m.unit == .weeks ? e(m.shown(m.value)) : percent(m.percent), String(m.total), percent(m.england),
                    m.englandYear.map(String.init) ?? "–",
                ]
            }, numeric: [1, 2, 3, 4])
        for note in t.measuresNotes { out += "<p class=\"note\">\(e(note))</p>\n" }
        return out + "</section>\n"
    }

    /// "And 199,950 more teams ...": the teams a by-team table leaves out, and where they are listed
    /// (nil when it lists every team).
    static func moreTeams(_ t: BoardReport.Timescales) -> String? {
        let shown = min(listed, t.teams.count)
        guard t.teamCount > shown else { return nil }
        let more = t.teamCount - shown
        let whole = t.teamCount <= t.teams.count ? "every one" : "the \(Diagnostics.grouped(t.teams.count)) largest"
        return "The \(shown) largest teams by findings are listed. And \(Diagnostics.grouped(more)) more team\(more == 1 ? "" : "s"): "
            + "the CSV form of this report (sendcheck report --format csv) lists \(whole)."
    }

    /// A link to a rule's legal source: only to a web address (`WebAddress`), else the text alone.
    static func link(_ text: String, _ url: String?) -> String {
        guard let url, WebAddress.isLinkable(url) else { return e(text) }
        return "<a href=\"\(e(url))\">\(e(text))</a>"
    }

    private static func trends(_ trends: [BoardReport.Trend]) -> String {
        var out = "<section aria-labelledby=\"trends\">\n<h2 id=\"trends\">Trends</h2>\n"
        out += "<p>Each point evaluates the same data as of that month end: what the service would have seen then.</p>\n"
        for (i, t) in trends.enumerated() {
            out +=
                "<figure>\n\(TrendChart.svg(t, id: "trend-\(i)"))\n<figcaption>\(e(t.title)). \(e(TrendChart.describe(t)))</figcaption>\n</figure>\n"
            // The chart's values as a table: one column per month end.
            out += "<table class=\"values\">\n<caption>Values: \(e(t.title))</caption>\n<thead><tr><th scope=\"col\">Month end</th>"
            out += t.points.map { "<th scope=\"col\" class=\"num\"><time datetime=\"\($0.day.iso)\">\(TrendChart.monthLabel($0.day))</time></th>" }
                .joined()
            out += "</tr></thead>\n<tbody><tr><th scope=\"row\">Value</th>"
            out += t.points.map { "<td class=\"num\">\($0.value.map { TrendChart.label($0, percent: t.isPercent) } ?? "–")</td>" }.joined()
            out += "</tr></tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    private static func exceptions(_ items: [BoardReport.ExceptionItem], total: Int, waivers: [Waiver]) -> String {
        var out = "<section aria-labelledby=\"exceptions\">\n<h2 id=\"exceptions\">Exception report</h2>\n"
        out +=
            "<p>\(total) red finding\(total == 1 ? "" : "s"), each with its statutory basis and who is accountable. The last column is for the board's commentary.</p>\n"
        if items.count < total {
            out += "<p class=\"more\">Listed: the \(items.count) longest-standing (at most \(BoardAccumulator.listedReds) of each rule). "
            out += "<code>sendcheck check --format csv</code> lists every one.</p>\n"
        }
        // A national report lists thousands of reds sharing a few rules, statuses and dates: each
        // rule's cells and each date are written once.
        var ruleCells: [String: (rule: String, message: String, basis: String)] = [:]
        var days: [Int: String] = [:]
        let statuses = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, e(status($0))) })
        // Data that cannot be read is a task for the data team, not a late step: listed apart.
        let late = items.filter { $0.status != .invalid }
        let toFix = items.filter { $0.status == .invalid }
        let rows = { (list: [BoardReport.ExceptionItem]) in
            list.map { x in
                let cells =
                    ruleCells[x.key.rule]
                    ?? {
                        let made = (e(x.key.rule), e(x.message), link(x.citation, x.url))
                        ruleCells[x.key.rule] = made
                        return made
                    }()
                let since =
                    x.since.map { d in
                        days[d.number]
                            ?? {
                                let made = day(d); days[d.number] = made; return made
                            }()
                    } ?? day(nil)
                let what = (statuses[x.status] ?? e(status(x.status))) + ": " + cells.message
                return [
                    e(x.key.subject), cells.rule, x.note.map { what + " (\(e($0)))" } ?? what, since,
                    cells.basis, e(x.accountable ?? "–"), "<span class=\"commentary\"></span>",
                ]
            }
        }
        let columns = ["Case or action", "Rule", "What", "Since", "Legal basis", "Accountable", "Commentary"]
        out += table("Late or missed steps (\(late.count))", columns, rows(late))
        if !toFix.isEmpty {
            out += "<h3>Data to fix</h3>\n<p>Clocks that cannot be checked because a value they read cannot be read: "
            out += "each names the field, and `check` names the cell. They are red until the data is corrected, but they are not late steps.</p>\n"
            out += table("Data to fix (\(toFix.count))", columns, rows(toFix))
        }
        out +=
            "<h3>Active waivers</h3>\n<p>Cases and rules the alert job is told not to alert on, each with a reason, an owner and an end date.</p>\n"
        out += table(
            "Active waivers (\(waivers.count))", ["Case", "Rule", "Until", "Owner", "Reason"],
            waivers.map { [e($0.subject), e($0.rule), day($0.until), e($0.owner), e($0.reason)] })
        return out + "</section>\n"
    }

    private static func dataQuality(_ d: BoardReport.DataQuality) -> String {
        var out = "<section aria-labelledby=\"data\">\n<h2 id=\"data\">Data quality</h2>\n"
        out += table(
            "Rows", ["Source", "Layout", "Rows read", "Evaluated", "Rejected", "Invalid cells"],
            d.sources.map {
                [e($0.path), e($0.layout), String($0.rowsRead), String($0.rowsEvaluated), String($0.rowsRejected), String($0.invalidCells)]
            },
            numeric: [2, 3, 4, 5])
        out += table(
            "Problems in the inputs, by kind", ["Source", "How many", "First of them"],
            d.problems.prefix(listed).map { [e($0.path), String($0.count), e($0.example)] }, numeric: [1])
        out += table(
            "Rules not checked, and why", ["Source", "Rule", "Why"],
            d.sources.flatMap { s in s.notChecked.map { [e(s.path), e($0.rule), e($0.why)] } })
        return out + "</section>\n"
    }
}
