import SendCheckCore
import Testing

/// The board report keeps only the first reds and changes of each list, cutting its buffers as they
/// fill and merging the parts of a parallel read: what it lists must be exactly the first of all.
@Suite("Board accumulator's bounded lists")
struct BoardAccumulatorTests {
    static let asOf = Fixtures.day("2026-01-15")
    static let previous = Fixtures.day("2025-10-15")

    static func make(redLimit: Int, changeLimit: Int) -> BoardAccumulator {
        BoardAccumulator(
            ruleSet: Fixtures.statutory, options: CheckOptions(asOf: asOf), dates: TimeTravelTests.monthEnds, previous: previous,
            measures: Fixtures.day("2025-01-15")...asOf, redLimit: redLimit, changeLimit: changeLimit)
    }

    static func reds(_ a: BoardAccumulator) -> [[String]] {
        a.reds.map { list in list.map { "\($0.finding.subject) \($0.finding.start?.iso ?? "-") \($0.since?.iso ?? "-")" } }
    }

    static func changes(_ a: BoardAccumulator) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (kind, list) in a.changes { out[kind.rawValue] = list.map { "\($0.rule) \($0.subject) \($0.start?.iso ?? "-")" } }
        return out
    }

    /// Each team's counts of every rule, in the team's order.
    static func teams(_ a: BoardAccumulator) -> [[String]] {
        Fixtures.statutory.rules.indices.map { r in a.teams(rule: r).map { "\($0.team) \($0.counts)" }.sorted() }
    }

    @Test("small limits, cut many times and merged from parts, list exactly the first of everything", arguments: [1, 2] as [UInt64])
    func cutsAndMerges(seed: UInt64) {
        var generator = SyntheticCases(seed: seed, asOf: Self.asOf)
        var csv = ""
        generator.generate(count: 2400) { csv += $0 }
        let subjects = Fixtures.read(csv).subjects
        // The reference keeps everything; the others keep 7 reds a rule and 3 changes a kind.
        var whole = Self.make(redLimit: 1_000_000, changeLimit: 1_000_000)
        var one = Self.make(redLimit: 7, changeLimit: 3)
        var parts = (0..<3).map { _ in Self.make(redLimit: 7, changeLimit: 3) }
        for (i, s) in subjects.enumerated() {
            whole.add(s)
            one.add(s)
            parts[i * 3 / subjects.count].add(s)
        }
        var merged = parts[0]
        merged.absorb(parts[1])
        merged.absorb(parts[2])
        let expectedReds = Self.reds(whole).map { Array($0.prefix(7)) }
        let expectedChanges = Self.changes(whole).mapValues { Array($0.prefix(3)) }
        // The lists must have been cut: some rule has many more reds than it lists.
        #expect(whole.redCounts.contains { $0 > 30 })
        for candidate in [one, merged] {
            #expect(Self.reds(candidate) == expectedReds)
            #expect(candidate.redCounts == whole.redCounts)
            #expect(Self.changes(candidate) == expectedChanges)
            #expect(candidate.changeCounts == whole.changeCounts)
            #expect(Self.teams(candidate) == Self.teams(whole))
        }
        // Teams are counted apart, and a merge adds each team's counts to the same team's.
        #expect(Self.teams(whole).contains { $0.count >= 3 })
        #expect(Fixtures.statutory.rules.indices.allSatisfy { r in merged.teams(rule: r).allSatisfy { $0.counts != BoardReport.Counts() } })
    }

    @Test("the counts at every date equal a separate evaluation as of that date, with its own history window")
    func countsAtEveryDate() {
        var generator = SyntheticCases(seed: 5, asOf: Self.asOf)
        var csv = ""
        generator.generate(count: 1500) { csv += $0 }
        // Open clocks with an exception recorded, late at some dates and not at others, and one whose
        // request arrives inside the year (not started at the first dates).
        let header = csv.prefix { $0 != "\n" }
        let columns = header.split(separator: ",").map(String.init)
        func row(_ id: String, _ cells: [String: String]) -> String {
            columns.map { cells[$0] ?? ($0 == columns[0] ? id : "") }.joined(separator: ",") + "\n"
        }
        csv += row("X0000001", ["request_received": "2025-01-20", "request_outcome": "assess", "exception": "school_closure"])
        csv += row("X0000002", ["request_received": "2025-04-02", "request_outcome": "assess", "exception": "unspecified"])
        csv += row("X0000003", ["request_received": "2025-08-11", "exception": "absent_from_area"])
        let subjects = Fixtures.read(csv).subjects
        #expect(subjects.count == 1503)
        var a = Self.make(redLimit: 500, changeLimit: 50)
        for s in subjects { a.add(s) }
        let ruleSet = Fixtures.statutory
        for (d, date) in a.travel.dates.enumerated() {
            let options = date == Self.asOf ? CheckOptions(asOf: Self.asOf) : CheckOptions(asOf: date)
            let evaluator = Evaluator(ruleSet: ruleSet, asOf: date, reasons: false)
            var expected = [BoardReport.Counts](repeating: BoardReport.Counts(), count: ruleSet.rules.count)
            var buffer: [Value] = []
            for s in subjects {
                evaluator.forEachFinding(s, buffer: &buffer) { _, f in
                    if !options.isHistory(f) { expected[f.rule].add(f.status) }
                }
            }
            for r in ruleSet.rules.indices {
                #expect(a.counts(date: d, rule: r) == expected[r], "\(ruleSet.rules[r].id) as of \(date)")
            }
        }
    }

    /// A case whose request is recorded again after the previous board: the first request's clocks
    /// (both red then) give way to the second's. The second decision is overdue again (a new red, and
    /// the first is not resolved); the second final plan is not due yet, so the first is resolved. A
    /// second case, settled long ago, makes the file record the outcomes that end the clocks.
    static let requestedAgain = """
        case_id,event,date,value
        R0000001,request_received,2025-01-06,
        R0000001,request_received,2025-11-03,
        R0000002,request_received,2024-01-08,
        R0000002,request_outcome,2024-02-01,assess
        R0000002,request_outcome_date,2024-02-01,
        R0000002,assessment_outcome,2024-05-01,issue
        R0000002,assessment_outcome_date,2024-05-01,

        """

    /// What changed, classified from both dates evaluated apart: each subject's findings as of each date
    /// by (rule, clock start), with their RAG and whether they are history (outside the window).
    static func expectedChanges(_ subjects: [Subject]) -> (expected: [String: [String]], now: [String: [String: (rag: RAG, history: Bool)]]) {
        let ruleSet = Fixtures.statutory
        let rags = CheckOptions(asOf: Self.asOf).rag.tables(for: ruleSet.rules)
        func findings(asOf date: Day) -> [String: [String: (rag: RAG, history: Bool)]] {
            let options = CheckOptions(asOf: date)
            let evaluator = Evaluator(ruleSet: ruleSet, asOf: date, reasons: false)
            var out: [String: [String: (rag: RAG, history: Bool)]] = [:]
            var buffer: [Value] = []
            for s in subjects {
                evaluator.forEachFinding(s, buffer: &buffer) { _, f in
                    out[s.id, default: [:]]["\(f.rule) \(f.start?.iso ?? "-")"] = (rags[f.rule][f.status.index], options.isHistory(f))
                }
            }
            return out
        }
        let (before, after) = (findings(asOf: Self.previous), findings(asOf: Self.asOf))
        var expected: [String: [String]] = [:]
        for id in Set(before.keys).union(after.keys) {
            let was = (before[id] ?? [:]).filter { !$0.value.history }.mapValues(\.rag)
            let now = (after[id] ?? [:]).filter { !$0.value.history }.mapValues(\.rag)
            for clock in Set(was.keys).union(now.keys) {
                guard var kind = BoardAccumulator.change(was: was[clock], now: now[clock]) else { continue }
                if kind == .resolved, now[clock] == nil, let then = was[clock] {
                    // Still there but outside the window: aged out. Gone, with a new clock of the same
                    // rule at least as bad now: red (or amber) again, not resolved.
                    let rule = clock.split(separator: " ")[0]
                    let rank = { (r: RAG) in r == .red ? 2 : r == .amber ? 1 : 0 }
                    let again = now.contains { $0.key.split(separator: " ")[0] == rule && was[$0.key] == nil && rank($0.value) >= rank(then) }
                    if after[id]?[clock] != nil { kind = .agedOut } else if again { continue }
                }
                expected[kind.rawValue, default: []].append("\(clock) \(id)")
            }
        }
        return (expected, after)
    }

    @Test("what changed equals both dates evaluated apart and matched by clock: new reds, resolved, worse, better and aged out")
    func changesAgainstSeparateEvaluations() {
        var generator = SyntheticCases(seed: 9, asOf: Self.asOf)
        var csv = ""
        generator.generate(count: 2000) { csv += $0 }
        let subjects = Fixtures.read(csv).subjects + Fixtures.read(Self.requestedAgain, layout: .long).subjects
        var a = Self.make(redLimit: 1_000_000, changeLimit: 1_000_000)
        for s in subjects { a.add(s) }
        let (expected, after) = Self.expectedChanges(subjects)
        var actual: [String: [String]] = [:]
        for (kind, list) in a.changes {
            actual[kind.rawValue] = list.map { "\($0.rule) \($0.start?.iso ?? "-") \($0.subject)" }
        }
        #expect(actual.mapValues { $0.sorted() }.filter { !$0.value.isEmpty } == expected.mapValues { $0.sorted() })
        #expect(
            a.changeCounts.filter { $0.value > 0 }
                == Dictionary(uniqueKeysWithValues: expected.map { (BoardReport.Changes.Kind(rawValue: $0.key)!, $0.value.count) }))
        // Every kind occurs (a clock only gets better by ending, which is "resolved"), including clocks
        // that are gone now (resolved with no finding after).
        for kind in [.newReds, .resolved, .worse, .agedOut] as [BoardReport.Changes.Kind] {
            #expect((expected[kind.rawValue]?.count ?? 0) > 0, "\(kind)")
        }
        #expect(
            expected["resolved"]?.contains { entry in
                let parts = entry.split(separator: " ")
                return after[String(parts[2])]?["\(parts[0]) \(parts[1])"] == nil
            } == true)
        // Aged out: red or amber then, and still a finding now, but outside the history window.
        #expect(
            expected["aged out"]?.allSatisfy { entry in
                let parts = entry.split(separator: " ")
                return after[String(parts[2])]?["\(parts[0]) \(parts[1])"]?.history == true
            } == true)
        // The case requested again: its decision is red again, not resolved.
        let again = a.changes.flatMap { kind, list in
            list.filter { $0.subject == "R0000001" }.map { "\(kind.rawValue) \(Fixtures.statutory.rules[$0.rule].id) \($0.start?.iso ?? "-")" }
        }
        #expect(again.sorted() == ["new red reg5-assessment-decision 2025-11-03", "resolved reg13-final-plan 2025-01-06"])
    }
}

extension BoardAccumulatorTests {
    /// The synthetic cases with their teams rewritten: every third row keeps its team (a handful of
    /// teams of hundreds of cases), every third is a team of its own, and the rest are teams of 30
    /// rows, so a part of a split read may see a team's first 16 subjects and the next part fewer.
    static func teamsOfEverySize(count: Int) -> [Subject] {
        var generator = SyntheticCases(seed: 4, asOf: asOf)
        var csv = ""
        generator.generate(count: count) { csv += $0 }
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let column = lines[0].split(separator: ",").firstIndex(of: "team")!
        for i in 1..<lines.count where !lines[i].isEmpty {
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if i % 3 == 1 { cells[column] = "Solo \(i)" } else if i % 3 == 2 { cells[column] = "Mid \(i / 90)" }
            lines[i] = cells.joined(separator: ",")
        }
        return Fixtures.read(lines.joined(separator: "\n")).subjects
    }

    @Test("each team's counts equal a separate evaluation, for teams of one case, a few and hundreds, read whole or in parts")
    func teamCountsOfEverySize() throws {
        let subjects = Self.teamsOfEverySize(count: 1500)
        let ruleSet = Fixtures.statutory
        let slot = try #require(ruleSet.schemas["case"]?.slot(of: "team"))
        let options = CheckOptions(asOf: Self.asOf)
        let evaluator = Evaluator(ruleSet: ruleSet, asOf: Self.asOf, reasons: false)
        var expected: [UInt64: [Int: BoardReport.Counts]] = [:]
        var buffer: [Value] = []
        for s in subjects {
            var team: UInt64 = 0
            if slot < s.values.count, case .text(let h) = s.values[slot] { team = h }
            evaluator.forEachFinding(s, buffer: &buffer) { _, f in
                if !options.isHistory(f) { expected[team, default: [:]][f.rule, default: BoardReport.Counts()].add(f.status) }
            }
        }
        var whole = Self.make(redLimit: 10, changeLimit: 10)
        var parts = (0..<3).map { _ in Self.make(redLimit: 10, changeLimit: 10) }
        for (i, s) in subjects.enumerated() {
            whole.add(s)
            parts[i * 3 / subjects.count].add(s)
        }
        // A team with a row in one part and counted sparsely in the next, merged.
        let inSecond = Set(parts[1].teamSizes.filter { $0.findings > 0 }.map(\.team))
        #expect(inSecond.contains { parts[0].hasTeamRow($0) && !parts[1].hasTeamRow($0) })
        var merged = parts[0]
        merged.absorb(parts[1])
        merged.absorb(parts[2])
        for a in [whole, merged] {
            // Both kinds of storage are in use: the large teams have rows, the teams of one case none.
            #expect(expected.keys.contains { a.hasTeamRow($0) } && expected.keys.contains { !a.hasTeamRow($0) })
            #expect(expected.count > 400)
            for (team, byRule) in expected {
                for r in ruleSet.rules.indices {
                    #expect(a.counts(team: team, rule: r) == byRule[r] ?? BoardReport.Counts(), "\(team) \(ruleSet.rules[r].id)")
                }
            }
            let sizes = Dictionary(uniqueKeysWithValues: a.teamSizes.map { ($0.team, $0.findings) })
            let findings = { (c: BoardReport.Counts) in c.completed + c.overdue + c.dueSoon + c.pending + c.invalid }
            #expect(sizes.filter { $0.value > 0 } == expected.mapValues { $0.values.reduce(0) { $0 + findings($1) } }.filter { $0.value > 0 })
        }
    }
}
