/// Turns what one pass gathered (`BoardAccumulator`), the inputs' counts and coverage, the plans and
/// the diagnostics into the board report. Pure: every date and name arrives as a value.
public struct BoardReportBuilder {
    public var ruleSet: RuleSet
    public var options: CheckOptions
    public var context: BoardContext
    /// The previous board's date and why it was chosen.
    public var previous: Day
    public var previousWhy: String
    /// Label texts (team names) by the hash subjects hold.
    public var labels = LabelTable()
    public var inputs: [ReadStatistics] = []
    public var coverage: [SourceCoverage] = []
    public var plans: [PlanDocument] = []
    public var themeRule: PlanBoard.ThemeRule = .worst
    public var diagnostics = Diagnostics()
    /// A version for each pack, by pack id (`format 1, 9f3a2c1b`).
    public var packVersions: [String: String] = [:]
    /// How the DfE measures' period is described, and where the data came from.
    public var measuresPeriod = ""
    public var measuresSource = ""
    /// Waivers read from the configuration's `alerts.waivers`.
    public var waivers = WaiverBook()
    /// The council, the board and the targets (`report:` in the configuration).
    public var settings = ReportSettings()

    public init(ruleSet: RuleSet, options: CheckOptions, context: BoardContext, previous: Day, previousWhy: String) {
        self.ruleSet = ruleSet
        self.options = options
        self.context = context
        self.previous = previous
        self.previousWhy = previousWhy
    }

    /// The previous board: `--compare-to`, else the plans' last governance meeting before the as-of
    /// date, else three months before it; with why that date.
    public static func previousBoard(_ plans: [PlanDocument], asOf: Day, compareTo: Day?) -> (Day, String) {
        if let compareTo { return (compareTo, "the date given with --compare-to") }
        if let last = plans.flatMap(\.meetings).filter({ $0.day < asOf }).max(by: { $0.day < $1.day }) {
            return (last.day, "the last meeting of the \(last.body) before the as-of date")
        }
        return (CalendarMath.adding(months: -3, to: asOf), "three months before the as-of date (no board meeting is recorded in a plan)")
    }

    /// The month ends a trend shows: the 12 before the as-of date.
    public static func monthEnds(before asOf: Day, count: Int = 12) -> [Day] {
        let (y, m, _) = asOf.civil
        return (1...count).reversed().map { back in
            // The last day of the month `back` months before the as-of date's month.
            let months = y * 12 + (m - 1) - back + 1
            return Day(year: months / 12, month: months % 12 + 1, day: 1)!.adding(days: -1)
        }
    }

    public func build(_ a: BoardAccumulator) -> BoardReport {
        let rules = ruleSet.rules
        let ragTables = options.rag.tables(for: rules)
        let now = a.now
        var byRAG: [RAG: Int] = [:]
        var bySeverity: [Severity: [RAG: Int]] = [:]
        for r in ruleSet.rules.indices {
            let c = a.counts(date: now, rule: r)
            for s in Status.allCases where c.count(s) > 0 {
                byRAG[ragTables[r][s.index], default: 0] += c.count(s)
                bySeverity[rules[r].severity, default: [:]][ragTables[r][s.index], default: 0] += c.count(s)
            }
        }
        // The plans' findings now and at the previous board come from the one pass over every date.
        let previousOptions = CheckOptions(asOf: previous, rag: options.rag)
        let planSections = plans.map { plan in
            let board = PlanBoard.build(plan, findings: a.planFindings.now, ruleSet: ruleSet, options: options, themeRule: themeRule)
            let before = PlanBoard.build(plan, findings: a.planFindings.previous, ruleSet: ruleSet, options: previousOptions, themeRule: themeRule)
            return BoardReport.PlanSection(
                board: board, previous: Dictionary(before.themes.map { ($0.id, $0.rag) }, uniquingKeysWith: { a, _ in a }),
                previousRAG: before.rag)
        }
        let worstFinding = [RAG.red, .amber].first { (byRAG[$0] ?? 0) > 0 }
        let worst = ([worstFinding] + planSections.map { $0.board.rag == .blue ? nil : $0.board.rag }).compactMap { $0 }.max() ?? .green
        let sources = self.sources()
        var headline = BoardReport.Headline(
            rag: worst, counts: byRAG, bySeverity: bySeverity, subjects: a.subjects, sources: sources,
            packs: ruleSet.packs.map { p in
                BoardReport.Pack(id: p.id, title: p.title, rules: rules.count { $0.pack == p.id }, version: packVersions[p.id] ?? "format 1")
            })
        headline.children = a.cases
        headline.planSubjects = a.subjects - a.cases
        headline.childrenBySeverity = Self.bySeverity(a.worstCases)
        headline.plansBySeverity = Self.bySeverity(a.worstPlans)
        let summary = self.summary(a)
        var report = BoardReport(
            context: context, front: front(a, overall: worst, headline: headline, plans: planSections), headline: headline, changes: changes(a),
            plans: planSections, timescales: timescales(a), trends: trends(a),
            exceptions: exceptions(a), redFindings: a.redCounts.reduce(0, +),
            waivers: waivers.waivers.filter { $0.isActive(on: options.asOf) }.sorted {
                ($0.until, $0.rule, $0.subject) < ($1.until, $1.rule, $1.subject)
            },
            dataQuality: BoardReport.DataQuality(sources: sources, problems: problems()), backlog: backlog(a), summary: summary)
        report.titles = Dictionary(rules.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return report
    }

    /// Counts per severity and RAG (`severity * rags + rag`) as a dictionary, severities with none left out.
    static func bySeverity(_ counts: [Int]) -> [Severity: [RAG: Int]] {
        var out: [Severity: [RAG: Int]] = [:]
        for (s, severity) in Severity.allCases.enumerated() {
            let row = RAG.allCases.map { counts[s * RAG.allCases.count + $0.index] }
            guard row.contains(where: { $0 > 0 }) else { continue }
            out[severity] = Dictionary(uniqueKeysWithValues: zip(RAG.allCases, row))
        }
        return out
    }

    private func sources() -> [BoardReport.Source] {
        inputs.map { s in
            let c = coverage.first { $0.path == s.path }
            return BoardReport.Source(
                path: s.path, layout: c?.layout ?? (s.layout?.rawValue ?? "sen2"), rowsRead: s.rowsRead, rowsEvaluated: s.rowsEvaluated,
                rowsRejected: s.rowsRejected, invalidCells: s.invalidCells,
                checked: c?.rules.filter { $0.state != .notChecked }.map(\.rule) ?? [],
                notChecked: c?.rules.filter { $0.state == .notChecked && $0.reason != .noStart }.map { ($0.rule, $0.sentence) } ?? [])
        }
    }

    private func changes(_ a: BoardAccumulator) -> BoardReport.Changes {
        let changes = a.changes
        func list(_ kind: BoardReport.Changes.Kind) -> [BoardReport.Change] {
            (changes[kind] ?? []).map { c in
                BoardReport.Change(
                    key: FindingKey(rule: ruleSet.rules[c.rule].id, subject: c.subject, start: c.start),
                    before: c.before.map { options.rag.rag($0.status, for: ruleSet.rules[c.rule]) },
                    after: c.after.map { options.rag.rag($0.status, for: ruleSet.rules[c.rule]) }, statusBefore: c.before?.status,
                    statusAfter: c.after?.status, due: c.after?.due ?? c.before?.due, team: c.team.flatMap { labels[$0] })
            }.sorted { $0.key < $1.key }
        }
        var out = BoardReport.Changes(
            since: previous, sinceWhy: previousWhy, newReds: list(.newReds), resolved: list(.resolved), worse: list(.worse),
            better: list(.better), agedOut: list(.agedOut), counts: a.changeCounts)
        out.children = Dictionary(uniqueKeysWithValues: BoardReport.Changes.Kind.allCases.map { ($0, a.changeChildren[$0.index]) })
        return out
    }

    /// How many teams the by-team figures keep, the largest first: the CSV lists them all, HTML and
    /// Markdown the first `BoardHTMLRenderer.listed`.
    public static let listedTeams = 1000

    private func timescales(_ a: BoardAccumulator) -> BoardReport.Timescales {
        let (teams, teamCount) = largestTeams(a)
        let lines: [BoardReport.RuleLine] = ruleSet.rules.indices.compactMap { r in
            let rule = ruleSet.rules[r]
            guard rule.subjectKind == "case" else { return nil }
            let total = a.counts(date: a.now, rule: r)
            guard total != BoardReport.Counts() else { return nil }
            let byTeam = teams.map { (team: $0.name, counts: a.counts(team: $0.team, rule: r)) }.filter { $0.counts != BoardReport.Counts() }
            var line = BoardReport.RuleLine(
                rule: rule.id, title: rule.title, citation: rule.citation, url: rule.url, severity: rule.severity, total: total,
                teams: byTeam.sorted { $0.team < $1.team })
            if let target = settings.targets.first(where: { $0.id == rule.id }) {
                let monthEnds = self.monthEnds(a).compactMap { d in
                    a.counts(date: d, rule: r).onTimeExcludingExceptions.map { (a.travel.dates[d], $0) }
                }
                line.target = Trajectory.progress(
                    target, value: total.onTimeExcludingExceptions, monthEnds: monthEnds, asOf: options.asOf, percent: true, lowerIsBetter: false)
            }
            return line
        }
        return BoardReport.Timescales(
            period: options.since...options.asOf,
            rules: lines.sorted { ($0.severity.index, $0.rule) < ($1.severity.index, $1.rule) },
            teams: teams.map(\.name), teamCount: teamCount, measures: a.measures.measures, measuresPeriod: measuresPeriod,
            measuresSource: measuresSource, nationalSource: NationalFigures.source,
            measuresNotes: SEN2MeasuresReport.yearNotes(year: a.measures.year, measures: a.measures.measures))
    }

    /// The `listedTeams` largest teams (by findings counted now, then by name), largest first, and how
    /// many teams have findings in all. Selected without sorting every team: a mistyped mapping can
    /// make every case a team.
    private func largestTeams(_ a: BoardAccumulator) -> (teams: [(team: UInt64, name: String, findings: Int)], count: Int) {
        let sizes = a.teamSizes.filter { $0.findings > 0 }
        let teams = Self.largest(sizes.map { ($0.team, $0.findings) }, Self.listedTeams, labels: labels)
        return (teams.map { (team: $0.team, name: $0.name, findings: $0.count) }, sizes.count)
    }

    /// The key measures at each month end and the as-of date (not the previous board's date, unless a month end).
    /// The month ends before the as-of date (the last 12), by index into the time travel's dates.
    func monthEnds(_ a: BoardAccumulator) -> [Int] {
        let dates = a.travel.dates
        return Array(dates.indices.filter { d in dates[d] < options.asOf && dates[d].adding(days: 1).civil.day == 1 }.suffix(12))
    }

    private func trends(_ a: BoardAccumulator) -> [BoardReport.Trend] {
        let dates = a.travel.dates
        let points = monthEnds(a) + [a.now]
        var out: [BoardReport.Trend] = []
        // The DfE's measures (plans issued, decisions), as on page 1, with England's figure and the target.
        for (measure, title, label) in [
            (
                "plans-20-weeks-excluding-exceptions",
                "Final EHC plans issued within 20 weeks (excluding exceptions), % of plans issued in the 12 months to each date",
                "Plans in 20 weeks (excl. exceptions), %"
            ),
            (
                "decisions-6-weeks", "Decisions whether to assess within 6 weeks, % of decisions made in the 12 months to each date",
                "Decisions in 6 weeks, %"
            ),
        ] {
            guard let feed = SEN2Measures.definitions.first(where: { $0.id == measure })?.feed, ruleSet.rules.contains(where: { $0.measure == feed })
            else {
                continue
            }
            let england = NationalFigures.figure(measure, year: options.asOf.civil.year)
            out.append(
                .init(
                    id: measure, title: title, isPercent: true, lowerIsBetter: false,
                    points: points.map { d in (dates[d], a.measures(date: d).measures.first { $0.id == measure }?.value) },
                    england: england?.percent, englandYear: england?.year, target: settings.targets.first { $0.id == measure }))
            out[out.count - 1].label = label
        }
        if let r = ruleSet.rules.firstIndex(where: { $0.measure == .annualReviews }) {
            out.append(
                .init(
                    id: "annual-reviews-overdue", title: "Children with an annual review overdue", label: "Annual reviews overdue, children",
                    isPercent: false, lowerIsBetter: true, points: points.map { (dates[$0], Double(a.counts(date: $0, rule: r).overdue)) }))
        }
        // Statutory rules only: guidance and advisory rules are not timescales missed in law.
        out.append(
            .init(
                id: "red-children", title: "Children with a statutory timescale missed or data unreadable (red)", label: "Red, children",
                isPercent: false,
                lowerIsBetter: true, points: points.map { d in (dates[d], Double(a.redChildren(date: d))) }))
        return out
    }

    private func exceptions(_ a: BoardAccumulator) -> [BoardReport.ExceptionItem] {
        let leads = Dictionary(plans.flatMap { $0.themes.flatMap { $0.actions.map { ($0.subject, $0.lead) } } }, uniquingKeysWith: { a, _ in a })
        return a.reds.flatMap { $0 }.map { red in
            let rule = ruleSet.rules[red.rule]
            let f = red.finding
            let accountable = red.team.flatMap { labels[$0] } ?? leads[f.subject] ?? nil
            let path = f.source >= 0 && Int(f.source) < a.sources.count ? a.sources[Int(f.source)] : "?"
            return BoardReport.ExceptionItem(
                key: f.key(in: ruleSet), status: f.status, since: red.since, due: f.due, message: rule.message, citation: rule.citation,
                url: rule.url,
                accountable: accountable, location: "\(path):\(f.line)", note: f.detail == .none ? nil : f.note(in: ruleSet))
        }.sorted { $0.key < $1.key }
    }

    private func problems() -> [(path: String, count: Int, example: String)] {
        diagnostics.kindsByCount.map { ($0.first.location.path, $0.count, $0.first.description) }
    }
}

extension BoardReport.Counts {
    /// The count of one status.
    public func count(_ status: Status) -> Int {
        switch status {
        case .met: return met
        case .breached: return breached
        case .excepted: return excepted
        case .overdue: return overdue
        case .dueSoon: return dueSoon
        case .pending: return pending
        case .invalid: return invalid
        }
    }
}
