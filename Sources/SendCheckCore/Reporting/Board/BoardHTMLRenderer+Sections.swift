/// The board paper's later sections: the timescales by weight in law, the backlog, the trends, the
/// exception summary and the data quality.
extension BoardHTMLRenderer {
    static func timescales(_ r: BoardReport) -> String {
        let t = r.timescales
        var out = "<section aria-labelledby=\"timescales\">\n<h2 id=\"timescales\">Statutory timescales</h2>\n"
        out +=
            "<p>Children with a step completed from \(day(t.period.lowerBound)) to \(day(t.period.upperBound)), and children with a step open now. "
        out += "\"Excluding exceptions\" leaves out steps late for a recorded exception; \"including\" counts them as late, as the DfE reports.</p>\n"
        let groups: [(Severity, String, String)] = [
            (.statutory, "Timescales in law (Acts and regulations): a late step is a breach", "Timescales in law"),
            (.guidance, "Guidance (the Code of Practice's \"should\"): not breaches of law", "Guidance"),
            (.advisory, "Advisory standards (proposals, not law)", "Advisory standards"),
        ]
        for (severity, heading, caption) in groups {
            let lines = t.rules.filter { $0.severity == severity }
            guard !lines.isEmpty else { continue }
            if severity != .statutory { out += "<h3>\(e(heading))</h3>\n" }
            let late = severity == .statutory ? "Late now (breach)" : "Late now"
            out += table(
                caption + " (counts are children)",
                ["Rule", "Done in period", "On time excl.", "On time incl.", late, "Due soon", "Target", "Legal basis"],
                lines.map { l in
                    [
                        rule(l.rule, r.titles), n(l.total.completed), percent(l.total.onTimeExcludingExceptions),
                        percent(l.total.onTimeIncludingExceptions), n(l.total.overdue), n(l.total.dueSoon), lineTarget(l), link(l.citation, l.url),
                    ]
                }, numeric: [1, 2, 3, 4, 5], widths: [31, 9, 9, 9, 9, 8, 10, 15])
        }
        out += backlog(r)
        out += "<h3>All the DfE's measures</h3>\n"
        out += table(
            "The DfE's measures for \(e(t.measuresPeriod)) (steps: plans issued, decisions, reviews due)",
            ["Measure", "This council", "Steps", "England", "England's year"],
            t.measures.map { m in
                [
                    e(m.title), m.unit == .weeks ? e(m.shown(m.value)) : percent(m.percent), n(m.total), percent(m.england),
                    m.englandYear.map(String.init) ?? "–",
                ]
            }, numeric: [1, 2, 3], widths: [44, 14, 14, 14, 14])
        for note in t.measuresNotes { out += "<p class=\"small\">\(e(note))</p>\n" }
        return out + "</section>\n"
    }

    static func lineTarget(_ l: BoardReport.RuleLine) -> String {
        guard let t = l.target else { return "–" }
        return "\(percent(t.target.value)) by \(day(t.target.by))<br><strong>\(t.words)</strong>"
    }

    /// Requests nearing 20 weeks and annual reviews due next term.
    static func backlog(_ r: BoardReport) -> String {
        let b = r.backlog
        var out = "<h3>Requests that will miss 20 weeks unless the plan is issued soon</h3>\n"
        out += "<p>\(children(b.nearingTotal)) with a request open for 12 weeks or more and the final plan not yet late: "
        out += zip(BoardBacklog.milestones, b.nearingByMilestone).map { "\(n($1)) past week \($0)" }.joined(separator: ", ") + ".</p>\n"
        let shown = b.nearing.prefix(listed)
        out += table(
            "The \(shown.count) soonest due", ["Case", "Team", "Requested", "Plan due", "Days left", "Past week"],
            shown.map { [e($0.subject), e($0.team), day($0.start), day($0.due), n($0.daysLeft), String($0.milestone)] }, numeric: [4, 5])
        if b.nearingTotal > shown.count { out += "<p class=\"more\">\(whereRest(r, section: "nearing_20_weeks"))</p>\n" }
        out += "<h3>Annual reviews due in \(e(b.term.description))</h3>\n"
        out += "<p>\(children(b.reviewsTotal)) with an annual review falling due in the term, to plan with schools now. "
        out +=
            "The list by team, ready to send to schools: <code>sendcheck report --format csv</code> (section <code>review_due</code>), or the appendix.</p>\n"
        let teams = b.reviewsByTeam.prefix(10)
        out += table(
            "Annual reviews due next term by team (the \(teams.count) teams with most)", ["Team", "Children"],
            teams.map { [e($0.team), n($0.children)] }, numeric: [1])
        if b.reviewsTeams > teams.count { out += "<p class=\"more\">And \(n(b.reviewsTeams - teams.count)) more teams.</p>\n" }
        return out
    }

    static func trends(_ trends: [BoardReport.Trend]) -> String {
        var out = "<section aria-labelledby=\"trends\">\n<h2 id=\"trends\">Trends</h2>\n"
        out += "<p>Each point evaluates the same data as of that month end: what the service would have seen then. "
        out += "England's figure and the board's target, where set, are drawn on the same axes.</p>\n<div class=\"charts\">\n"
        for (i, t) in trends.enumerated() {
            out +=
                "<figure>\n\(TrendChart.svg(t, id: "trend-\(i)"))\n<figcaption>\(e(t.title)). \(e(TrendChart.describe(t)))</figcaption>\n</figure>\n"
        }
        out += "</div>\n"
        // Every chart's values in one table: a row per chart, a column per month end.
        guard let days = trends.first?.points.map(\.day) else { return out + "</section>\n" }
        out += "<table class=\"values\">\n<caption>The charts' values at each month end</caption>\n<thead><tr><th scope=\"col\">Chart</th>"
        out += days.map { "<th scope=\"col\" class=\"num\"><time datetime=\"\($0.iso)\">\(TrendChart.monthLabel($0))</time></th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for t in trends {
            out += "<tr><th scope=\"row\">\(e(t.label))</th>"
            out += t.points.map { "<td class=\"num\">\($0.value.map { TrendChart.label($0, percent: t.isPercent) } ?? "–")</td>" }.joined()
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    /// How many of the longest-standing late steps the exception summary lists.
    static let longestStanding = 20

    static func exceptions(_ r: BoardReport) -> String {
        let s = r.summary
        var out = "<section aria-labelledby=\"exceptions\">\n<h2 id=\"exceptions\">Exception summary</h2>\n"
        out += "<p>\(children(s.children)) with a statutory timescale missed or data that cannot be read (red), "
        out += "in \(n(r.redFindings)) red finding\(r.redFindings == 1 ? "" : "s").</p>\n"
        out += table(
            "Children with a red finding, by rule", ["Rule", "Weight", "Children"],
            s.byRule.map { [rule($0.rule, r.titles), e($0.severity.rawValue), n($0.children)] }, numeric: [2], widths: [70, 15, 15])
        out += table(
            "Children with a red finding, by team (the \(s.byTeam.count) teams with most)", ["Team", "Children"],
            s.byTeam.map { [e($0.team), n($0.children)] }, numeric: [1])
        if s.teamsWithReds > s.byTeam.count {
            out +=
                "<p class=\"more\">And \(n(s.teamsWithReds - s.byTeam.count)) more teams with a red (section <code>team</code> of the appendix).</p>\n"
        }
        let bands = BoardBacklog.bands
        out += table(
            "Late steps still open, by how late (children)", ["Rule"] + bands.map { e($0.title.capitalizedFirst) },
            r.backlog.late.map { [rule($0.rule, r.titles)] + $0.bands.map(n) }, numeric: Set(1...bands.count), widths: [40, 12, 12, 12, 12, 12])
        let late = r.longestStanding
        let shown = late.prefix(longestStanding)
        out += table(
            "The \(shown.count) longest-standing late or missed steps", ["Case", "Rule", "What", "Red since", "Accountable", "Commentary"],
            shown.map { x in
                [
                    e(x.key.subject), rule(x.key.rule, r.titles), e(status(x.status)) + (x.note.map { " (\(e($0)))" } ?? ""), day(x.since),
                    e(x.accountable ?? "–"), "<span class=\"commentary\"></span>",
                ]
            }, widths: [15, 31, 13, 14, 13, 14])
        if r.redFindings > shown.count {
            let cut = r.context.appendix == nil ? r.redFindings > BoardAccumulator.appendixLimit : r.exceptions.count < r.redFindings
            out += "<p class=\"more\">\(whereRest(r, section: "red", cut: cut))</p>\n"
        }
        let toFix = r.exceptions.filter { $0.status == .invalid }
        if !toFix.isEmpty {
            out +=
                "<h3>Data to fix</h3>\n<p>\(n(toFix.count)) clock\(toFix.count == 1 ? "" : "s") cannot be checked because a value they read cannot be read. "
            out += "They are red until the data is corrected, but they are not late steps; <code>sendcheck check</code> names each cell.</p>\n"
        }
        out +=
            "<p>Active waivers (cases the alert job is told not to alert on, each with a reason, an owner and an end date): \(n(r.waivers.count)).</p>\n"
        let waivers = r.waivers.prefix(10)
        if !waivers.isEmpty {
            out += table(
                "Active waivers, soonest to end (\(waivers.count) of \(r.waivers.count))", ["Case", "Rule", "Until", "Owner", "Reason"],
                waivers.map { [e($0.subject), rule($0.rule, r.titles), day($0.until), e($0.owner), e($0.reason)] })
        }
        return out + "</section>\n"
    }

    static func dataQuality(_ r: BoardReport) -> String {
        let d = r.dataQuality
        var out = "<section aria-labelledby=\"data\">\n<h2 id=\"data\">Data quality</h2>\n"
        out += table(
            "Rows read from each source", ["Source", "Layout", "Rows read", "Evaluated", "Rejected", "Invalid cells"],
            d.sources.map { [e($0.path), e($0.layout), n($0.rowsRead), n($0.rowsEvaluated), n($0.rowsRejected), n($0.invalidCells)] },
            numeric: [2, 3, 4, 5])
        let problems = d.problems.prefix(10)
        out += table(
            "Problems in the inputs, by kind (the \(problems.count) most frequent of \(d.problems.count))", ["Source", "How many", "First of them"],
            problems.map { [e($0.path), n($0.count), e($0.example)] }, numeric: [1], widths: [25, 10, 65])
        let notChecked = d.sources.flatMap { s in s.notChecked.map { (s.path, $0.rule, $0.why) } }
        out += table(
            "Rules not checked, and why (\(notChecked.count))", ["Source", "Rule", "Why"],
            notChecked.prefix(listed).map { [e($0.0), rule($0.1, r.titles), e($0.2)] }, widths: [25, 35, 40])
        out += table(
            "Rule packs", ["Pack", "Title", "Rules", "Version"], r.headline.packs.map { [e($0.id), e($0.title), n($0.rules), e($0.version)] },
            numeric: [2])
        return out + "</section>\n"
    }
}
