/// The parts of the board paper that a board reads first: the front page's measures with their
/// targets, and the backlog. Counts are children unless a measure says otherwise (the DfE counts
/// plans issued and decisions made, and so do its measures here).
extension BoardReport {
    /// Page 1: whose paper it is, the overall RAG in words and the six DfE measures.
    public struct FrontPage: Sendable {
        public var council: String?
        public var board: String?
        public var overall: RAG
        /// The overall RAG in words: why it is what it is, in children.
        public var overallWords: String
        public var measures: [KeyMeasure]
        /// How the forecasts and on/off track are worked out, stated under the table.
        public var method: String
    }

    /// One DfE measure on page 1: this council's figure, its target, England's, the direction since
    /// the previous board, and the values at the last 12 month ends (the sparkline).
    public struct KeyMeasure: Sendable {
        public var id: String
        public var title: String
        public var unit: SEN2Measures.Measure.Unit
        /// What `steps` counts ("plans issued", "decisions").
        public var stepsUnit: String
        /// The same for one step ("plan issued", "decision").
        public var stepUnit: String { stepsUnit == "plans issued" ? "plan issued" : stepsUnit == "decisions" ? "decision" : stepsUnit }
        public var value: Double?
        public var steps: Int
        public var england: Double?
        public var englandYear: Int?
        public var lowerIsBetter: Bool
        /// The figure over the 12 months to the previous board's date.
        public var previous: Double?
        /// The figure over the 12 months to each month end, and to the as-of date.
        public var points: [(day: Day, value: Double?)]
        public var target: TargetProgress?

        /// "better", "worse", "no change", or "–" without both figures; compared as shown (to a tenth),
        /// so two figures that read the same are no change.
        public var direction: String {
            guard let previous, let now = points.last?.value else { return "–" }
            let (a, b) = (Int((previous * 10).rounded()), Int((now * 10).rounded()))
            if a == b { return "no change" }
            return (b > a) != lowerIsBetter ? "better" : "worse"
        }

        /// A figure of this measure's unit for people.
        public func shown(_ v: Double?) -> String { v.map { SEN2Measures.Measure.figure($0, unit: unit) } ?? "–" }
    }

    /// Where a measure or rule stands against its target.
    public struct TargetProgress: Sendable {
        public var target: ReportTarget
        /// The trajectory's value for the as-of date (between its points, in a straight line); nil
        /// before its first point.
        public var expected: Double?
        /// The figure forecast for `forecastDay` from the last 12 month ends (nil: too few of them).
        public var forecast: Double?
        public var forecastDay: Day
        /// Nil when it cannot be told (no figure, no forecast).
        public var onTrack: Bool?
        /// What on/off track was judged against, in a sentence.
        public var basis: String

        public var words: String {
            switch onTrack {
            case true?: return "On track"
            case false?: return "Off track"
            case nil: return "Not known"
            }
        }
    }

    /// Open late steps by how late, requests nearing 20 weeks, and annual reviews due next term.
    public struct Backlog: Sendable {
        /// Per rule with an open late step: children per band of `BoardBacklog.bands`.
        public var late: [(rule: String, title: String, bands: [Int])]
        /// Requests open at week 12 or later, not yet late, the soonest due first (the paper lists the
        /// first, the CSV and the appendix every one).
        public var nearing: [Nearing]
        /// The ids of the rules that feed the 20-week measure (the requests nearing 20 weeks) and the
        /// annual reviews (the reviews due), `measure:` in their packs; empty when none does.
        public var nearingRule = ""
        public var reviewsRule = ""
        public var nearingTotal: Int { nearing.count }
        /// Children per milestone passed (`BoardBacklog.milestones`: weeks 12, 14 and 16).
        public var nearingByMilestone: [Int] { BoardBacklog.milestones.map { m in nearing.count { $0.milestone == m } } }
        public var term: SchoolTerm
        /// Annual reviews due next term, per team (children): the teams with most, the largest first;
        /// how many teams have any, and how many reviews in all.
        public var reviewsByTeam: [(team: String, children: Int)]
        public var reviewsTeams: Int
        public var reviewsTotal: Int
        /// Every review due next term, with the team names: kept by the team's hash and named only
        /// when the CSV or the appendix lists them.
        var reviewsDue: [BoardBacklog.Review]
        var labels: LabelTable

        /// Every review due next term (case, team, due) by team, then due date, then case: a team's
        /// list ready to send to its schools.
        public var reviewsInTeamOrder: [(subject: String, team: String, due: Day)] {
            reviewsDue.map { (subject: $0.subject, team: labels.team($0.team), due: $0.due) }
                .sorted { ($0.team, $0.due, $0.subject) < ($1.team, $1.due, $1.subject) }
        }
    }

    /// A request whose plan must be issued within `daysLeft` days to meet 20 weeks.
    public struct Nearing: Sendable {
        public var subject: String
        public var team: String
        public var start: Day
        public var due: Day
        public var daysLeft: Int
        public var milestone: Int
    }

    /// The exception report's summary: red children by rule and by team, and the longest-standing.
    public struct ExceptionSummary: Sendable {
        /// Per statutory or guidance rule with reds now: children with a red of that rule.
        public var byRule: [(rule: String, title: String, severity: Severity, children: Int)]
        /// The teams with most children with a red finding now, and how many teams have any.
        public var byTeam: [(team: String, children: Int)]
        public var teamsWithReds: Int
        /// Children with a red statutory finding now.
        public var children: Int
    }
}
