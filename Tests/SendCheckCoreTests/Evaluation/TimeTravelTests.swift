import SendCheckCore
import Testing

/// Evaluating as of many dates in one pass gives exactly what evaluating as of each date alone gives.
@Suite("Time travel over many dates")
struct TimeTravelTests {
    /// Every finding of every subject as of one date, evaluated on its own, as comparable text.
    static func alone(_ subjects: [Subject], ruleSet: RuleSet, asOf: Day) -> [String] {
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: asOf, reasons: false)
        var buffer: [Value] = []
        var out: [String] = []
        for s in subjects {
            evaluator.forEachFinding(s, buffer: &buffer) { rule, f in out.append(describe(rule.id, s.id, f)) }
        }
        return out.sorted()
    }

    static func describe(_ rule: String, _ subject: String, _ f: Finding) -> String {
        "\(rule) \(subject) \(f.status.rawValue) \(f.start?.iso ?? "-") \(f.due?.iso ?? "-") \(f.completed?.iso ?? "-") \(f.detail)"
    }

    static let monthEnds: [Day] = (0..<13).map { i in
        let first = Day(year: 2025 + (i + 1) / 12, month: (i + 1) % 12 + 1, day: 1)!
        return first.adding(days: -1)
    }

    @Test("synthetic national-style cases: one pass over 13 month ends equals 13 evaluations", arguments: [1, 2, 3] as [UInt64])
    func synthetic(seed: UInt64) {
        var generator = SyntheticCases(seed: seed, asOf: Fixtures.day("2026-01-15"))
        var csv = ""
        generator.generate(count: 1500) { csv += $0 }
        let subjects = Fixtures.read(csv).subjects
        #expect(subjects.count == 1500)
        Self.compare(subjects, ruleSet: Fixtures.statutory)
    }

    /// More dates than fit in one word of run bits: the general path.
    @Test("seventy weekly dates in one pass equal seventy evaluations")
    func manyDates() {
        var generator = SyntheticCases(seed: 7, asOf: Fixtures.day("2026-01-15"))
        var csv = ""
        generator.generate(count: 300) { csv += $0 }
        let dates = (0..<70).map { Fixtures.day("2024-09-01").adding(days: 7 * $0) }
        Self.compare(Fixtures.read(csv).subjects, ruleSet: Fixtures.statutory, dates: dates)
    }

    @Test("the bundled examples, the long layout and the plan rules (which read the as-of date)")
    func examples() throws {
        var subjects = Fixtures.read(try String(contentsOfFile: Fixtures.path("examples/cases.csv"), encoding: .utf8)).subjects
        subjects += Fixtures.read(try String(contentsOfFile: Fixtures.path("examples/review-events.csv"), encoding: .utf8), layout: .long).subjects
        Self.compare(subjects, ruleSet: Fixtures.statutory, dates: Self.monthEnds + [Fixtures.day("2026-11-29"), Fixtures.day("2026-03-04")])
        let rules = try Fixtures.ruleSet()
        var diagnostics = Diagnostics()
        let loader = PlanLoader(path: "plan.yaml", schemas: rules.schemas, ruleIDs: Set(rules.rules.map(\.id)))
        let plan = try #require(
            loader.load(try String(contentsOfFile: Fixtures.path("plans/example-county-cip-2022.yaml"), encoding: .utf8), diagnostics: &diagnostics))
        let planDates = (0..<13).map { Fixtures.day("2022-01-31").adding(days: 30 * $0) }
        Self.compare(plan.subjects, ruleSet: rules, dates: planDates)
    }

    @Test("whole findings only at the wanted dates, given in any order and more than once; tallies at every date")
    func wanted() {
        var generator = SyntheticCases(seed: 11, asOf: Fixtures.day("2026-01-15"))
        var csv = ""
        generator.generate(count: 400) { csv += $0 }
        let subjects = Fixtures.read(csv).subjects
        let travel = TimeTravel(ruleSet: Fixtures.statutory, dates: Self.monthEnds)
        let scratch = TimeTravel.Scratch()
        var all = [[String]](repeating: [], count: travel.dates.count)
        for s in subjects {
            travel.evaluate(s, scratch: scratch) { d, rule, f in all[d].append(Self.describe(Fixtures.statutory.rules[rule].id, s.id, f)) }
        }
        var some = [[String]](repeating: [], count: travel.dates.count)
        var tallied = [Int](repeating: 0, count: travel.dates.count)
        for s in subjects {
            travel.evaluate(s, scratch: scratch, wanted: [9, 2, 9, 40, -1, 5], tally: { dates, _, _, _ in for d in dates { tallied[d] += 1 } }) {
                d, rule, f in some[d].append(Self.describe(Fixtures.statutory.rules[rule].id, s.id, f))
            }
        }
        for d in travel.dates.indices {
            #expect(some[d] == ([2, 5, 9].contains(d) ? all[d] : []), "date \(d)")
            #expect(tallied[d] == all[d].count, "date \(d)")
        }
    }

    static func compare(_ subjects: [Subject], ruleSet: RuleSet, dates: [Day] = monthEnds) {
        let travel = TimeTravel(ruleSet: ruleSet, dates: dates)
        var perDate = [[String]](repeating: [], count: travel.dates.count)
        let scratch = TimeTravel.Scratch()
        for s in subjects {
            travel.evaluate(s, scratch: scratch) { d, rule, f in perDate[d].append(describe(ruleSet.rules[rule].id, s.id, f)) }
        }
        for (d, date) in travel.dates.enumerated() {
            let expected = alone(subjects, ruleSet: ruleSet, asOf: date)
            #expect(perDate[d].sorted() == expected, "as of \(date)")
        }
    }
}
