import SendCheckCore
import Testing

/// The board counts children, not findings; its per-date measures, red children and backlog each equal
/// a separate evaluation as of the date they are for.
@Suite("Board counts of children")
struct BoardChildrenTests {
    static let asOf = BoardAccumulatorTests.asOf

    static func subjects(seed: UInt64, count: Int, extra: String = "") -> [Subject] {
        var generator = SyntheticCases(seed: seed, asOf: asOf)
        var csv = ""
        generator.generate(count: count) { csv += $0 }
        return Fixtures.read(csv).subjects + (extra.isEmpty ? [] : Fixtures.read(extra, layout: .long).subjects)
    }

    /// Two review meetings of one child with no decision after either: two clocks of one rule (the
    /// 4-week review decision, one per meeting) overdue at once, one child.
    static let twoCyclesOverdue = """
        case_id,event,date,value
        W0000001,plan_start,2021-02-01,
        W0000001,last_review,2024-01-30,
        W0000001,review_meeting,2025-06-02,
        W0000001,review_meeting,2025-09-01,

        """

    @Test("a child with two clocks of one rule at one status is one child, at every date")
    func childrenNotFindings() {
        let subjects = Fixtures.read(Self.twoCyclesOverdue, layout: .long).subjects
        let ruleSet = Fixtures.statutory
        var a = BoardAccumulatorTests.make(redLimit: 10, changeLimit: 10)
        for s in subjects { a.add(s) }
        let review = ruleSet.rules.firstIndex { $0.id == "reg20-review-decision" }!
        var findings = 0
        var buffer: [Value] = []
        Evaluator(ruleSet: ruleSet, asOf: Self.asOf, reasons: false).forEachFinding(subjects[0], buffer: &buffer) { rule, f in
            if rule.id == "reg20-review-decision" && f.status == .overdue && !CheckOptions(asOf: Self.asOf).isHistory(f) { findings += 1 }
        }
        #expect(findings == 2)
        #expect(a.counts(date: a.now, rule: review).overdue == 1)
        #expect(a.redChildren(date: a.now) == 1)
        #expect(a.cases == 1)
    }

    @Test(
        "children per rule and status, red children and the DfE measures at every date equal separate evaluations",
        arguments: [nil, "2023-06-01", "2025-09-30"] as [String?])
    func everyDate(since: String?) {
        let subjects = Self.subjects(seed: 11, count: 1500, extra: Self.twoCyclesOverdue)
        // With --since, the as-of date's history window starts apart from the month ends' (earlier or later).
        let nowOptions = CheckOptions(asOf: Self.asOf, since: since.map(Fixtures.day))
        var a = BoardAccumulator(
            ruleSet: Fixtures.statutory, options: nowOptions, dates: TimeTravelTests.monthEnds, previous: BoardAccumulatorTests.previous,
            measures: nowOptions.since...Self.asOf, redLimit: 50, changeLimit: 50)
        for s in subjects { a.add(s) }
        let ruleSet = Fixtures.statutory
        let rags = CheckOptions(asOf: Self.asOf).rag.tables(for: ruleSet.rules)
        for (d, date) in a.travel.dates.enumerated() {
            let options = date == Self.asOf ? nowOptions : CheckOptions(asOf: date)
            let evaluator = Evaluator(ruleSet: ruleSet, asOf: date, reasons: false)
            var expected = [BoardReport.Counts](repeating: BoardReport.Counts(), count: ruleSet.rules.count)
            var reds = 0
            var measures = SEN2Measures(ruleSet: ruleSet, period: options.since...date, asOf: date)
            var buffer: [Value] = []
            for s in subjects {
                var seen = Set<String>()
                var red = false
                evaluator.forEachFinding(s, buffer: &buffer) { rule, f in
                    guard !options.isHistory(f) else { return }
                    if seen.insert("\(f.rule) \(f.status)").inserted { expected[f.rule].add(f.status) }
                    if rags[f.rule][f.status.index] == .red && rule.severity == .statutory { red = true }
                }
                if red { reds += 1 }
                measures.add(s)
            }
            for r in ruleSet.rules.indices {
                #expect(a.counts(date: d, rule: r) == expected[r], "\(ruleSet.rules[r].id) as of \(date)")
            }
            #expect(a.redChildren(date: d) == reds, "red children as of \(date)")
            let got = a.measures(date: d).measures.filter { $0.id != "annual-reviews-completed" }
            let want = measures.measures.filter { $0.id != "annual-reviews-completed" }
            #expect(got.map { [$0.count, $0.total, $0.sumDays] } == want.map { [$0.count, $0.total, $0.sumDays] }, "measures as of \(date)")
            #expect(want.contains { $0.total > 20 })
        }
    }

    @Test("children by their worst finding and children with each kind of change are each counted once")
    func worstAndChanges() {
        let subjects = Self.subjects(seed: 9, count: 2000, extra: BoardAccumulatorTests.requestedAgain)
        var a = BoardAccumulatorTests.make(redLimit: 1_000_000, changeLimit: 1_000_000)
        for s in subjects { a.add(s) }
        // Each kind's children are the distinct subjects of its listed changes (nothing was cut).
        for (kind, list) in a.changes {
            #expect(a.changeChildren[BoardReport.Changes.Kind.allCases.firstIndex(of: kind)!] == Set(list.map(\.subject)).count, "\(kind)")
        }
        #expect(a.changeChildren.reduce(0, +) > 0)
        // Worst RAG per child (statutory rules), against a separate evaluation.
        let ruleSet = Fixtures.statutory
        let options = CheckOptions(asOf: Self.asOf)
        let rags = options.rag.tables(for: ruleSet.rules)
        var expected = [RAG: Int]()
        var buffer: [Value] = []
        for s in subjects {
            var worst: RAG?
            Evaluator(ruleSet: ruleSet, asOf: Self.asOf, reasons: false).forEachFinding(s, buffer: &buffer) { rule, f in
                guard rule.severity == .statutory, !options.isHistory(f) else { return }
                let r = rags[f.rule][f.status.index]
                if worst.map({ r > $0 }) ?? true { worst = r }
            }
            if let worst { expected[worst, default: 0] += 1 }
        }
        let statutory = Severity.allCases.firstIndex(of: .statutory)!
        for rag in RAG.allCases {
            #expect(a.worstCases[statutory * RAG.allCases.count + rag.index] == (expected[rag] ?? 0), "\(rag)")
        }
    }

    /// As of 15 January 2026: a decision 94 days late (12 to 26 weeks), requests at weeks 19 and 14 with
    /// their plans not yet due, and two plans whose reviews fall due in the summer term (K0000004 also
    /// makes the file record the outcomes and reviews that end the clocks).
    static let backlogCases = """
        case_id,event,date,value
        K0000001,request_received,2025-09-01,
        K0000002,request_received,2025-10-06,
        K0000002,request_outcome,2025-11-10,assess
        K0000002,request_outcome_date,2025-11-10,
        K0000003,plan_start,2025-05-12,
        K0000004,request_received,2024-01-08,
        K0000004,request_outcome,2024-02-01,assess
        K0000004,request_outcome_date,2024-02-01,
        K0000004,assessment_outcome,2024-05-01,issue
        K0000004,assessment_outcome_date,2024-05-01,
        K0000004,last_review,2025-05-20,

        """

    @Test("the backlog: open late steps by how late, requests past week 12 not yet late, reviews due next term")
    func backlog() {
        let subjects = Fixtures.read(Self.backlogCases, layout: .long).subjects
        var parts = [BoardAccumulatorTests.make(redLimit: 10, changeLimit: 10), BoardAccumulatorTests.make(redLimit: 10, changeLimit: 10)]
        for (i, s) in subjects.enumerated() { parts[i % 2].add(s) }
        var a = parts[0]
        a.absorb(parts[1])
        let b = a.backlog
        let ruleSet = Fixtures.statutory
        let decision = ruleSet.rules.firstIndex { $0.id == "reg5-assessment-decision" }!
        // K0000001's decision was due 2025-10-13: 94 days late on 15 January.
        #expect(b.late(rule: decision) == [0, 0, 1, 0, 0])
        #expect(BoardBacklog.band(daysLate: 42) == 0 && BoardBacklog.band(daysLate: 43) == 1 && BoardBacklog.band(daysLate: 365) == 4)
        // Both requests are open past week 12, their plans not yet late: K0000001 at week 19, K0000002 at week 14.
        let nearing = b.nearing.sorted { $0.subject < $1.subject }
        #expect(nearing.map(\.subject) == ["K0000001", "K0000002"])
        #expect(nearing.map { $0.milestone(asOf: Self.asOf) } == [16, 14])
        #expect(nearing[1].due == Fixtures.day("2026-02-23"))
        // The reviews fall due on 11 and 19 May 2026, in the summer term after 15 January.
        #expect(b.nextTerm.name == .summer)
        #expect(
            b.reviewsDue.sorted { $0.subject < $1.subject }.map { "\($0.subject) \($0.due.iso)" } == ["K0000003 2026-05-11", "K0000004 2026-05-19"])
        // Counted per team in the pass (here no team), also when the list is not kept.
        #expect(b.reviewCount == 2 && a.teamReviews.map(\.children) == [2])
        var counted = BoardAccumulator(
            ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Self.asOf), dates: TimeTravelTests.monthEnds,
            previous: BoardAccumulatorTests.previous, measures: Fixtures.day("2025-01-15")...Self.asOf, keepReviews: false)
        for s in subjects { counted.add(s) }
        #expect(counted.backlog.reviewsDue.isEmpty && counted.backlog.reviewCount == 2 && counted.teamReviews.map(\.children) == [2])
    }
}
