import ArgumentParser
import Foundation
import SendCheckCore

/// The `sendcheck` command: checks SEND statutory timescales in case data.
@main
struct SendCheckCommand: ParsableCommand {
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "sendcheck",
        abstract: "Check the statutory timescales of SEND services (England) against case data.",
        discussion: """
            Rules are YAML rule packs with legal citations (rules/, also compiled into the binary); \
            case data is CSV; improvement plans are YAML (plans/). With no subcommand, `check` runs, \
            reading sendcheck.yaml in the current folder if there is one.

            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the checker \
            could not run (unreadable or invalid input, bad rules); 64 usage error; 74 the report could \
            not be written; 141 standard output was closed by its reader.
            """,
        version: version,
        subcommands: [
            CheckCommand.self, ReportCommand.self, AlertCommand.self, ValidateCommand.self, ColumnsCommand.self, ExplainCommand.self,
            TestCommand.self,
            RulesCommand.self,
            FunctionsCommand.self, GenerateCommand.self, SEN2MeasuresCommand.self,
        ],
        defaultSubcommand: CheckCommand.self
    )

    /// Runs the command line. A first word that is not a subcommand is a usage error with the list of
    /// subcommands and a suggestion, rather than `check`'s usage (check takes no words).
    static func main() {
        Console.holdStandardDescriptors()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
            if !names.contains(first) {
                let shown = Escaping.shown(first, limit: 40)
                Console.error(
                    "sendcheck: '\(shown)' is not a sendcheck command\(Suggestion.hint(for: first, in: names))\n"
                        + "commands: \(names.dropLast().joined(separator: ", ")) (see 'sendcheck --help')")
                Foundation.exit(Exit.usage)
            }
        }
        // A closed pipe, or a file over the size limit (`ulimit -f`), is a failed write to handle
        // (exit 141 or 74), not a signal that kills the process without a word.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as OutputFailure {
            if !failure.closedPipe { Console.error(failure.message) }
            Foundation.exit(failure.closedPipe ? Exit.closedPipe : Exit.outputFailed)
        } catch {
            exit(withError: error)
        }
        Foundation.exit(0)
    }
}
