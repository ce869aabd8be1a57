/// The DfE's published timeliness measures for one calendar year, computed from a SEN2 return with
/// the loaded rules: each measure counts the findings of the rule whose pack says it feeds it
/// (`measure:`, `DfEMeasure`) and whose step was completed in the year (one definition of every
/// timescale, not a second implementation).
public struct SEN2Measures {
    /// One measure: how many of the steps completed in the year were within the limit.
    public struct Measure: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The rule whose findings it counts.
        public var rule: String
        public var count: Int
        public var total: Int
        /// Whether a lower share is better (plans taking more than a year).
        public var lowerIsBetter: Bool
        public var england: Double?
        public var englandYear: Int?
        /// A share of steps (`percent`) or a mean number of weeks (`weeks`: `sumDays` over `total`).
        public var unit: Unit = .percent
        /// For a mean: the days summed over the `total` steps.
        public var sumDays = 0
        /// Why England has no figure, or what England's figure is (a release not yet verified).
        public var englandNote: String?

        public enum Unit: String, Sendable { case percent, weeks }

        /// The share of steps within the limit (nil for a mean, or when there were none).
        public var percent: Double? { unit != .percent || total == 0 ? nil : Double(count) * 100 / Double(total) }

        /// The measure's figure: a percentage, or a mean in weeks.
        public var value: Double? {
            switch unit {
            case .percent: return percent
            case .weeks: return total == 0 ? nil : Double(sumDays) / Double(total) / 7
            }
        }

        /// A figure of this measure's unit for people: `45.9%`, `21.4 weeks`, or `-`.
        public func shown(_ v: Double?) -> String { v.map { Self.figure($0, unit: unit) } ?? "-" }

        /// A figure to a tenth, with its unit: `45.9%`, `21.4 weeks`.
        public static func figure(_ v: Double, unit: Unit) -> String {
            let tenths = Int((v * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)" + (unit == .percent ? "%" : " weeks")
        }
    }

    /// A measure's unit, by its id: the averages are in weeks, the others are shares.
    public static func unit(of id: String) -> Measure.Unit {
        id.hasPrefix("average-weeks") ? .weeks : .percent
    }

    public let year: Int
    /// The days whose completed steps are counted (the calendar year, or a report's 12 months).
    public let period: ClosedRange<Day>
    /// Nil only while it evaluates a subject (moved out, so its row buffer is never shared then).
    private var driver: SubjectDriver?
    /// The id of the rule that feeds each measure (`measure:` in its pack).
    private let feeders: [DfEMeasure: String]
    /// Per rule index, the measure rule it is (nil for the others): no string compared per finding.
    private let counted: [DfEMeasure?]
    /// Whether the subject being taken records an exception code.
    private var excepted = false
    private let exceptionSlot: Int?
    /// The field whose occurrences are the annual reviews (the end of `s44-annual-review`'s chain).
    private let reviewSlot: Int?
    /// The subject being taken's latest review, when its source keeps no history of reviews.
    private var latestReview: Day?
    /// Per measure, by its place in `definitions` (counted once per finding: no string is hashed).
    /// Per measure, by its place in `definitions`, three numbers (`width`): the steps within the limit,
    /// the steps, and the days summed (the mean measures). Counted once per finding: no string is hashed.
    private var tallies = [Int](repeating: 0, count: definitions.count * width)
    /// The numbers kept per measure (see `tallies`).
    public static let width = 3

    public static let definitions: [(id: String, title: String, feed: DfEMeasure, lowerIsBetter: Bool)] = [
        ("decisions-6-weeks", "Decisions whether to assess, within 6 weeks", .decisions, false),
        ("not-to-issue-16-weeks", "Decisions not to issue a plan, within 16 weeks", .notToIssue, false),
        ("plans-20-weeks-including-exceptions", "Plans issued within 20 weeks, including exception cases", .finalPlans, false),
        ("plans-20-weeks-excluding-exceptions", "Plans issued within 20 weeks, excluding exception cases", .finalPlans, false),
        ("plans-after-52-weeks", "Plans issued after more than 52 weeks", .finalPlans, true),
        ("review-decisions-4-weeks", "Annual review decisions within 4 weeks of the meeting", .reviewDecisions, false),
        ("average-weeks-to-plan-including-exceptions", "Average weeks from request to plan, including exception cases", .finalPlans, true),
        ("average-weeks-to-plan-excluding-exceptions", "Average weeks from request to plan, excluding exception cases", .finalPlans, true),
        ("annual-reviews-completed", "Annual reviews due in the period that were completed", .annualReviews, false),
    ]

    /// Measures for calendar `year`, evaluated as of `asOf` (the return's reference date).
    public init(ruleSet: RuleSet, year: Int, asOf: Day) {
        self.init(ruleSet: ruleSet, period: Day(year: year, month: 1, day: 1)!...Day(year: year, month: 12, day: 31)!, asOf: asOf)
    }

    /// Measures over the steps completed in `period` (England's figure is for the year it ends in).
    /// `evaluating: false` makes one that only counts findings given to it (`add(_:finding:...)`), as
    /// the board report's time travel does at each date: `add(_ subject:)` then counts nothing.
    public init(ruleSet: RuleSet, period: ClosedRange<Day>, asOf: Day, evaluating: Bool = true) {
        precondition(Self.placesMatch, "SEN2Measures: a measure's constant place does not match its definition")
        self.period = period
        year = period.upperBound.civil.year
        driver = evaluating ? SubjectDriver(ruleSet: ruleSet, asOf: asOf, rag: .standard) : nil
        counted = ruleSet.rules.map(\.measure)
        var feeders: [DfEMeasure: String] = [:]
        for rule in ruleSet.rules { if let m = rule.measure { feeders[m] = rule.id } }
        self.feeders = feeders
        exceptionSlot = ruleSet.schemas["case"]?.slot(of: .exception)
        reviewSlot = ruleSet.rules.first { $0.measure == .annualReviews }.flatMap { rule in
            if case .chain(let slot) = rule.repeatMode { return slot }
            return nil
        }
    }

    /// The latest review of a subject whose source keeps only the latest one (one row per case), when
    /// it falls in the period: the cycle that review closed is not among the findings (only the open
    /// cycle is checked), so the review is counted as one due and done in the period.
    public func latestReviewWithoutHistory(_ subject: Subject) -> Day? {
        guard let slot = reviewSlot, slot < subject.values.count, !subject.hasHistory(slot) else { return nil }
        guard case .date(let d) = subject.values[slot], period.contains(d) else { return nil }
        return d
    }

    /// The measures no loaded rule feeds (no rule says `measure:` for them: switched off, or a pack
    /// that does not name them).
    public var missingMeasures: [DfEMeasure] { DfEMeasure.allCases.filter { feeders[$0] == nil } }

    /// Counts one subject's findings (evaluated by the driver every consumer shares).
    public mutating func add(_ subject: Subject) {
        guard var driver else { return }
        self.driver = nil
        driver.evaluate(subject, into: &self)
        self.driver = driver
    }

    /// Counts one finding of a rule the measures count. `latestReview`: the subject's latest review
    /// when its source keeps no history of reviews (`latestReviewWithoutHistory`).
    public mutating func add(_ counted: DfEMeasure, finding f: Finding, excepted: Bool, latestReview: Day? = nil) {
        if counted == .annualReviews {
            guard f.status != .invalid else { return }
            // One row per case: the open cycle begun by a review in the period stands for that review,
            // due and done (the cycle it closed is not checked, so it is not among the findings).
            if let review = latestReview, f.start == review, f.completed == nil {
                return tally(Self.reviewsCompleted, true)
            }
            // Reviews due in the period, and how many of them were done (a plan that ceased with its
            // review missed was due and not done).
            guard let due = f.due, period.contains(due) else { return }
            var ended = false
            if case .ended = f.detail { ended = true }
            let done = (f.status == .met || f.status == .breached) && !ended
            return tally(Self.reviewsCompleted, done)
        }
        guard let completed = f.completed, period.contains(completed) else { return }
        tallies.withUnsafeMutableBufferPointer { Self.count(counted, step: f, excepted: excepted, into: $0, at: 0) }
    }

    /// Counts one completed step (a met, breached or excepted finding) of a rule the measures count,
    /// other than the annual reviews, into `tallies` laid out as `SEN2Measures`'s own (from `base`),
    /// whatever its period: the caller has checked the step was completed in it. The board report's
    /// time travel counts the steps of the 12 months to each date through it.
    @inline(__always)
    public static func count(_ counted: DfEMeasure, step f: Finding, excepted: Bool, into tallies: UnsafeMutableBufferPointer<Int>, at base: Int) {
        guard let completed = f.completed, f.status == .met || f.status == .breached || f.status == .excepted else { return }
        func tally(_ index: Int, _ counts: Bool, days: Int = 0) {
            let at = base + index * width
            tallies[at + 1] += 1
            if counts { tallies[at] += 1 }
            tallies[at + 2] += days
        }
        let within = f.status == .met
        switch counted {
        case .decisions: tally(decisions, within)
        case .notToIssue: tally(notToIssue, within)
        case .finalPlans:
            tally(plansIncluding, within)
            if !excepted { tally(plansExcluding, within) }
            if let start = f.start {
                let days = start.days(to: completed)
                tally(plansAfter52, days > 52 * 7)
                tally(weeksIncluding, true, days: days)
                if !excepted { tally(weeksExcluding, true, days: days) }
            }
        case .reviewDecisions: tally(reviewDecisions, within)
        case .annualReviews: break
        }
    }

    /// Adds counts laid out as `tallies` (`definitions.count * width` numbers from `base`).
    public mutating func add(tallies other: [Int], at base: Int) {
        for i in tallies.indices { tallies[i] += other[base + i] }
    }

    /// The slot of the exception code, to tell whether a subject records one.
    public var exceptionField: Int? { exceptionSlot }

    /// Adds the counts of measures over another part of the same data.
    public mutating func absorb(_ other: SEN2Measures) {
        for i in tallies.indices { tallies[i] += other.tallies[i] }
    }

    private mutating func tally(_ index: Int, _ counts: Bool, days: Int = 0) {
        tallies[index * Self.width + 1] += 1
        if counts { tallies[index * Self.width] += 1 }
        tallies[index * Self.width + 2] += days
    }

    /// A measure's place in `definitions` (every id the code counts is defined there).
    private static func index(_ id: String) -> Int {
        guard let i = definitions.firstIndex(where: { $0.id == id }) else { preconditionFailure("no SEN2 measure \(id)") }
        return i
    }

    // Each measure's place in `definitions`, as constants: the board report counts steps through them
    // at every date (a `static let` is a lazy global, checked on each use). `placesMatch` checks them.
    private static var decisions: Int { 0 }
    private static var notToIssue: Int { 1 }
    private static var plansIncluding: Int { 2 }
    private static var plansExcluding: Int { 3 }
    private static var plansAfter52: Int { 4 }
    private static var reviewDecisions: Int { 5 }
    private static var weeksIncluding: Int { 6 }
    private static var weeksExcluding: Int { 7 }
    private static var reviewsCompleted: Int { 8 }

    /// Whether each constant place above is its measure's place in `definitions`.
    static let placesMatch: Bool = {
        let places: [(Int, String)] = [
            (decisions, "decisions-6-weeks"), (notToIssue, "not-to-issue-16-weeks"), (plansIncluding, "plans-20-weeks-including-exceptions"),
            (plansExcluding, "plans-20-weeks-excluding-exceptions"), (plansAfter52, "plans-after-52-weeks"),
            (reviewDecisions, "review-decisions-4-weeks"), (weeksIncluding, "average-weeks-to-plan-including-exceptions"),
            (weeksExcluding, "average-weeks-to-plan-excluding-exceptions"), (reviewsCompleted, "annual-reviews-completed"),
        ]
        return places.allSatisfy { index($1) == $0 } && places.count == definitions.count
    }()

    /// The measures, in the DfE's order, with England's figure for the year (or the latest before it).
    public var measures: [Measure] {
        Self.definitions.indices.map { i in
            let d = Self.definitions[i]
            let t = (count: tallies[i * Self.width], total: tallies[i * Self.width + 1])
            let england = NationalFigures.figure(d.id, year: year)
            var m = Measure(
                id: d.id, title: d.title, rule: feeders[d.feed] ?? "", count: t.count, total: t.total, lowerIsBetter: d.lowerIsBetter,
                england: england?.percent, englandYear: england?.year)
            m.unit = Self.unit(of: d.id)
            m.sumDays = tallies[i * Self.width + 2]
            m.englandNote = NationalFigures.notes[d.id]
            return m
        }
    }
}

extension SEN2Measures: FindingConsumer {
    public mutating func begin(_ subject: Subject) {
        excepted = exceptionSlot.map { $0 < subject.values.count && subject.values[$0].isPresent } ?? false
        latestReview = latestReviewWithoutHistory(subject)
    }

    public mutating func take(_ finding: Finding, rule: Int, rag: RAG) {
        if let c = counted[rule] { add(c, finding: finding, excepted: excepted, latestReview: latestReview) }
    }
}

extension SEN2Measures: SubjectConsumer {}
