/// The backlog a board asks about, gathered in the report's one pass (as of the as-of date; counts
/// are children): open late steps by how late they are, the requests that will miss 20 weeks unless
/// the plan is issued soon, and the annual reviews falling due next term.
public struct BoardBacklog: Sendable {
    /// How late an open step is: the upper bound of each band in days late (nil: no bound).
    public static let bands: [(title: String, upTo: Int?)] = [
        ("up to 6 weeks", 42), ("6 to 12 weeks", 84), ("12 to 26 weeks", 182), ("26 to 52 weeks", 364), ("over a year", nil),
    ]
    /// The weeks since the request at which a request still open is listed (the last three milestones
    /// before the 20-week limit: a plan's draft is due by week 14, the parents have 15 days, and so on).
    public static let milestones = [12, 14, 16]

    public let asOf: Day
    public let nextTerm: SchoolTerm
    private let rules: Int
    /// The final-plan rule (20 weeks) and the annual-review rule, by index (nil: not loaded).
    let finalPlans: Int?
    let reviews: Int?
    /// Per rule and band (`rule * bands + band`): children with an open red step of that rule that late.
    public private(set) var late: [Int]
    /// Open requests at week 12 or later, with the plan not yet late.
    public private(set) var nearing: [Request] = []
    /// Open annual reviews falling due next term (one per child: its first), kept only when asked for
    /// (`keepReviews`: the CSV and the appendix list them); and how many children have one.
    public private(set) var reviewsDue: [Review] = []
    public private(set) var reviewCount = 0
    public let keepReviews: Bool

    /// A request whose final plan is not yet issued.
    public struct Request: Sendable, Equatable {
        public var subject: String
        public var team: UInt64?
        public var start: Day
        public var due: Day

        /// The last milestone passed (12, 14 or 16 weeks since the request).
        public func milestone(asOf: Day) -> Int { BoardBacklog.milestones.last { start.days(to: asOf) >= $0 * 7 } ?? 0 }
    }

    /// An annual review falling due.
    public struct Review: Sendable, Equatable {
        public var subject: String
        public var team: UInt64?
        public var due: Day
    }

    public init(ruleSet: RuleSet, asOf: Day, keepReviews: Bool = true) {
        self.asOf = asOf
        self.keepReviews = keepReviews
        nextTerm = SchoolTerm.next(after: asOf)
        rules = ruleSet.rules.count
        finalPlans = ruleSet.rules.firstIndex { $0.measure == .finalPlans }
        reviews = ruleSet.rules.firstIndex { $0.measure == .annualReviews }
        late = Array(repeating: 0, count: ruleSet.rules.count * Self.bands.count)
    }

    /// The band of a step `days` late.
    public static func band(daysLate days: Int) -> Int { bands.firstIndex { $0.upTo.map { days <= $0 } ?? true } ?? bands.count - 1 }

    /// Adds one child's findings as of now (those before `since` are history and left out); `rags`
    /// is the RAG per rule and status (`rule * statuses + status`). Whether the child has an annual
    /// review due next term.
    @discardableResult
    mutating func add(_ findings: UnsafeBufferPointer<Finding>, subject: String, team: UInt64?, since: Day, rags: [RAG]) -> Bool {
        // Read in place, field by field: a copy of a finding retains its reference, and most findings
        // are none of these.
        var reviewed = false
        for i in findings.indices {
            let (rule, status) = (findings[i].rule, findings[i].status)
            guard rule == finalPlans || rule == reviews || status == .overdue else { continue }
            guard !CheckOptions.isHistory(status, completed: findings[i].completed, since: since) else { continue }
            if status == .overdue, rags[rule * Status.allCases.count + status.index] == .red, let due = findings[i].due {
                let slot = rule * Self.bands.count + Self.band(daysLate: due.days(to: asOf))
                // A child once per rule and band (two late clocks of one rule, as late, are one child).
                if !Self.counted(slot, before: i, in: findings, asOf: asOf, rags: rags) { late[slot] += 1 }
            }
            if rule == finalPlans, findings[i].completed == nil, status == .pending || status == .dueSoon, let start = findings[i].start,
                let due = findings[i].due, start.days(to: asOf) >= Self.milestones[0] * 7
            {
                nearing.append(Request(subject: subject, team: team, start: start, due: due))
            }
            if rule == reviews, !reviewed, findings[i].completed == nil, status != .invalid, let due = findings[i].due, nextTerm.days.contains(due) {
                reviewed = true
                reviewCount += 1
                if keepReviews { reviewsDue.append(Review(subject: subject, team: team, due: due)) }
            }
        }
        return reviewed
    }

    /// Whether an overdue red finding before place `i` falls in the same rule and band (`slot`).
    private static func counted(_ slot: Int, before i: Int, in findings: UnsafeBufferPointer<Finding>, asOf: Day, rags: [RAG]) -> Bool {
        for j in 0..<i where findings[j].status == .overdue && rags[findings[j].rule * Status.allCases.count + Status.overdue.index] == .red {
            guard let due = findings[j].due else { continue }
            if findings[j].rule * bands.count + band(daysLate: due.days(to: asOf)) == slot { return true }
        }
        return false
    }

    mutating func absorb(_ other: BoardBacklog) {
        for i in late.indices { late[i] += other.late[i] }
        nearing += other.nearing
        reviewsDue += other.reviewsDue
        reviewCount += other.reviewCount
    }

    /// Children with an open late step of a rule, per band.
    public func late(rule: Int) -> [Int] { Array(late[rule * Self.bands.count..<(rule + 1) * Self.bands.count]) }
}
