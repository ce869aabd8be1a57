import Foundation
import SendCheckCore
import Testing

/// The board report from the bundled examples and the sample plan, as of 29 November 2026.
@Suite("Board report")
struct BoardReportTests {
    static let asOf = Fixtures.day("2026-11-29")

    /// The sample's report; `extraCases` is read as a further wide case file (`extra.csv`) and
    /// `editPlan` changes the plan file's text before it is loaded.
    static func report(
        previous: Day = Fixtures.day("2026-10-31"), why: String = "the date given with --compare-to", extraCases: String? = nil,
        editPlan: (String) -> String = { $0 }
    ) throws -> BoardReport {
        let set = try Fixtures.ruleSet()
        let options = CheckOptions(asOf: asOf)
        var accumulator = BoardAccumulator(
            ruleSet: set, options: options, dates: BoardReportBuilder.monthEnds(before: asOf), previous: previous,
            measures: options.since...options.asOf)
        var inputs: [ReadStatistics] = []
        var files = [("examples/cases.csv", CaseLayout.wide), ("examples/review-events.csv", .long)]
        if extraCases != nil { files.append(("extra.csv", .wide)) }
        for (file, layout) in files {
            var diagnostics = Diagnostics()
            let text = file == "extra.csv" ? extraCases ?? "" : try String(contentsOfFile: Fixtures.path(file), encoding: .utf8)
            let bytes = Array(text.utf8)
            let stats = bytes.withUnsafeBytes {
                CaseFileReader.read($0, path: file, schema: set.schemas["case"]!, layout: layout, labels: ["team"], diagnostics: &diagnostics) {
                    accumulator.add($0)
                }
            }
            inputs.append(try #require(stats))
        }
        var diagnostics = Diagnostics()
        let text = editPlan(try String(contentsOfFile: Fixtures.path("plans/example-county-cip-2022.yaml"), encoding: .utf8))
        let plan = try #require(
            PlanLoader(path: "plans/example-county-cip-2022.yaml", schemas: set.schemas, ruleIDs: Set(set.rules.map(\.id))).load(
                text, diagnostics: &diagnostics))
        plan.subjects.forEach { accumulator.add($0) }
        var builder = BoardReportBuilder(
            ruleSet: set, options: options, context: BoardContext(toolVersion: "0.0.0-test", asOf: asOf, generated: "2026-11-29 09:00 GMT"),
            previous: previous, previousWhy: why)
        builder.labels = LabelTable.merged(inputs.map(\.labels))
        builder.inputs = inputs
        builder.coverage = inputs.map { SourceCoverage.of($0, ruleSet: set) }
        builder.plans = [plan]
        builder.measuresPeriod = "12 months to Sun 29 Nov 2026"
        builder.measuresSource = "computed by sendcheck's statutory rules from the bundled examples"
        let at = SourceLocation(path: "examples/alerts/waivers.yaml", line: 5, column: 5)
        builder.waivers = WaiverBook([
            Waiver(
                subject: "C0017", rule: "reg13-final-plan", reason: "Tribunal stay agreed", owner: "Head of SEND", until: Fixtures.day("2027-01-31"),
                at: at),
            Waiver(
                subject: "C0002", rule: "reg13-final-plan", reason: "Ended waiver", owner: "Head of SEND", until: Fixtures.day("2026-11-28"), at: at),
        ])
        return builder.build(accumulator)
    }

    @Test("HTML, Markdown and CSV match their golden files")
    func goldens() throws {
        let report = try Self.report()
        Golden.assert(BoardHTMLRenderer.render(report), "board.html")
        Golden.assert(BoardMarkdownRenderer.render(report), "board.md")
        Golden.assert(BoardCSVRenderer.render(report), "board.csv")
    }

    @Test("the HTML is self-contained and accessible: no script, no request, headings in order, header cells, RAG in words")
    func selfContained() throws {
        let html = BoardHTMLRenderer.render(try Self.report())
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url("] { #expect(!html.contains(forbidden), "\(forbidden)") }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        let headings = [
            "What changed since the previous board", "Improvement plan by theme", "Statutory timescales", "Trends", "Exception summary",
            "Data quality",
        ]
        let positions = headings.compactMap { html.range(of: "\">\($0)</h2>")?.lowerBound }
        #expect(positions.count == headings.count && positions == positions.sorted())
        // One h1, before every h2, and page 1's measures table before the first h2.
        #expect(html.components(separatedBy: "<h1").count == 2)
        let h1 = try #require(html.range(of: "<h1 id=\"summary\">")?.lowerBound)
        let measures = try #require(html.range(of: "<caption>The DfE's timeliness measures")?.lowerBound)
        #expect(h1 < measures && measures < positions[0])
        #expect(html.contains("<th scope=\"col\">") && html.contains("<th scope=\"row\">"))
        // Every badge carries its word.
        for rag in RAG.allCases {
            let badges = html.components(separatedBy: "class=\"rag rag-\(rag.rawValue)\">").count - 1
            #expect(badges == html.components(separatedBy: "class=\"rag rag-\(rag.rawValue)\">\(rag.rawValue.capitalized)</span>").count - 1)
            if rag == .red || rag == .amber { #expect(badges > 0, "\(rag)") }
        }
        #expect(html.contains("<svg") && html.contains("role=\"img\"") && html.contains("<desc id="))
        #expect(html.contains("@page { size: A4;"))
    }

    @Test("what changed is the same data as of the previous board: a review missed since then is a new red")
    func changes() throws {
        let report = try Self.report()
        let c = report.changes
        #expect(c.since == Fixtures.day("2026-10-31"))
        let c0007 = try #require(c.newReds.first { $0.key.subject == "C0007" && $0.key.rule == "s44-annual-review" })
        #expect(c0007.before == .amber && c0007.after == .red && c0007.team == "West")
        #expect(c.counts[.newReds] == c.newReds.count)
    }

    @Test("the trend has a point at each of the 12 month ends and the as-of date; the exception report lists every red")
    func trendsAndExceptions() throws {
        let report = try Self.report()
        let overdue = try #require(report.trends.first { $0.id == "annual-reviews-overdue" })
        #expect(overdue.points.count == 13)
        #expect(overdue.points.first?.day == Fixtures.day("2025-11-30") && overdue.points.last?.day == Self.asOf)
        #expect(report.exceptions.count == report.headline.counts[.red])
        let c0002 = try #require(report.exceptions.first { $0.key.subject == "C0002" && $0.key.rule == "reg13-final-plan" })
        #expect(c0002.since == Fixtures.day("2026-09-22") && c0002.accountable == "North")
        #expect(c0002.url == "https://www.legislation.gov.uk/uksi/2014/1530/regulation/13/made")
        let action = try #require(report.exceptions.first { $0.key.subject == "example-cip-2022/T1.1" })
        #expect(action.accountable == "Head of SEND Statutory Services")
    }

    @Test("the previous board is the plan's last governance meeting before the as-of date; the month ends are the 12 before it")
    func previousBoard() throws {
        let set = try Fixtures.ruleSet()
        var diagnostics = Diagnostics()
        let text = try String(contentsOfFile: Fixtures.path("plans/example-county-cip-2022.yaml"), encoding: .utf8)
        let plan = try #require(
            PlanLoader(path: "p.yaml", schemas: set.schemas, ruleIDs: Set(set.rules.map(\.id))).load(text, diagnostics: &diagnostics))
        let (day, why) = BoardReportBuilder.previousBoard([plan], asOf: Fixtures.day("2022-10-01"), compareTo: nil)
        #expect(day == Fixtures.day("2022-09-20") && why == "the last meeting of the SEND Partnership Board before the as-of date")
        #expect(
            BoardReportBuilder.previousBoard([plan], asOf: Fixtures.day("2022-10-01"), compareTo: Fixtures.day("2022-08-01")).0
                == Fixtures.day("2022-08-01"))
        #expect(BoardReportBuilder.previousBoard([], asOf: Fixtures.day("2022-10-31"), compareTo: nil).0 == Fixtures.day("2022-07-31"))
        let months = BoardReportBuilder.monthEnds(before: Fixtures.day("2026-03-15"))
        #expect(months.first == Fixtures.day("2025-03-31") && months.last == Fixtures.day("2026-02-28") && months.count == 12)
    }
}

extension BoardReportTests {
    @Test("thousands of teams: the paper lists the 10 with most red children and says how many more; the CSV lists the 1,000 largest")
    func manyTeams() throws {
        // 1,200 teams of one open request each, and one team of 100: with the sample's six, 1,207 teams.
        var csv = "case_id,request_received,request_outcome,request_outcome_date,assessment_outcome,assessment_outcome_date,team\n"
        for i in 0..<1200 { csv += "T\(10000 + i),2026-01-05,,,,,Team \(10000 + i)\n" }
        for i in 0..<100 { csv += "B\(1000 + i),2026-01-05,,,,,Big team\n" }
        let report = try Self.report(extraCases: csv)
        #expect(report.timescales.teamCount == 1207)
        #expect(report.timescales.teams.count == BoardReportBuilder.listedTeams)
        #expect(report.timescales.teams.first == "Big team")
        // The paper: the 10 teams with most children with a red, the largest first, then by name.
        let s = report.summary
        #expect(s.byTeam.count == 10 && s.byTeam.first?.team == "Big team" && s.byTeam.first?.children == 100)
        #expect(s.teamsWithReds >= 1201)
        let html = BoardHTMLRenderer.render(report)
        #expect(html.contains("<p class=\"more\">And \(Diagnostics.grouped(s.teamsWithReds - 10)) more teams with a red"))
        let byTeam = try #require(
            html.components(separatedBy: "<caption>Children with a red finding, by team (the 10 teams with most)</caption>").last?
                .components(separatedBy: "</table>").first)
        let rows = byTeam.components(separatedBy: "<tr><th scope=\"row\">").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(rows.count == 10 && rows.first == "Big team")
        let timescaleRows = BoardCSVRenderer.render(report).split(separator: "\n").filter { $0.hasPrefix("timescale,") }
        let csvTeams = Set(timescaleRows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[4] })
        #expect(csvTeams.count == 1001 && csvTeams.contains("(all)"))
        // Teams of one size are listed by name: of the 1,200, the first in alphabetical order.
        let small = csvTeams.filter { $0.hasPrefix("Team 1") }.sorted()
        #expect(small.count > 900 && small == (0..<small.count).map { "Team \(10000 + $0)" })
        #expect(BoardCSVRenderer.render(report).contains("\ntimescale_teams,2026-11-29,,,,,,,teams,1207,listed: 1000\n"))
    }
}
