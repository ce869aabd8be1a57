import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck test`: run every rule's worked examples.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the worked examples of every rule; exit 1 if any fails.")

    @OptionGroup var input: RuleOptions

    @Option(name: .long, help: ArgumentHelp("Only the examples of this rule (repeatable).", valueName: "id"))
    var rule: [String] = []

    func run() throws {
        let engine = Engine(input.engineInputs)
        Console.report(engine.diagnostics)
        guard let ruleSet = engine.ruleSet else { throw ExitCode(Exit.couldNotRun) }
        let unknown = rule.filter { id in !ruleSet.rules.contains { $0.id == id } }
        guard unknown.isEmpty else {
            throw ValidationError("no rule '\(unknown[0])' is loaded" + Suggestion.hint(for: unknown[0], in: ruleSet.rules.map(\.id)))
        }
        let report = ExampleRunner.run(ruleSet, only: rule.isEmpty ? nil : Set(rule))
        for failure in report.failures { Console.error(failure.description) }
        try Console.out("\(report.passed) passed, \(report.failures.count) failed\n")
        if !report.failures.isEmpty { throw ExitCode(Exit.findings) }
    }
}
