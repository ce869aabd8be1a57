import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// `sendcheck check`: evaluate the rules over the case data and report findings.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate rules over case data as of a date and report findings with RAG ratings.")

    @OptionGroup var input: InputOptions
    @OptionGroup var returns: SEN2Options
    @OptionGroup var dates: DateOptions

    @Option(name: .long, help: ArgumentHelp("Output format (docs/formats.md).", discussion: Reporters.help, valueName: "format"))
    var format: String = "text"

    @Option(
        name: .long, help: ArgumentHelp("Colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Flag(name: .long, help: "List every finding, green included (default: red and amber only).")
    var all = false

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 when a finding is at or above this RAG: red, amber or never. Default: red, or 'fail_on' in the configuration.", valueName: "rag"))
    var failOn: Configuration.FailOn?

    func validate() throws {
        guard Reporters.named(format) != nil else {
            throw ValidationError(
                "unknown format '\(format)'; use one of \(Reporters.identifiers.joined(separator: ", "))"
                    + Suggestion.hint(for: format, in: Reporters.identifiers))
        }
    }

    func run() throws {
        var engine = try Engine.loaded(input, returns)
        let options = dates.options(listAll: all, rag: engine.configuration?.rag ?? .standard, defaultAsOf: dates.sen2Default(engine))
        guard !engine.caseSources.isEmpty || !engine.planPaths.isEmpty || !engine.sen2Paths.isEmpty else {
            Console.report(engine.diagnostics)
            Console.error("sendcheck: nothing to check: pass --cases FILE, --sen2 PATH or --plans PATH, or name them in sendcheck.yaml")
            throw ExitCode(Exit.couldNotRun)
        }
        let result = engine.check(options)
        Console.report(engine.diagnostics)
        // A case file or plan that could not be read at all means the picture is incomplete.
        guard let result, result.complete else { throw ExitCode(Exit.couldNotRun) }
        var out = Console.stdoutBuffer()
        var context = ReportContext.everyCore(toolVersion: SendCheckCommand.version)
        context.color = color.enabled
        context.baseDirectory = FileManager.default.currentDirectoryPath
        Reporters.named(format)!.render(result, context: context, into: &out)
        try Console.finish(out)
        let rejected = result.inputs.reduce(0) { $0 + $1.rowsRejected }
        if rejected > 0 { Console.error("sendcheck: \(rejected) row\(rejected == 1 ? "" : "s") rejected (reasons above)") }
        let threshold = failOn ?? engine.configuration?.failOn ?? .red
        let worst = result.worst
        Console.keepUntilExit(result)
        if let worst, Self.fails(worst, threshold) { throw ExitCode(Exit.findings) }
    }

    static func fails(_ worst: RAG, _ threshold: Configuration.FailOn) -> Bool {
        switch threshold {
        case .never: return false
        case .red: return worst == .red
        case .amber: return worst == .red || worst == .amber
        }
    }
}
