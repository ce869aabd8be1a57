import SendCheckCore
import Testing

@Suite("Evaluation")
struct EvaluatorTests {
    static let csv = """
        case_id,request_received,request_outcome,request_outcome_date,assessment_outcome,assessment_outcome_date,plan_start,last_review
        C0001,2024-11-04,assess,2024-12-16,,,,
        C0002,2024-01-08,assess,2024-02-19,issue,2024-05-27,,
        C0003,2024-01-08,not_assess,2024-02-26,,,,
        C0004,,,,,,2024-03-10,

        """

    @Test("the status table, as of 30 June 2025")
    func statuses() {
        let result = Fixtures.check(Self.csv, asOf: "2025-06-30", since: "2023-06-30")
        #expect(
            Fixtures.summary(result)
                == [
                    "reg13-final-plan C0001 overdue 2025-03-24",
                    "reg13-final-plan C0002 met 2024-05-27",
                    "reg5-assessment-decision C0001 met 2024-12-16",
                    "reg5-assessment-decision C0002 met 2024-02-19",
                    "reg5-assessment-decision C0003 breached 2024-02-19",
                    "s44-annual-review C0002 overdue 2025-05-26",
                    "s44-annual-review C0004 overdue 2025-03-09",
                ].sorted())
        #expect(result.findings.first { $0.subject == "C0001" && $0.status == .overdue }?.daysLate(asOf: result.asOf) == 98)
    }

    @Test("findings that ended before --since are history and not counted")
    func history() {
        let result = Fixtures.check(Self.csv, asOf: "2025-06-30")
        #expect(result.since == Fixtures.day("2024-06-30"))
        #expect(!Fixtures.summary(result).contains { $0.contains("C0002 met") || $0.contains("C0003") })
        #expect(result.byRule["reg5-assessment-decision"] == [.met: 1])
    }

    @Test("time travel: the same data as of an earlier date gives the answer of that date")
    func timeTravel() {
        let then = Fixtures.check(Self.csv, asOf: "2024-05-20", since: "2023-05-20")
        #expect(
            Fixtures.summary(then)
                == [
                    "reg13-final-plan C0002 due_soon 2024-05-27",
                    "reg5-assessment-decision C0002 met 2024-02-19",
                    "reg5-assessment-decision C0003 breached 2024-02-19",
                    "s44-annual-review C0004 pending 2025-03-09",
                ].sorted())
        // Nothing dated after the as-of date leaks in.
        for f in then.findings {
            if let c = f.completed { #expect(c <= then.asOf) }
            if let s = f.start { #expect(s <= then.asOf) }
        }
    }

    @Test("default listing is red and amber only; summary counts every status")
    func listing() {
        let result = Fixtures.check(Self.csv, asOf: "2025-06-30", listAll: false, since: "2023-06-30")
        #expect(result.findings.allSatisfy { $0.status != .met && $0.status != .pending })
        #expect(result.byRule["reg5-assessment-decision"] == [.met: 2, .breached: 1])
        #expect(result.findingCount == 7)
        #expect(result.subjectsByRAG == [.red: 4, .amber: 0, .green: 0, .blue: 0])
    }

    @Test("metamorphic: column order, unrelated columns and non-ASCII text change nothing")
    func metamorphic() {
        let base = Fixtures.summary(Fixtures.check(Self.csv, asOf: "2025-06-30", since: "2023-06-30"))
        let lines = Self.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let order = Array(lines[0].indices.reversed())
        let reversed = lines.map { row in order.map { row[$0] }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        #expect(Fixtures.summary(Fixtures.check(reversed, asOf: "2025-06-30", since: "2023-06-30")) == base)
        let extra =
            lines.enumerated().map { i, row in
                (row + [i == 0 ? "notes" : "Zoë’s café, ünïcode ✓", i == 0 ? "ward" : "Ashby"]).map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(
                    separator: ",")
            }
            .joined(separator: "\n") + "\n"
        #expect(Fixtures.summary(Fixtures.check(extra, asOf: "2025-06-30", since: "2023-06-30")) == base)
    }

    @Test("the RAG mapping is configuration")
    func ragMapping() {
        var rag = RAGMapping.standard
        rag.map[.excepted] = .green
        #expect(rag.rag(.excepted) == .green)
        #expect(RAGMapping.standard.rag(.invalid) == .red)
        #expect(RAGMapping.standard.rag(.dueSoon) == .amber)
    }

    @Test("a rule whose end event the source does not record is reported as not checked")
    func notChecked() {
        let csv = "case_id,review_meeting\nC1,2025-03-10\nC2,\n"
        let result = Fixtures.check(csv, asOf: "2025-06-30")
        #expect(result.notChecked.map(\.rule).contains("reg21-review-report"))
        #expect(result.notChecked.first { $0.rule == "reg21-review-report" }?.subjects == 1)
        #expect(!Fixtures.summary(result).contains { $0.hasPrefix("reg21-review-report") })
        // reg20's end (last_review, or the notice of proposed amendments after a decision to amend) is not
        // recorded either.
        #expect(
            result.notChecked.first { $0.rule == "reg20-review-decision" }?.missing == ["last_review or review_outcome and amendment_notice"])
    }

    @Test(
        "status boundaries",
        arguments: [
            (nil as String?, "2024-05-12", Status.pending), (nil, "2024-05-13", .dueSoon), (nil, "2024-05-27", .dueSoon),
            (nil, "2024-05-28", .overdue), ("2024-05-27", "2024-06-30", .met), ("2024-05-28", "2024-06-30", .breached),
        ])
    func boundaries(end: String?, asOf: String, expected: Status) {
        let clock = Clock(
            start: Fixtures.day("2024-04-15"), due: Fixtures.day("2024-05-27"), end: end.map(Fixtures.day), timing: .deadline, amberDays: 14)
        #expect(clock.status(asOf: Fixtures.day(asOf)) == expected)
        // The statuses change only on the days `changes` gives.
        let days = (0..<80).map { Fixtures.day("2024-04-15").adding(days: $0) }
        let changed = days.dropFirst().filter { clock.status(asOf: $0) != clock.status(asOf: $0.adding(days: -1)) }
        let said = clock.changes.map { [$0.first, $0.second] } ?? []
        #expect(changed.allSatisfy(said.contains))
    }

    @Test("an excuse turns a late clock excepted, with its code, and nothing else")
    func excuse() {
        let clock = Clock(start: Fixtures.day("2024-04-15"), due: Fixtures.day("2024-05-27"), end: nil, timing: .deadline, amberDays: 14, excuse: 3)
        #expect(clock.classify(asOf: Fixtures.day("2024-05-20")) == (.dueSoon, .none))
        #expect(clock.classify(asOf: Fixtures.day("2024-05-28")) == (.excepted, .exception(code: 3)))
        var met = clock
        met.end = Fixtures.day("2024-05-27")
        #expect(met.status(asOf: Fixtures.day("2024-07-01")) == .met)
        #expect(met.changes == nil)
        var ended = clock
        (ended.end, ended.ended, ended.excuse) = (Fixtures.day("2024-06-03"), true, nil)
        #expect(ended.classify(asOf: Fixtures.day("2024-07-01")) == (.breached, .ended))
        // Read back from the finding the evaluator gave, the clock is the same.
        let f = Finding(rule: 0, subject: "C1", status: .excepted, start: clock.start, due: clock.due, completed: nil, detail: .exception(code: 3))
        #expect(Clock(f, timing: .deadline, amberDays: 14) == clock)
        #expect(
            Clock(
                Finding(rule: 0, subject: "C1", status: .invalid, start: nil, due: nil, completed: nil, detail: .invalidStart), timing: .deadline,
                amberDays: 14) == nil)
    }
}

/// The one driver every as-of consumer evaluates through gives each consumer exactly the findings a
/// separate evaluation gives, each with the run's RAG.
@Suite("Subject driver")
struct SubjectDriverTests {
    struct Recorder: FindingConsumer {
        var lines: [String] = []
        var begun = 0
        var ended = 0
        mutating func begin(_ subject: Subject) { begun += 1 }
        mutating func take(_ finding: Finding, rule: Int, rag: RAG) {
            lines.append("\(rule) \(finding.subject) \(finding.status.rawValue) \(finding.due?.iso ?? "-") \(rag.rawValue)")
        }
        mutating func end(_ subject: Subject) { ended += 1 }
    }

    @Test("the driver hands on the evaluator's findings, with the RAG of the run's mapping")
    func sameFindings() throws {
        let path = Fixtures.path("examples/cases.csv")
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        let (subjects, _, _) = Fixtures.read(csv)
        var rag = RAGMapping.standard
        rag.map[.dueSoon] = .red
        var driver = SubjectDriver(ruleSet: Fixtures.statutory, asOf: Fixtures.day("2026-11-29"), rag: rag)
        var recorder = Recorder()
        for s in subjects { driver.evaluate(s, into: &recorder) }
        let evaluator = Evaluator(ruleSet: Fixtures.statutory, asOf: Fixtures.day("2026-11-29"), reasons: false)
        var expected: [String] = []
        var buffer: [Value] = []
        for s in subjects {
            evaluator.forEachFinding(s, buffer: &buffer) { rule, f in
                let index = Fixtures.statutory.rules.firstIndex { $0.id == rule.id }!
                expected.append("\(index) \(f.subject) \(f.status.rawValue) \(f.due?.iso ?? "-") \(rag.rag(f.status, for: rule).rawValue)")
            }
        }
        #expect(recorder.lines.sorted() == expected.sorted())
        #expect(recorder.lines.contains { $0.hasSuffix("due_soon 2026-12-07 red") })
        #expect(recorder.begun == subjects.count && recorder.ended == subjects.count)
    }
}
