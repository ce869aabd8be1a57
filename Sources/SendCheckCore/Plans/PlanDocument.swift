/// An improvement plan read from `plans/*.yaml`: its structure for board views, and the subjects
/// (the plan itself, each action, each WSoA action) that rules check. See `docs/plans.md`.
public struct PlanDocument: Sendable {
    public var id: String
    public var title: String
    public var owner: String?
    public var status: String?
    public var illustrative: Bool
    public var path: String
    public var themes: [Theme]
    /// The subjects rules check: kind `plan` (one), `action` (one per action), `wsoa-action`.
    public var subjects: [Subject]

    /// A theme of the plan and its actions.
    public struct Theme: Sendable {
        public var id: String
        public var title: String
        public var actions: [Action]
    }

    /// What a board report shows of an action (the subject holds what rules read).
    public struct Action: Sendable {
        /// The subject's reference (`plan/action`).
        public var subject: String
        public var id: String
        public var title: String
        public var lead: String?
        public var due: Day?
        public var status: String?
    }

    /// Dated oversight events, for the board's timeline.
    public var timeline: [(day: Day, what: String)] = []
    /// The plan's governance (board) meetings: the previous board of a board report is the last one
    /// before its as-of date.
    public var meetings: [(day: Day, body: String)] = []

    /// The subject kinds a plan file produces.
    public static let kinds = ["plan", "action", "wsoa-action"]
}
