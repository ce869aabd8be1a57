/// The board paper as one self-contained HTML file: no script, no request beyond the file (styles and
/// charts are inline), A4 print styles, headings in order, tables with header cells, and every RAG
/// spelled out in words beside its colour (WCAG 2.2 AA). Page 1 holds what a board reads first; every
/// list is bounded so the paper prints on a dozen pages whatever the size of the council, and the
/// full lists go to the appendix (`--appendix`). Every count names its unit.
public enum BoardHTMLRenderer {
    /// Lists longer than this show their first rows and where the rest are.
    public static let listed = 15

    public static func render(_ report: BoardReport) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(heading(report))): as of \(DayFormat.long(report.context.asOf))</title>\n"
        out += "<style>\n\(BoardHTMLStyle.css)</style>\n</head>\n<body>\n<main>\n"
        out += front(report)
        out += changes(report)
        out += plans(report.plans, titles: report.titles)
        out += timescales(report)
        out += trends(report.trends)
        out += exceptions(report)
        out += dataQuality(report)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static let sections = [
        ("summary", "Summary and the DfE's measures"), ("changes", "What changed since the previous board"), ("plan", "Improvement plan by theme"),
        ("timescales", "Statutory timescales"), ("trends", "Trends"), ("exceptions", "Exception summary"), ("data", "Data quality"),
    ]

    /// "Northshire County Council: SEND statutory timescales and improvement plan".
    static func heading(_ r: BoardReport) -> String {
        r.front.council.map { "\($0): \(r.context.title)" } ?? r.context.title
    }

    static func e(_ s: String) -> String { XMLText.escape(s) }

    /// A RAG badge: the word always, the colour as well.
    static func rag(_ r: RAG?) -> String {
        guard let r else { return "<span class=\"rag rag-none\">None</span>" }
        return "<span class=\"rag rag-\(r.rawValue)\">\(r.rawValue.capitalizedFirst)</span>"
    }

    /// A table with a caption, header cells and row headers; `widths` gives each column's share of the
    /// page in percent (the columns not given share what is left), so a long title column is not
    /// squeezed to the width of a count.
    static func table(
        _ caption: String, _ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], widths: [Int] = [], rowHeaders: Bool = true
    ) -> String {
        var out = "<table>\n<caption>\(caption)</caption>\n"
        if !widths.isEmpty { out += "<colgroup>" + widths.map { "<col style=\"width: \($0)%\">" }.joined() + "</colgroup>\n" }
        out += "<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        let width = rows.reduce(headers.count) { max($0, $1.count) }
        let opens = (0..<width).map {
            $0 == 0 && rowHeaders ? "<tr><th scope=\"row\">" : ($0 == 0 ? "<tr>" : "") + (numeric.contains($0) ? "<td class=\"num\">" : "<td>")
        }
        let closes = (0..<width).map { $0 == 0 && rowHeaders ? "</th>" : "</td>" }
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

    static func n(_ count: Int) -> String { Diagnostics.grouped(count) }

    /// "12 children", "1 child".
    static func children(_ count: Int) -> String { "\(n(count)) \(count == 1 ? "child" : "children")" }

    /// A rule as a person reads it: its plain title, with the id beside it for analysts.
    static func rule(_ id: String, _ titles: [String: String]) -> String {
        guard let title = titles[id], !title.isEmpty else { return e(id) }
        return "\(e(title)) <span class=\"id\">\(e(id))</span>"
    }

    /// Where the rest of a cut list is: the appendix written beside the report, or how to write one.
    /// `cut`: the appendix's list is cut too (more than `BoardAccumulator.appendixLimit`).
    static func whereRest(_ r: BoardReport, section: String, cut: Bool = false) -> String {
        let limit =
            cut
            ? " It lists at most \(n(BoardAccumulator.appendixLimit)) of each rule or kind; <code>sendcheck check --format csv</code> lists every finding."
            : ""
        if let appendix = r.context.appendix { return "The full list is in the appendix, \(e(appendix)) (section <code>\(section)</code>).\(limit)" }
        return "The full list: <code>sendcheck report --appendix FILE</code> (section <code>\(section)</code>).\(limit)"
    }

    /// Page 1: whose paper, the overall RAG in words, and the six DfE measures with targets and England.
    private static func front(_ r: BoardReport) -> String {
        let f = r.front
        var out = "<section aria-labelledby=\"summary\" class=\"front\">\n"
        if let council = f.council { out += "<p class=\"council\">\(e(council))</p>\n" }
        out += "<h1 id=\"summary\">\(e(r.context.title))</h1>\n"
        out += "<p class=\"meta\">"
        if let board = f.board { out += "For the <strong>\(e(board))</strong>. " }
        out += "As of <strong>\(DayFormat.long(r.context.asOf))</strong>; compared with \(day(r.changes.since)). "
        out += "Generated \(e(r.context.generated)) by sendcheck \(e(r.context.toolVersion)). Children are shown by case reference only.</p>\n"
        out += "<p class=\"overall\">Overall: \(rag(f.overall)) \(e(f.overallWords))</p>\n"
        let h = r.headline
        out += "<p>Checked: \(children(h.children)) and \(n(h.planSubjects)) plan item\(h.planSubjects == 1 ? "" : "s") (plans and their actions). "
        out += e(severityChildren(h)) + "</p>\n"
        out += table(
            "The DfE's timeliness measures: this council, its target and England",
            ["Measure", "This council", "Target", "England", "Since the previous board", "Last 12 month ends"],
            f.measures.map { m in
                [
                    e(m.title),
                    "<strong>\(e(m.shown(m.value)))</strong><br><span class=\"small\">of \(n(m.steps)) \(e(m.steps == 1 ? m.stepUnit : m.stepsUnit))</span>",
                    target(m),
                    m.england.map { "\(e(m.shown($0)))<br><span class=\"small\">\(m.englandYear.map { "in \($0)" } ?? "")</span>" } ?? "–",
                    e(m.direction) + (m.previous.map { "<br><span class=\"small\">was \(e(m.shown($0)))</span>" } ?? ""),
                    TrendChart.sparkline(m),
                ]
            }, numeric: [1, 3], widths: [25, 13, 16, 11, 13, 22])
        out += "<p class=\"small\">This council: steps completed in \(e(r.timescales.measuresPeriod)), \(e(r.timescales.measuresSource)). "
        out += "Since the previous board: the 12 months to the as-of date against the 12 months to \(DayFormat.long(r.changes.since)). "
        out += "England: \(e(r.timescales.nationalSource)). \(e(f.method))</p>\n"
        out +=
            "<nav aria-label=\"Sections\"><ol>" + sections.dropFirst().map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ol></nav>\n"
        return out + "</section>\n"
    }

    /// "Statutory timescales: 12 children red, 3 amber. Guidance: ..." in children.
    static func severityChildren(_ h: BoardReport.Headline) -> String {
        let words: [Severity: String] = [
            .statutory: "Statutory timescales", .guidance: "Guidance (the Code of Practice's \"should\")",
            .advisory: "Advisory standards (not law)",
        ]
        return Severity.allCases.compactMap { s -> String? in
            guard let counts = h.childrenBySeverity[s] else { return nil }
            let parts = [RAG.red, .amber, .green].filter { (counts[$0] ?? 0) > 0 }.map { "\(n(counts[$0]!)) \($0.rawValue)" }
            return "\(words[s]!): children by their worst finding, \(parts.isEmpty ? "none" : parts.joined(separator: ", "))."
        }.joined(separator: " ")
    }

    /// A measure's target cell: the target, on or off track, and the forecast.
    static func target(_ m: BoardReport.KeyMeasure) -> String {
        guard let t = m.target else { return "none set" }
        var out = "\(e(m.shown(t.target.value))) by \(day(t.target.by))<br><strong>\(t.words)</strong>"
        if let forecast = t.forecast { out += "<br><span class=\"small\">forecast \(e(m.shown(forecast)))</span>" }
        return out
    }

    private static func changes(_ r: BoardReport) -> String {
        let c = r.changes
        var out = "<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">What changed since the previous board</h2>\n"
        out += "<p>Compared with \(day(c.since)), \(e(c.sinceWhy)): the same data evaluated as of that date. "
        out += "Counted in children (and plan actions); a child whose two clocks both changed is counted once in each kind.</p>\n"
        out += table(
            "Changes since the previous board, in children", ["Change", "Children", "Findings", "What it means"],
            BoardReport.Changes.Kind.allCases.map { k in
                [e(k.title), n(c.children[k] ?? 0), n(c.counts[k] ?? 0), e(BoardReport.Changes.meaning(k))]
            }, numeric: [1, 2], widths: [14, 10, 10, 66])
        let shown = c.newReds.prefix(10)
        out += table(
            "New reds (the first \(shown.count) of \(n(c.counts[.newReds] ?? 0)) findings, by rule and case)",
            ["Case", "Rule", "Then", "Now", "Due", "Team"],
            shown.map { ch in
                [
                    e(ch.key.subject), rule(ch.key.rule, r.titles), "\(rag(ch.before)) \(status(ch.statusBefore))",
                    "\(rag(ch.after)) \(status(ch.statusAfter))", day(ch.due), e(ch.team ?? "–"),
                ]
            }, widths: [14, 34, 13, 13, 14, 12])
        if (c.counts[.newReds] ?? 0) > shown.count || c.lists.contains(where: { !$0.list.isEmpty && $0.kind != .newReds }) {
            let cut = BoardReport.Changes.Kind.allCases.contains { (c.counts[$0] ?? 0) > BoardAccumulator.appendixLimit }
            out += "<p class=\"more\">Every change of every kind: \(whereRest(r, section: "change_new_red", cut: cut))</p>\n"
        }
        return out + "</section>\n"
    }

    private static func plans(_ plans: [BoardReport.PlanSection], titles: [String: String]) -> String {
        var out = "<section aria-labelledby=\"plan\">\n<h2 id=\"plan\">Improvement plan by theme</h2>\n"
        if plans.isEmpty { out += "<p>No improvement plan was given.</p>\n" }
        for p in plans {
            let b = p.board
            out += "<h3>\(e(b.title))</h3>\n"
            out += "<p>Now \(rag(b.rag)); at the previous board \(rag(p.previousRAG)). \(direction(p.previousRAG, b.rag).capitalizedFirst).</p>\n"
            out += table(
                "Themes of \(e(b.id))", ["Theme", "Previous board", "Now", "Direction", "Actions: red, amber, green, blue"],
                b.themes.map { t in
                    [
                        e("\(t.id) \(t.title)"), rag(p.previous[t.id]), rag(t.rag), direction(p.previous[t.id], t.rag),
                        [RAG.red, .amber, .green, .blue].map { String(t.counts[$0] ?? 0) }.joined(separator: ", ") + " actions",
                    ]
                }, widths: [40, 13, 11, 14, 22])
            let flagged = b.themes.flatMap { t in t.flagged.map { (t, $0) } }
            out += table(
                "Actions needing attention in \(e(b.id)) (\(flagged.count) action\(flagged.count == 1 ? "" : "s"))",
                ["Action", "Lead", "Due", "RAG", "Why"],
                flagged.prefix(listed).map { _, item in
                    [
                        e("\(item.action.id) \(item.action.title)"), e(item.action.lead ?? "no lead"), day(item.action.due), rag(item.rag),
                        e(item.items.map { $0.message }.joined(separator: "; ")),
                    ]
                }, widths: [30, 18, 14, 9, 29])
            if flagged.count > listed {
                out += "<p class=\"more\">And \(flagged.count - listed) more actions (section <code>plan_action</code> of the appendix).</p>\n"
            }
            out += table(
                "Oversight of \(e(b.id)): inspection revisit, monitoring and reports", ["Rule", "Weight", "Status", "Due"],
                p.board.windows.map { [rule($0.rule, titles), e($0.severity.rawValue), "\(rag($0.rag)) \(status($0.status))", day($0.due)] },
                widths: [52, 14, 18, 16])
            let timeline = b.timeline.suffix(8)
            out += table(
                "Timeline of \(e(b.id)): the \(timeline.count) latest events to the as-of date", ["Date", "Event"],
                timeline.map { [day($0.day), e($0.what)] }, widths: [20, 80])
        }
        return out + "</section>\n"
    }

    static func direction(_ before: RAG?, _ now: RAG) -> String {
        guard let before else { return "new" }
        return now.rank == before.rank ? "no change" : now.rank < before.rank ? "improving" : "worsening"
    }

    /// A link to a rule's legal source: only to a web address (`WebAddress`), else the text alone.
    static func link(_ text: String, _ url: String?) -> String {
        guard let url, WebAddress.isLinkable(url) else { return e(text) }
        return "<a href=\"\(e(url))\">\(e(text))</a>"
    }
}
