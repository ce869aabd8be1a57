import Foundation
import SendCheckCore
import Testing

/// Plan files: the schema with exact positions, the sample plan as of several dates, validation.
@Suite("Improvement plans")
struct PlanTests {
    static let samplePath = "plans/example-county-cip-2022.yaml"

    static func sample() throws -> PlanDocument {
        let text = try String(contentsOfFile: Fixtures.path(samplePath), encoding: .utf8)
        var diagnostics = Diagnostics()
        let plan = PlanLoader(path: samplePath, schemas: Fixtures.statutory.schemas, ruleIDs: Set(Fixtures.statutory.rules.map(\.id)))
            .load(text, diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.description) == [])
        return try #require(plan)
    }

    static func load(_ yaml: String) -> (PlanDocument?, [String]) {
        var diagnostics = Diagnostics()
        let plan = PlanLoader(path: "plan.yaml", schemas: Fixtures.statutory.schemas, ruleIDs: Set(Fixtures.statutory.rules.map(\.id)))
            .load(yaml, diagnostics: &diagnostics)
        return (plan, diagnostics.items.map(\.description))
    }

    /// The plan's section of the board report as of a date (Markdown), compared with 3 months before.
    static func board(asOf: String) throws -> String {
        let plan = try sample()
        let options = CheckOptions(asOf: Fixtures.day(asOf))
        let previous = CalendarMath.adding(months: -3, to: options.asOf)
        var accumulator = BoardAccumulator(
            ruleSet: Fixtures.statutory, options: options, dates: BoardReportBuilder.monthEnds(before: options.asOf), previous: previous,
            measures: options.since...options.asOf)
        plan.subjects.forEach { accumulator.add($0) }
        var builder = BoardReportBuilder(
            ruleSet: Fixtures.statutory, options: options, context: BoardContext(toolVersion: "test", asOf: options.asOf, generated: "test"),
            previous: previous, previousWhy: "three months before")
        builder.plans = [plan]
        let report = builder.build(accumulator)
        return BoardMarkdownRenderer.plan(try #require(report.plans.first))
    }

    /// A board as text: its RAG, each theme's RAG, counts and flagged actions, the oversight and the windows.
    static func describe(_ b: PlanBoard) -> String {
        func items(_ list: [PlanBoard.Item]) -> String {
            list.map { "\($0.subject) \($0.rule) \($0.status) \($0.rag) \($0.due?.iso ?? "-")" }.joined(separator: "; ")
        }
        var lines = ["\(b.id) \(b.rag)", "oversight: \(items(b.oversight))", "windows: \(items(b.windows))"]
        for t in b.themes {
            let counts = t.counts.sorted { $0.key.index < $1.key.index }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            lines.append("\(t.id) \(t.rag) \(counts)")
            lines += t.flagged.map { "  \($0.action.subject) \($0.rag): \(items($0.items))" }
        }
        return lines.joined(separator: "\n")
    }

    @Test("a report's plan boards, built from its one pass over every date, equal the boards evaluated apart, now and at the previous board")
    func boardsFromThePass() throws {
        let plan = try Self.sample()
        var day = Fixtures.day("2019-01-01")
        var compared = 0
        while day <= Fixtures.day("2025-06-01") {
            let options = CheckOptions(asOf: day)
            let previous = CalendarMath.adding(months: -3, to: day)
            var accumulator = BoardAccumulator(
                ruleSet: Fixtures.statutory, options: options, dates: BoardReportBuilder.monthEnds(before: day), previous: previous,
                measures: options.since...day)
            plan.subjects.forEach { accumulator.add($0) }
            for (asOf, findings) in [(day, accumulator.planFindings.now), (previous, accumulator.planFindings.previous)] {
                let opts = CheckOptions(asOf: asOf)
                let fromPass = PlanBoard.build(plan, findings: findings, ruleSet: Fixtures.statutory, options: opts)
                let apart = PlanBoard.build(plan, ruleSet: Fixtures.statutory, options: opts)
                #expect(Self.describe(fromPass) == Self.describe(apart), "as of \(asOf.iso)")
                compared += 1
            }
            day = day.adding(days: 17)
        }
        #expect(compared > 250)
    }

    @Test("the sample plan loads: four themes, the eight remaining WSoA actions carried")
    func sampleShape() throws {
        let plan = try Self.sample()
        #expect(plan.illustrative)
        #expect(
            plan.themes.map(\.title) == [
                "Quality of EHCPs and timeliness of annual reviews", "Support for autism and the autism pathway",
                "Arrangements for transition, particularly into health and social care services",
                "Outcomes in education and sufficiency of education provision",
            ])
        #expect(plan.subjects.filter { $0.kind == "wsoa-action" }.count == 12)
        #expect(plan.subjects.filter { $0.kind == "action" }.count == 13)
        let report = PlanValidation.diagnostics(
            for: plan, ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2022-09-01")), strict: false)
        #expect(!report.contains { $0.code == "wsoa-action-carried" })
        #expect(!report.contains { $0.severity == .error }, "\(report)")
    }

    @Test("as of 1 September 2022 the board sees the revisit overdue, the monitoring meeting held and actions by theme")
    func boardSeptember2022() throws {
        Golden.assert(try Self.board(asOf: "2022-09-01"), "plan-2022-09-01.txt")
    }

    @Test("as of 1 March 2023: the plan agreed, monitoring and board cadences running")
    func boardMarch2023() throws {
        Golden.assert(try Self.board(asOf: "2023-03-01"), "plan-2023-03-01.txt")
    }

    @Test("as of 1 May 2019, before the inspection report, nothing is due")
    func boardBeforeReport() throws {
        let text = try Self.board(asOf: "2019-05-01")
        #expect(!text.contains("wsoa-revisit-window"))
        #expect(text.contains("| 2019-03-04 | joint local area SEND inspection (Ofsted and CQC) |\n"))
        #expect(!text.contains("2019-05-20"))
    }

    @Test("plan schema problems are located exactly, all in one run")
    func schemaErrors() {
        let yaml = """
            version: 1
            kind: improvement-plan
            id: p
            title: P
            stauts: agreed
            oversight:
              framework: '2016'
              wsoa:
                approved: 2019-13-01
                actions:
                  - {id: W1, title: One, status: opened}
            themes:
              - id: T1
                title: Theme
                actions:
                  - id: A1
                    title: Act
                    status: in_progress
                    due: 2022-02-30
                    carries: W2
                    timescale: reg13-final-plam
                    updates:
                      - {date: 2022-01-01, noet: x}
                  - id: A1
                    title: Again
                    status: done
            """
        let (plan, diagnostics) = Self.load(yaml)
        #expect(plan == nil)
        #expect(
            diagnostics == [
                "plan.yaml:5:1: error: unknown key 'stauts' in the plan; did you mean 'status'?",
                "plan.yaml:9:15: error: 'wsoa_approved': '2019-13-01' is not a real day (2019-13-1 does not exist)",
                "plan.yaml:11:38: error: 'status': 'opened' is not a code of status (expected open, closed); did you mean 'open'?",
                "plan.yaml:19:14: error: 'due': '2022-02-30' is not a real day (2022-2-30 does not exist)",
                "plan.yaml:20:18: error: action A1 carries 'W2', which is not an action of the WSoA; did you mean 'W1'?",
                "plan.yaml:21:20: error: action A1 links to timescale 'reg13-final-plam', which is not a loaded rule; did you mean 'reg13-final-plan'?",
                "plan.yaml:23:32: error: unknown key 'noet' in update 1 of action A1; did you mean 'note'?",
                "plan.yaml:26:17: error: 'status': 'done' is not a code of status (expected not_started, in_progress, complete, withdrawn)",
                "plan.yaml:24:13: error: action id 'A1' is used twice (first at plan.yaml:16:9)",
            ])
    }

    @Test("validation: structural problems are errors at the action; date-driven ones are warnings unless strict")
    func validation() throws {
        let yaml = """
            version: 1
            kind: improvement-plan
            id: p
            title: P
            approved: 2022-09-20
            themes:
              - id: T1
                title: Theme
                actions:
                  - id: A1
                    title: No lead
                    status: in_progress
                    due: 2023-01-31
                  - id: A2
                    title: Late
                    lead: Someone
                    status: in_progress
                    due: 2022-10-31
                    updates: [{date: 2022-10-01}]
            standards: {local_inclusion_plan: 2022-01-01, national_ehcp_template: true}
            """
        let (plan, diagnostics) = Self.load(yaml)
        #expect(diagnostics == [])
        let options = CheckOptions(asOf: Fixtures.day("2022-11-15"))
        let lax = PlanValidation.diagnostics(for: try #require(plan), ruleSet: Fixtures.statutory, options: options, strict: false)
        #expect(
            lax.map(\.description).sorted() == [
                "plan.yaml:10:9: error: p/A1: Action without a lead or a due date [plan-action-missing-lead-or-due]",
                "plan.yaml:14:9: warning: p/A2: Action not complete by its due date (overdue, due 2022-10-31) [plan-action-overdue]",
            ])
        let strict = PlanValidation.diagnostics(for: try #require(plan), ruleSet: Fixtures.statutory, options: options, strict: true)
        #expect(strict.allSatisfy { $0.severity == .error })
    }

    @Test("configuration switches the advisory pack off and sets cadences")
    func configuration() throws {
        var diagnostics = Diagnostics()
        let text = "version: 1\npacks: {national-standards: false, national-standrads: true}\nlimits: {plan-monitoring-cadence: 4 months}\n"
        let config = try #require(Configuration.parse(text, path: "c.yaml", diagnostics: &diagnostics))
        let set = config.apply(to: Fixtures.statutory, diagnostics: &diagnostics)
        #expect(
            diagnostics.items.map(\.description) == [
                "c.yaml:2:36: error: no pack 'national-standrads' is loaded; did you mean 'national-standards'?"
            ])
        #expect(!set.rules.contains { $0.pack == "national-standards" })
        #expect(set.rules.first { $0.id == "plan-monitoring-cadence" }?.limitText == "4 months (configured)")
    }

    @Test(
        "a theme's RAG: the worst action by default, or shares set in configuration",
        arguments: [
            (PlanBoard.ThemeRule.worst, [RAG.red: 1, .green: 9], RAG.red),
            (.worst, [.amber: 1, .blue: 3], .amber),
            (.worst, [.blue: 4], .blue),
            (.worst, [.green: 2, .blue: 2], .green),
            (.share(red: 25, amber: 25), [.red: 1, .green: 9], .green),
            (.share(red: 25, amber: 25), [.red: 1, .amber: 2, .green: 7], .amber),
            (.share(red: 25, amber: 25), [.red: 3, .green: 9], .red),
            (.share(red: 25, amber: 25), [.blue: 5], .blue),
        ])
    func themeRule(rule: PlanBoard.ThemeRule, counts: [RAG: Int], expected: RAG) {
        #expect(rule.rag(counts) == expected)
    }

    @Test("the theme rule is read from configuration, with located errors")
    func themeRuleConfiguration() throws {
        var bad = Diagnostics()
        _ = Configuration.parse("version: 1\nthemes: {rag: share, red_at: 50%, amber_at: 150}\n", path: "c.yaml", diagnostics: &bad)
        #expect(bad.items.map(\.description) == ["c.yaml:2:45: error: 'amber_at' must be a percentage from 1% to 100%, not '150'"])
        var ok = Diagnostics()
        let good = try #require(
            Configuration.parse("version: 1\nthemes: {rag: share, red_at: 50%, amber_at: 20%}\n", path: "c.yaml", diagnostics: &ok))
        #expect(good.themeRule == .share(red: 50, amber: 20))
    }

    @Test("validate output for a plan with typical mistakes, against a golden file")
    func validateGolden() throws {
        let sample = try String(contentsOfFile: Fixtures.path(Self.samplePath), encoding: .utf8)
        let broken =
            sample
            .replacingOccurrences(
                of: "        lead: SEND Review Team Manager\n        start: 2019-11-01",
                with: "        laed: SEND Review Team Manager\n        start: 2019-11-01"
            )
            .replacingOccurrences(of: "        due: 2022-11-30", with: "        due: 31/11/2022")
            .replacingOccurrences(of: "        carries: WSOA-7", with: "        carries: WSOA-77")
            .replacingOccurrences(
                of: "      - {id: WSOA-12, title: Designated clinical officer in post, status: closed}",
                with: "      - {id: WSOA-12, title: Designated clinical officer in post, status: cloesd}")
        var diagnostics = Diagnostics()
        _ = PlanLoader(path: "plans/broken.yaml", schemas: Fixtures.statutory.schemas, ruleIDs: Set(Fixtures.statutory.rules.map(\.id)))
            .load(broken, diagnostics: &diagnostics)
        // A structurally valid plan with date-driven warnings and one structural error.
        let fixable = sample.replacingOccurrences(of: "        lead: Autism Pathway Lead\n", with: "")
        let plan = try #require(
            PlanLoader(path: "plans/fixable.yaml", schemas: Fixtures.statutory.schemas, ruleIDs: nil).load(fixable, diagnostics: &diagnostics))
        diagnostics.append(
            contentsOf: PlanValidation.diagnostics(
                for: plan, ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2022-09-01")), strict: false))
        Golden.assert(diagnostics.sorted.map(\.description).joined(separator: "\n") + "\n", "validate-plans.txt")
    }
}
