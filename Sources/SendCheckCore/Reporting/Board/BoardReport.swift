/// The board report: everything a SEND partnership board reads, as data, in the order it is read.
/// Made by `BoardReportBuilder` from one pass over the data (`BoardAccumulator`); rendered as HTML,
/// Markdown or CSV by pure functions. Nothing in it names a child: cases appear by reference only.
public struct BoardReport: Sendable {
    public var context: BoardContext
    /// Page 1: the council, the overall RAG in words, the six DfE measures with targets.
    public var front: FrontPage
    public var headline: Headline
    public var changes: Changes
    public var plans: [PlanSection]
    public var timescales: Timescales
    public var trends: [Trend]
    /// The red findings listed (the longest-standing of each rule), and how many red findings there are.
    public var exceptions: [ExceptionItem]
    public var redFindings: Int
    /// The alert job's waivers in force on the as-of date (`alerts.waivers`), soonest to end first.
    public var waivers: [Waiver] = []
    public var dataQuality: DataQuality
    /// Open late steps by age, requests nearing 20 weeks, annual reviews due next term.
    public var backlog: Backlog
    /// Red children by rule and team (the exception report's summary).
    public var summary: ExceptionSummary
    /// Each rule's plain title, by id: shown wherever a person reads a rule, with the id beside it.
    public var titles: [String: String] = [:]

    /// The late or missed steps listed (data to fix left out), the longest-standing first, then by
    /// case and clock: the exception summary's order in every form.
    public var longestStanding: [ExceptionItem] {
        exceptions.filter { $0.status != .invalid }.sorted { ($0.since?.number ?? .max, $0.key) < ($1.since?.number ?? .max, $1.key) }
    }

    /// The overall picture: worst RAG (BRAG for a plan), the as-of date, sources and packs.
    public struct Headline: Sendable {
        /// "12 red, 3 amber" for the statutory rules; each severity present gets a phrase.
        public var severitySentence: String {
            let words: [Severity: String] = [
                .statutory: "statutory timescales", .guidance: "guidance (the Code of Practice's \"should\", plan oversight)",
                .advisory: "advisory standards, not law (counted apart)",
            ]
            return Severity.allCases.compactMap { s -> String? in
                guard let counts = bySeverity[s] else { return nil }
                let parts = RAG.reportOrder.filter { (counts[$0] ?? 0) > 0 }.map { "\(counts[$0]!) \($0.rawValue)" }
                return "\(words[s]!): \(parts.isEmpty ? "none" : parts.joined(separator: ", "))"
            }.joined(separator: "; ")
        }

        /// The worst of the statutory findings and the plans.
        public var rag: RAG
        /// Red, amber, green and blue findings now.
        public var counts: [RAG: Int]
        /// The same by the weight in law of their rules: statutory timescales missed are told apart from
        /// guidance and from advisory standards (counted apart; `rag: {guidance: amber, advisory: amber}` caps them).
        public var bySeverity: [Severity: [RAG: Int]] = [:]
        public var subjects: Int
        /// Children (cases) checked, and plan subjects (plans and their actions).
        public var children = 0
        public var planSubjects = 0
        /// Per severity: children by the worst RAG of their findings of that severity now.
        public var childrenBySeverity: [Severity: [RAG: Int]] = [:]
        /// The same for plans and plan actions.
        public var plansBySeverity: [Severity: [RAG: Int]] = [:]
        public var sources: [Source]
        public var packs: [Pack]
    }

    /// One data source, with what it let sendcheck check.
    public struct Source: Sendable {
        public var path: String
        public var layout: String
        public var rowsRead: Int
        public var rowsEvaluated: Int
        public var rowsRejected: Int
        public var invalidCells: Int
        public var checked: [String]
        /// Rules not checked, with why.
        public var notChecked: [(rule: String, why: String)]
    }

    /// A loaded rule pack and its version: the file format and a digest of its text.
    public struct Pack: Sendable {
        public var id: String
        public var title: String
        public var rules: Int
        public var version: String
    }

    /// What changed since the previous board.
    public struct Changes: Sendable {
        /// The date compared with, and why that date.
        public var since: Day
        public var sinceWhy: String
        /// Red now, and not red then.
        public var newReds: [Change]
        /// Red or amber then, and now met, closed or ceased (no finding, or a green or blue one); a
        /// clock that gave way to another clock of the same rule and case that is as bad now is not
        /// resolved: the case is red (or amber) again.
        public var resolved: [Change]
        public var worse: [Change]
        public var better: [Change]
        /// Red or amber then, and now older than the history window (completed more than 12 months
        /// ago): nothing about the case changed, the window moved on.
        public var agedOut: [Change] = []
        /// Totals (the lists are cut at `listed` items).
        public var counts: [Kind: Int]
        /// Children (and plan actions) with at least one change of each kind: the unit a board reads.
        public var children: [Kind: Int] = [:]

        public enum Kind: String, Sendable, CaseIterable {
            case newReds = "new red", resolved, worse, better
            case agedOut = "aged out"

            /// The heading a board reads: "Back to green" for a resolved finding.
            public var title: String { self == .resolved ? "Back to green" : rawValue.capitalizedFirst }

            /// The kind's place in `allCases`.
            var index: Int {
                switch self {
                case .newReds: return 0
                case .resolved: return 1
                case .worse: return 2
                case .better: return 3
                case .agedOut: return 4
                }
            }
        }

        /// What each kind means, in a sentence under its heading.
        public static func meaning(_ kind: Kind) -> String {
            switch kind {
            case .newReds: return "Red now, and not red at the previous board."
            case .resolved:
                return "Red or amber at the previous board, and now met, closed or ceased. A clock that gave way to another clock "
                    + "of the same rule and case that is as bad now (the request recorded again, and overdue again) is not back to green."
            case .worse: return "Amber now, and green or with no finding at the previous board."
            case .better: return "Amber now, and red at the previous board."
            case .agedOut:
                return "Red or amber at the previous board, and now completed more than 12 months before the as-of date, "
                    + "outside the history window: the window moved on, nothing about the case changed."
            }
        }

        /// Each kind with its list, in the order a board reads them.
        public var lists: [(kind: Kind, list: [Change])] {
            [(.newReds, newReds), (.resolved, resolved), (.worse, worse), (.better, better), (.agedOut, agedOut)]
        }
    }

    /// One finding whose RAG moved between the two dates.
    public struct Change: Sendable {
        public var key: FindingKey
        public var before: RAG?
        public var after: RAG?
        public var statusBefore: Status?
        public var statusAfter: Status?
        public var due: Day?
        public var team: String?
    }

    /// An improvement plan by theme, with the direction of travel since the previous board.
    public struct PlanSection: Sendable {
        public var board: PlanBoard
        /// Each theme's RAG at the previous board (nil: not on the plan then).
        public var previous: [String: RAG]
        public var previousRAG: RAG?
    }

    /// The statutory timescales, per rule, whole service and by team.
    public struct Timescales: Sendable {
        /// The period whose completed steps the shares count.
        public var period: ClosedRange<Day>
        public var rules: [RuleLine]
        /// The teams the rules' lines list, the largest first (by findings counted now), and how many
        /// teams there are in all: a file whose team column holds a reference in each row has as many
        /// teams as cases, and a board reads the largest.
        public var teams: [String] = []
        public var teamCount = 0
        /// The DfE's measures, computed the same way, beside England's.
        public var measures: [SEN2Measures.Measure]
        public var measuresPeriod: String
        public var measuresSource: String
        public var nationalSource: String
        /// Which year England's figures are for when not the measures' year, and why a measure has none.
        public var measuresNotes: [String] = []
    }

    /// One rule's line: completed in the period (on time, late, excused), open now.
    public struct RuleLine: Sendable {
        public var rule: String
        public var title: String
        public var citation: String
        public var url: String?
        public var severity: Severity
        /// Children counted per status (a child with two clocks of the rule at one status is one).
        public var total: Counts
        /// The board's target for the rule's share on time (excluding exceptions), where one is set.
        public var target: TargetProgress?
        /// By team (`(no team)` for subjects without one), the teams of `Timescales.teams` only, by name.
        public var teams: [(team: String, counts: Counts)]
    }

    /// Counts of one rule's findings.
    public struct Counts: Sendable, Equatable {
        public var met = 0
        public var breached = 0
        public var excepted = 0
        public var overdue = 0
        public var dueSoon = 0
        public var pending = 0
        public var invalid = 0

        public init() {}

        public var completed: Int { met + breached + excepted }
        /// On time among completed steps, excepted cases left out (the DfE's "excluding exceptions").
        public var onTimeExcludingExceptions: Double? { met + breached == 0 ? nil : Double(met) * 100 / Double(met + breached) }
        /// On time among completed steps, excepted cases counted as late ("including exceptions").
        public var onTimeIncludingExceptions: Double? { completed == 0 ? nil : Double(met) * 100 / Double(completed) }

        public mutating func add(_ status: Status, _ n: Int = 1) {
            switch status {
            case .met: met += n
            case .breached: breached += n
            case .excepted: excepted += n
            case .overdue: overdue += n
            case .dueSoon: dueSoon += n
            case .pending: pending += n
            case .invalid: invalid += n
            }
        }

        public mutating func add(_ other: Counts) {
            met += other.met
            breached += other.breached
            excepted += other.excepted
            overdue += other.overdue
            dueSoon += other.dueSoon
            pending += other.pending
            invalid += other.invalid
        }
    }

    /// A key measure at each month end.
    public struct Trend: Sendable {
        public var id: String
        public var title: String
        /// A few words for the chart in a table's row ("Plans in 20 weeks, %").
        public var label = ""
        /// A percentage (0-100) or a count.
        public var isPercent: Bool
        public var lowerIsBetter: Bool
        public var points: [(day: Day, value: Double?)]
        /// England's figure (a line across the chart), and the year it is for.
        public var england: Double?
        public var englandYear: Int?
        /// The target, drawn as its trajectory where one is set.
        public var target: ReportTarget?
    }

    /// A red finding, for the exception report.
    public struct ExceptionItem: Sendable {
        public var key: FindingKey
        public var status: Status
        /// Since when it has been red: the day after the due date, or the day the late step was done.
        public var since: Day?
        public var due: Day?
        public var message: String
        public var citation: String
        public var url: String?
        /// The accountable team (cases) or lead (plan actions).
        public var accountable: String?
        public var location: String
        public var note: String?
    }

    /// What the data were like: rows, rejections by reason, invalid cells, rules not checked.
    public struct DataQuality: Sendable {
        public var sources: [Source]
        /// Kinds of problem in the inputs, with how many of each and one example.
        public var problems: [(path: String, count: Int, example: String)]
    }
}

/// What the report is about and when it was made: the only inputs from outside the data.
public struct BoardContext: Sendable {
    public var toolVersion: String
    public var asOf: Day
    /// When the report was generated, as text (the renderer does not read a clock).
    public var generated: String
    public var title: String
    /// The appendix written beside the report (`--appendix`), named where a list is cut.
    public var appendix: String?

    public init(toolVersion: String, asOf: Day, generated: String, title: String = "SEND statutory timescales and improvement plan") {
        self.toolVersion = toolVersion
        self.asOf = asOf
        self.generated = generated
        self.title = title
    }
}
