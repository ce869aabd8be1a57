/// The DfE's published timeliness measures for one calendar year, computed from a SEN2 return with
/// the statutory pack's own rules: each measure counts the findings of one rule whose step was
/// completed in the year (one definition of every timescale, not a second implementation).
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

        public var percent: Double? { total == 0 ? nil : Double(count) * 100 / Double(total) }
    }

    public let year: Int
    private let evaluator: Evaluator
    private let rules: [String: Int]
    private let exceptionSlot: Int?
    private var buffer: [Value] = []
    private var tallies: [String: (count: Int, total: Int)] = [:]

    static let definitions: [(id: String, title: String, rule: String, lowerIsBetter: Bool)] = [
        ("decisions-6-weeks", "Decisions whether to assess, within 6 weeks", "reg5-assessment-decision", false),
        ("not-to-issue-16-weeks", "Decisions not to issue a plan, within 16 weeks", "reg10-not-to-issue", false),
        ("plans-20-weeks-including-exceptions", "Plans issued within 20 weeks, including exception cases", "reg13-final-plan", false),
        ("plans-20-weeks-excluding-exceptions", "Plans issued within 20 weeks, excluding exception cases", "reg13-final-plan", false),
        ("plans-after-52-weeks", "Plans issued after more than 52 weeks", "reg13-final-plan", true),
        ("review-decisions-4-weeks", "Annual review decisions within 4 weeks of the meeting", "reg20-review-decision", false),
    ]

    /// Measures for calendar `year`, evaluated as of `asOf` (the return's reference date).
    public init(ruleSet: RuleSet, year: Int, asOf: Day) {
        self.year = year
        evaluator = Evaluator(ruleSet: ruleSet, asOf: asOf, reasons: false)
        var rules: [String: Int] = [:]
        for (i, rule) in ruleSet.rules.enumerated() { rules[rule.id] = i }
        self.rules = rules
        exceptionSlot = ruleSet.schemas["case"]?.slot(of: "exception")
    }

    /// The rules a measure needs that are not loaded (switched off, or another pack).
    public var missingRules: [String] { Array(Set(Self.definitions.map(\.rule).filter { rules[$0] == nil })).sorted() }

    /// Counts one subject's findings.
    public mutating func add(_ subject: Subject) {
        let year = self.year
        let excepted = exceptionSlot.map { subject.values[$0].isPresent } ?? false
        var found: [(String, Finding)] = []
        evaluator.forEachFinding(subject, buffer: &buffer) { rule, finding in found.append((rule.id, finding)) }
        for (rule, f) in found {
            guard let completed = f.completed, completed.civil.year == year else { continue }
            guard f.status == .met || f.status == .breached || f.status == .excepted else { continue }
            let within = f.status == .met
            switch rule {
            case "reg5-assessment-decision": tally("decisions-6-weeks", within)
            case "reg10-not-to-issue": tally("not-to-issue-16-weeks", within)
            case "reg13-final-plan":
                tally("plans-20-weeks-including-exceptions", within)
                if !excepted { tally("plans-20-weeks-excluding-exceptions", within) }
                if let start = f.start { tally("plans-after-52-weeks", start.days(to: completed) > 52 * 7) }
            case "reg20-review-decision": tally("review-decisions-4-weeks", within)
            default: break
            }
        }
    }

    /// Adds the counts of measures over another part of the same data.
    public mutating func absorb(_ other: SEN2Measures) {
        for (id, t) in other.tallies {
            tallies[id, default: (0, 0)].count += t.count
            tallies[id, default: (0, 0)].total += t.total
        }
    }

    private mutating func tally(_ id: String, _ counts: Bool) {
        tallies[id, default: (0, 0)].total += 1
        if counts { tallies[id, default: (0, 0)].count += 1 }
    }

    /// The measures, in the DfE's order, with England's figure for the year (or the latest before it).
    public var measures: [Measure] {
        Self.definitions.map { d in
            let t = tallies[d.id] ?? (0, 0)
            let england = NationalFigures.figure(d.id, year: year)
            return Measure(
                id: d.id, title: d.title, rule: d.rule, count: t.count, total: t.total, lowerIsBetter: d.lowerIsBetter,
                england: england?.percent, englandYear: england?.year)
        }
    }
}
