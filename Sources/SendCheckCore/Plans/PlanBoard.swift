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

    /// A red or amber finding shown on the board.
    public struct Item: Sendable {
        public var subject: String
        public var rule: String
        public var status: Status
        public var rag: RAG
        public var due: Day?
        public var message: String
        public var severity: Severity
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

    /// Builds the board for one plan.
    public static func build(_ plan: PlanDocument, ruleSet: RuleSet, options: CheckOptions, themeRule: ThemeRule = .worst) -> PlanBoard {
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: options.asOf, reasons: false)
        var items: [String: [Item]] = [:]
        var buffer: [Value] = []
        for subject in plan.subjects {
            evaluator.forEachFinding(subject, buffer: &buffer) { rule, f in
                if options.isHistory(f) { return }
                let rag = options.rag.rag(f.status, for: rule)
                items[subject.id, default: []].append(
                    Item(subject: subject.id, rule: rule.id, status: f.status, rag: rag, due: f.due, message: rule.message, severity: rule.severity))
            }
        }
        func worst(_ list: [Item]) -> RAG? { list.map(\.rag).filter { $0 == .red || $0 == .amber }.max() }
        var themes: [ThemeBoard] = []
        for theme in plan.themes {
            var counts: [RAG: Int] = [:]
            var flagged: [(PlanDocument.Action, RAG, [Item])] = []
            for action in theme.actions {
                let list = items[action.subject] ?? []
                let rag: RAG
                if let w = worst(list) {
                    rag = w
                    flagged.append((action, w, list.filter { $0.rag == .red || $0.rag == .amber }))
                } else {
                    rag = Self.isComplete(action, asOf: options.asOf, list) ? .blue : .green
                }
                counts[rag, default: 0] += 1
            }
            let themeRAG = themeRule.rag(counts)
            themes.append(ThemeBoard(id: theme.id, title: theme.title, rag: themeRAG, counts: counts, flagged: flagged))
        }
        let actionSubjects = Set(plan.themes.flatMap { $0.actions.map(\.subject) })
        let oversight = plan.subjects.filter { !actionSubjects.contains($0.id) }.flatMap { items[$0.id] ?? [] }
            .filter { $0.rag == .red || $0.rag == .amber }
        let planRAG = ([worst(oversight)] + themes.map { $0.rag == .blue ? nil : $0.rag }).compactMap { $0 }.max() ?? .green
        return PlanBoard(
            id: plan.id, title: plan.title, path: plan.path, illustrative: plan.illustrative, rag: planRAG, oversight: oversight,
            themes: themes, timeline: plan.timeline.filter { $0.day <= options.asOf })
    }

    /// Complete as of the date: its status says so and no finding shows it open.
    static func isComplete(_ action: PlanDocument.Action, asOf: Day, _ items: [Item]) -> Bool {
        action.status == "complete" && !items.contains { $0.status == .pending || $0.status == .dueSoon || $0.status == .overdue }
    }
}
