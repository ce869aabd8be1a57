import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// `sendcheck validate`: check plan files and rule packs before they are committed.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check plan files and rule packs: every problem as path:line:col: severity: message [rule-id].",
        discussion: "Exit 0 when there is no error, 1 when there are errors (warnings too with --strict), 2 when a file cannot be read.")

    @Argument(help: "Plan files, rule packs or folders. Default: 'plans' in the configuration, or plans/.")
    var paths: [String] = []

    @OptionGroup var input: RuleOptions
    @OptionGroup var dates: DateOptions

    @Flag(name: .long, help: "Treat warnings (overdue, due soon, stale updates) as errors.")
    var strict = false

    func run() throws {
        let engine = Engine(input.engineInputs)
        guard engine.ruleSet != nil else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        var targets = paths.isEmpty ? engine.planPaths : paths
        if targets.isEmpty {
            guard FileManager.default.fileExists(atPath: "plans") else {
                Console.error(
                    "sendcheck: nothing to validate: no files named, no 'plans' in the configuration, and no plans/ folder here; "
                        + "pass plan files or rule packs: sendcheck validate PATH ...")
                throw ExitCode(Exit.couldNotRun)
            }
            targets = ["plans"]
        }
        let report = Validation.run(targets, engine: engine, options: dates.options(rag: engine.configuration?.rag ?? .standard), strict: strict)
        let items = report.diagnostics.sorted
        try Console.out(items.map { $0.description + "\n" }.joined())
        let errors = report.diagnostics.count(.error)
        let warnings = report.diagnostics.count(.warning)
        try Console.out(
            "\(report.files) file\(report.files == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        )
        if report.unreadable > 0 { throw ExitCode(Exit.couldNotRun) }
        if errors > 0 { throw ExitCode(Exit.findings) }
    }
}
