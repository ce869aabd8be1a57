import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// `sendcheck report`: the board report (HTML, Markdown or CSV).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write the board paper: page 1 with the DfE measures, targets and England; what changed; the plan; timescales; backlog; trends; exceptions.",
        discussion: """
            One self-contained HTML file (no script, no network) that prints on at most 12 A4 pages, or Markdown or CSV to paste \
            into a board paper. Counts are children. 'report: {council: ..., board: ..., targets: ...}' in sendcheck.yaml names \
            the council and sets the targets. The previous board is the plan's last governance meeting before the as-of date, or \
            --compare-to. --appendix writes the full lists (every red, change, request nearing 20 weeks, review due next term) \
            as CSV. --output writes a temporary file beside the file and renames it into place (mode 0600 unless \
            'report: {mode: ...}' says otherwise), so a failure leaves a previous report as it was; it never writes over one of \
            the run's inputs. Exit 0 when the report is written, 2 when the data could not be read, 74 when the report could not \
            be written.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var returns: SEN2Options
    @OptionGroup var dates: DateOptions

    @Option(
        name: .long, help: ArgumentHelp("Compare with the data as of this date. Default: the plan's last board meeting.", valueName: "date"),
        transform: Day.argument)
    var compareTo: Day?

    @Option(name: .long, help: "Output format: html, markdown or csv.")
    var format: String = "html"

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write the full lists (every red, every change, the requests nearing 20 weeks, the reviews due next term, every team) to this CSV file; the report names it where a list is cut.",
            valueName: "path"))
    var appendix: String?

    func validate() throws {
        guard ["html", "markdown", "csv"].contains(format) else { throw ValidationError("unknown format '\(format)'; use html, markdown or csv") }
    }

    func run() throws {
        var engine = try Engine.loaded(input, returns)
        if let output { try Console.refuseInput(output, engine) }
        if let appendix { try Console.refuseInput(appendix, engine) }
        if let appendix, let output, FileSource.canonical(appendix) == FileSource.canonical(output) {
            throw ValidationError("--appendix and --output name the same file '\(appendix)'")
        }
        let options = dates.options(rag: engine.configuration?.rag ?? .standard, defaultAsOf: dates.sen2Default(engine))
        if let compareTo, compareTo >= options.asOf {
            throw ValidationError("--compare-to \(compareTo) is not before the as-of date \(options.asOf)")
        }
        let made = engine.report(
            options, compareTo: compareTo, toolVersion: SendCheckCommand.version, generated: SystemClock.generated(),
            appendix: appendix, listsReviews: format == "csv")
        Console.report(engine.diagnostics)
        guard let made, made.complete else { throw ExitCode(Exit.couldNotRun) }
        let text: String
        switch format {
        case "markdown": text = BoardMarkdownRenderer.render(made.report)
        case "csv": text = BoardCSVRenderer.render(made.report)
        default: text = BoardHTMLRenderer.render(made.report)
        }
        let mode = engine.configuration?.report.mode ?? ReportSettings().mode
        if let appendix { try Console.write(BoardAppendix.render(made.report), toFile: appendix, mode: mode) }
        if let output {
            try Console.write(text, toFile: output, mode: mode)
        } else {
            try Console.out(text)
        }
    }
}
