/// The board paper's first page, its backlog and its exception summary, from what the one pass gathered.
extension BoardReportBuilder {
    /// The six DfE measures on page 1, in the order a board reads them, with what their steps are.
    static let frontMeasures: [(id: String, steps: String)] = [
        ("plans-20-weeks-excluding-exceptions", "plans issued"),
        ("plans-20-weeks-including-exceptions", "plans issued"),
        ("decisions-6-weeks", "decisions"),
        ("not-to-issue-16-weeks", "decisions"),
        ("review-decisions-4-weeks", "decisions"),
        ("average-weeks-to-plan-including-exceptions", "plans issued"),
    ]

    /// How many teams and items page-sized tables list (the rest are in the appendix).
    static let paperTeams = 10

    func front(_ a: BoardAccumulator, overall: RAG, headline: BoardReport.Headline, plans: [BoardReport.PlanSection]) -> BoardReport.FrontPage {
        let now = a.measures.measures
        let ends = monthEnds(a)
        let measures = Self.frontMeasures.compactMap { id, steps -> BoardReport.KeyMeasure? in
            guard let m = now.first(where: { $0.id == id }) else { return nil }
            let at = { (d: Int) in a.measures(date: d).measures.first { $0.id == id }?.value }
            // The month ends' figures, then the as-of date's: worked out once, for the sparkline and the forecast.
            let points = (ends + [a.now]).map { (day: a.travel.dates[$0], value: at($0)) }
            var k = BoardReport.KeyMeasure(
                id: id, title: m.title, unit: m.unit, stepsUnit: steps, value: m.value, steps: m.total, england: m.england,
                englandYear: m.englandYear, lowerIsBetter: m.lowerIsBetter, previous: at(a.previous), points: points)
            if let target = settings.targets.first(where: { $0.id == id }) {
                k.target = Trajectory.progress(
                    target, value: m.value, monthEnds: points.dropLast().compactMap { p in p.value.map { (p.day, $0) } },
                    asOf: options.asOf, percent: m.unit == .percent, lowerIsBetter: m.lowerIsBetter)
            }
            return k
        }
        return BoardReport.FrontPage(
            council: settings.council, board: settings.board, overall: overall, overallWords: Self.overallWords(overall, headline, plans),
            measures: measures, method: Trajectory.method)
    }

    /// The overall RAG in a sentence, in children: why it is what it is.
    static func overallWords(_ overall: RAG, _ h: BoardReport.Headline, _ plans: [BoardReport.PlanSection]) -> String {
        let statutory = h.childrenBySeverity[.statutory] ?? [:]
        let (red, amber) = (statutory[.red] ?? 0, statutory[.amber] ?? 0)
        let children = Diagnostics.grouped(h.children)
        var parts: [String] = []
        if h.children > 0 {
            parts.append(
                red == 0
                    ? "no child has a statutory timescale missed"
                    : "\(Diagnostics.grouped(red)) of \(children) \(h.children == 1 ? "child has" : "children have") a statutory timescale missed or data that cannot be read (red)"
            )
            if amber > 0 {
                parts.append(
                    "\(Diagnostics.grouped(amber)) more \(amber == 1 ? "is" : "are") amber (a step due soon or late within its amber window)")
            }
        }
        for p in plans { parts.append("the improvement plan \(p.board.id) is \(p.board.rag.rawValue)") }
        if parts.isEmpty { parts.append("nothing was checked") }
        return "\(overall.rawValue.capitalizedFirst): " + parts.joined(separator: "; ") + "."
    }

    func backlog(_ a: BoardAccumulator) -> BoardReport.Backlog {
        let b = a.backlog
        let late = ruleSet.rules.indices.map { (r: $0, bands: b.late(rule: $0)) }.filter { $0.bands.contains { $0 > 0 } }
            .sorted { (ruleSet.rules[$0.r].severity.index, $0.r) < (ruleSet.rules[$1.r].severity.index, $1.r) }
            .map { (rule: ruleSet.rules[$0.r].id, title: ruleSet.rules[$0.r].title, bands: $0.bands) }
        let nearing = b.nearing.sorted { ($0.due, $0.subject) < ($1.due, $1.subject) }.map { n in
            BoardReport.Nearing(
                subject: n.subject, team: labels.team(n.team), start: n.start, due: n.due, daysLeft: options.asOf.days(to: n.due),
                milestone: n.milestone(asOf: options.asOf))
        }
        // Counted per team in the pass; only the largest teams are named (a team column holding a
        // reference in each row makes as many teams as cases).
        let byTeam = a.teamReviews
        let reviewTeams = Self.largestChildren(byTeam, labels: labels)
        var out = BoardReport.Backlog(
            late: late, nearing: nearing, term: b.nextTerm,
            reviewsByTeam: reviewTeams, reviewsTeams: byTeam.count, reviewsTotal: b.reviewCount, reviewsDue: b.reviewsDue, labels: labels)
        out.nearingRule = ruleSet.rules.first { $0.measure == .finalPlans }?.id ?? ""
        out.reviewsRule = ruleSet.rules.first { $0.measure == .annualReviews }?.id ?? ""
        return out
    }

    func summary(_ a: BoardAccumulator) -> BoardReport.ExceptionSummary {
        let tables = options.rag.tables(for: ruleSet.rules)
        let byRule = ruleSet.rules.indices.compactMap { r -> (rule: String, title: String, severity: Severity, children: Int)? in
            let rule = ruleSet.rules[r]
            guard rule.subjectKind == "case" else { return nil }
            let c = a.counts(date: a.now, rule: r)
            let red = Status.allCases.filter { tables[r][$0.index] == .red }.reduce(0) { $0 + c.count($1) }
            return red == 0 ? nil : (rule.id, rule.title, rule.severity, red)
        }.sorted { ($1.children, $0.rule) < ($0.children, $1.rule) }
        let teams = a.teamReds
        return BoardReport.ExceptionSummary(
            byRule: byRule, byTeam: Self.largestChildren(teams, labels: labels), teamsWithReds: teams.count,
            children: a.worstCases[Severity.statutory.index * RAG.allCases.count + RAG.red.index])
    }

    /// The `limit` teams with the largest counts (by the team's hash), the largest first and then by
    /// name. Names are looked up and compared only where the count does not decide: the teams at least
    /// as large as the `limit`-th largest (a team per case makes hundreds of thousands).
    static func largest(_ teams: [(team: UInt64, count: Int)], _ limit: Int, labels: LabelTable) -> [(team: UInt64, name: String, count: Int)] {
        var counts = teams.map(\.count)
        var least = 0
        if counts.count > limit {
            Selection.keepSmallest(&counts, limit, by: >)
            least = counts.min() ?? 0
        }
        var named = teams.filter { $0.count >= least }.map { (team: $0.team, name: labels.team($0.team), count: $0.count) }
        let larger = { (x: (team: UInt64, name: String, count: Int), y: (team: UInt64, name: String, count: Int)) -> Bool in
            x.count != y.count ? x.count > y.count : x.name < y.name
        }
        Selection.keepSmallest(&named, limit, by: larger)
        return named.sorted(by: larger)
    }

    /// The paper's teams with most children: their names and children.
    static func largestChildren(_ teams: [(team: UInt64, children: Int)], labels: LabelTable) -> [(team: String, children: Int)] {
        largest(teams.map { ($0.team, $0.children) }, paperTeams, labels: labels).map { (team: $0.name, children: $0.count) }
    }
}
