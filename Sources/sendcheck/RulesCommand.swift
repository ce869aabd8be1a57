import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck rules`: list the loaded rules with their citations.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the loaded rules with citations (--format markdown writes a reference page).")

    @OptionGroup var input: RuleOptions

    @Option(name: .long, help: "Output format: text or markdown.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "markdown"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or markdown") }
    }

    func run() throws {
        let engine = Engine(input.engineInputs)
        Console.report(engine.diagnostics)
        guard let ruleSet = engine.ruleSet else { throw ExitCode(Exit.couldNotRun) }
        try Console.out(format == "markdown" ? RuleCatalogue.markdown(ruleSet) : RuleCatalogue.text(ruleSet))
    }
}
