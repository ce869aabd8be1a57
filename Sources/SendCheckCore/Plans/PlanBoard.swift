/// A board's view of an improvement plan as of a date: BRAG per action (blue for complete), RAG per
/// theme (its worst action) and per plan (its worst theme or oversight finding), the oversight findings
/// and the dated timeline. Built with the same rules and evaluator as every other finding.
public struct PlanBoard: Sendable {
    public var id: String
    public var title: String
    public var path: String
    public var illustrative: Bool
    public var rag: RAG
    public var oversight: [Item]
    public var themes: [ThemeBoard]
    /// Events on or before the as-of date.
    public var timeline: [(day: Day, what: String)]
    /// Oversight windows: every finding of the plan itself (all statuses, history left out: the
    /// inspection revisit, monitoring, reports), by rule and due date.
    public var windows: [Item] = []

    /// A red or amber finding shown on the board.
    public struct Item: Sendable {
        public var subject: String
        public var rule: String
        public var status: Status
        public var rag: RAG
        public var due: Day?
        public var message: String
        public var severity: Severity

        /// Red or amber: shown on the board.
        public var isFlagged: Bool { rag == .red || rag == .amber }
    }

    /// One theme: its RAG, its actions by BRAG, and the actions that are red or amber.
    public struct ThemeBoard: Sendable {
        public var id: String
        public var title: String
        public var rag: RAG
        public var counts: [RAG: Int]
        public var flagged: [(action: PlanDocument.Action, rag: RAG, items: [Item])]
    }

    /// How a theme's RAG follows from its actions' BRAG.
    public enum ThemeRule: Sendable, Equatable {
        /// The worst action (one red action makes the theme red).
        case worst
        /// Red when at least `red` percent of the actions are red; amber when at least `amber` percent
        /// are red or amber; otherwise green (blue when every action is blue).
        case share(red: Int, amber: Int)

        /// The theme's RAG from the count of its actions by BRAG.
        public func rag(_ counts: [RAG: Int]) -> RAG {
            let total = counts.values.reduce(0, +)
            let (r, a, g, b) = (counts[.red] ?? 0, counts[.amber] ?? 0, counts[.green] ?? 0, counts[.blue] ?? 0)
            if total > 0, b == total { return .blue }
            switch self {
            case .worst:
                return r > 0 ? .red : a > 0 ? .amber : (g == 0 && b > 0 ? .blue : .green)
            case .share(let red, let amber):
                guard total > 0 else { return .green }
                if r > 0, r * 100 >= red * total { return .red }
                if r + a > 0, (r + a) * 100 >= amber * total { return .amber }
                return .green
            }
        }
    }

    /// A plan's subject (the plan, an action, a WSoA action), by the plan's file and its id: two plan
    /// files may give a plan the same id.
    public struct SubjectKey: Hashable, Sendable {
        public var path: String
        public var id: String

        public init(_ subject: Subject) {
            path = subject.location.path
            id = subject.id
        }
    }

    /// The findings a board is built from, by subject, as of one date: evaluated here
    /// (`evaluate(_:ruleSet:asOf:)`) or kept by the board report's one pass over every date
    /// (`BoardAccumulator.planFindings`), so a report evaluates its plans once per date.
    public typealias Findings = [SubjectKey: [Finding]]

    /// Builds the board for one plan, evaluating it as of the options' date.
    public static func build(_ plan: PlanDocument, ruleSet: RuleSet, options: CheckOptions, themeRule: ThemeRule = .worst) -> PlanBoard {
        build(plan, findings: evaluate(plan, ruleSet: ruleSet, asOf: options.asOf), ruleSet: ruleSet, options: options, themeRule: themeRule)
    }

    /// Each of a plan's subjects' findings as of a date.
    public static func evaluate(_ plan: PlanDocument, ruleSet: RuleSet, asOf: Day) -> Findings {
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: asOf, reasons: false)
        var out: Findings = [:]
        var buffer: [Value] = []
        for subject in plan.subjects {
            var list: [Finding] = []
            evaluator.forEachFinding(subject, buffer: &buffer) { _, f in list.append(f) }
            out[SubjectKey(subject)] = list
        }
        return out
    }

    /// Builds the board for one plan from its subjects' findings as of the options' date (history, by
    /// the options' window, is left out).
    public static func build(
        _ plan: PlanDocument, findings: Findings, ruleSet: RuleSet, options: CheckOptions, themeRule: ThemeRule = .worst
    ) -> PlanBoard {
        var items: [String: [Item]] = [:]
        for subject in plan.subjects {
            items[subject.id] = (findings[SubjectKey(subject)] ?? []).compactMap { f in
                let rule = ruleSet.rules[f.rule]
                guard !options.isHistory(f) else { return nil }
                return Item(
                    subject: subject.id, rule: rule.id, status: f.status, rag: options.rag.rag(f.status, for: rule), due: f.due,
                    message: rule.message, severity: rule.severity)
            }
        }
        let themes = plan.themes.map { theme(of: $0, items: items, asOf: options.asOf, themeRule: themeRule) }
        let actionSubjects = Set(plan.themes.flatMap { $0.actions.map(\.subject) })
        let oversight = plan.subjects.filter { !actionSubjects.contains($0.id) }.flatMap { items[$0.id] ?? [] }.filter(\.isFlagged)
        let windows = plan.subjects.filter { $0.kind == "plan" }.flatMap { items[$0.id] ?? [] }
            .sorted { ($0.rule, $0.due?.number ?? 0) < ($1.rule, $1.due?.number ?? 0) }
        let planRAG = ([worst(oversight)] + themes.map { $0.rag == .blue ? nil : $0.rag }).compactMap { $0 }.max() ?? .green
        return PlanBoard(
            id: plan.id, title: plan.title, path: plan.path, illustrative: plan.illustrative, rag: planRAG, oversight: oversight,
            themes: themes, timeline: plan.timeline.filter { $0.day <= options.asOf }, windows: windows)
    }

    /// One theme's board: each action's BRAG (its worst red or amber finding, else blue when complete,
    /// else green), and the theme's RAG by the theme rule.
    static func theme(of theme: PlanDocument.Theme, items: [String: [Item]], asOf: Day, themeRule: ThemeRule) -> ThemeBoard {
        var counts: [RAG: Int] = [:]
        var flagged: [(PlanDocument.Action, RAG, [Item])] = []
        for action in theme.actions {
            let list = items[action.subject] ?? []
            let rag: RAG
            if let w = worst(list) {
                rag = w
                flagged.append((action, w, list.filter(\.isFlagged)))
            } else {
                rag = isComplete(action, asOf: asOf, list) ? .blue : .green
            }
            counts[rag, default: 0] += 1
        }
        return ThemeBoard(id: theme.id, title: theme.title, rag: themeRule.rag(counts), counts: counts, flagged: flagged)
    }

    /// The worst red or amber among some items (nil: none).
    static func worst(_ list: [Item]) -> RAG? { list.filter(\.isFlagged).map(\.rag).max() }

    /// Complete as of the date: its status says so and no finding shows it open.
    static func isComplete(_ action: PlanDocument.Action, asOf: Day, _ items: [Item]) -> Bool {
        action.status == "complete" && !items.contains { $0.status == .pending || $0.status == .dueSoon || $0.status == .overdue }
    }
}
