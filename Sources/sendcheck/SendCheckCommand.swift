import ArgumentParser
import SendCheckCore

/// The `sendcheck` command: checks SEND statutory timescales in case data.
@main
struct SendCheckCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "sendcheck",
        abstract: "Check the statutory timescales of SEND services (England) against case data.",
        discussion: """
            Rules are YAML rule packs with legal citations (rules/, also compiled into the binary); \
            case data is CSV; improvement plans are YAML (plans/). With no subcommand, `check` runs, \
            reading sendcheck.yaml in the current folder if there is one.

            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the checker \
            could not run (unreadable or invalid input, bad rules); 64 usage error.
            """,
        version: version,
        subcommands: [
            CheckCommand.self, ValidateCommand.self, TestCommand.self, RulesCommand.self, ExplainCommand.self, FunctionsCommand.self,
            GenerateCommand.self, SEN2MeasuresCommand.self,
        ],
        defaultSubcommand: CheckCommand.self
    )
}
