import Foundation
import SendCheckCore

/// Target 10: a case CSV through the board report (`sendcheck report`), rendered as HTML, Markdown and CSV.
enum BoardFuzz {
    static let asOf = Day(year: 2026, month: 11, day: 29)!

    /// Waivers are configuration, not data, but their text reaches every format too.
    static let waivers = WaiverBook([
        Waiver(
            subject: "C0017", rule: "reg13-final-plan", reason: "<script>alert(1)</script>, \"stay\"", owner: "=HYPERLINK(\"x\")",
            until: asOf.adding(days: 60), at: SourceLocation(path: "w.yaml", line: 1, column: 1))
    ])

    static func report(_ body: UnsafeRawBufferPointer, rules: RuleSet) {
        var diagnostics = Diagnostics()
        let options = CheckOptions(asOf: asOf)
        let (previous, why) = BoardReportBuilder.previousBoard([], asOf: asOf, compareTo: nil)
        var accumulator = BoardAccumulator(
            ruleSet: rules, options: options, dates: BoardReportBuilder.monthEnds(before: asOf), previous: previous,
            measures: options.since...options.asOf)
        guard
            let stats = CaseFileReader.read(
                body, path: "b.csv", schema: rules.schemas["case"]!, labels: ["team", "caseworker"], diagnostics: &diagnostics,
                body: { accumulator.add($0) })
        else { return }
        var builder = BoardReportBuilder(
            ruleSet: rules, options: options, context: BoardContext(toolVersion: "fuzz", asOf: asOf, generated: "2026-11-29 09:00 GMT"),
            previous: previous, previousWhy: why)
        builder.labels = stats.labels
        builder.inputs = [stats]
        builder.coverage = [SourceCoverage.of(stats, ruleSet: rules)]
        builder.diagnostics = diagnostics
        builder.waivers = waivers
        builder.measuresPeriod = "12 months to \(DayFormat.long(asOf))"
        builder.measuresSource = "computed by sendcheck's statutory rules from b.csv"
        let report = builder.build(accumulator)
        let html = BoardHTMLRenderer.render(report)
        let markdown = BoardMarkdownRenderer.render(report)
        let csv = BoardCSVRenderer.render(report)
        if Check.debug { print(html, markdown, csv, separator: "\n==\n") }
        Check.noActiveHTML(html, "board")
        Check.boardCSV(csv)
    }
}
