import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck explain CASE`: why a case has the statuses it has.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, rule by rule and in plain English, how a case's statuses were reached.")

    @Argument(help: "The case reference (case_id).")
    var caseID: String

    @OptionGroup var input: InputOptions
    @OptionGroup var dates: DateOptions

    func run() throws {
        var engine = Engine(input.engineInputs)
        guard let ruleSet = engine.ruleSet else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        let found = engine.find(caseID)
        var own = Diagnostics()
        for d in engine.diagnostics.items where d.message.hasSuffix("(case \(caseID))") || !d.message.contains("(case ") {
            own.append(d)
        }
        Console.report(own)
        guard !found.isEmpty else {
            Console.error("sendcheck: no case '\(caseID)' in \(engine.caseSources.map(\.path).joined(separator: ", "))")
            throw ExitCode(Exit.couldNotRun)
        }
        let options = dates.options(rag: engine.configuration?.rag ?? .standard)
        Console.out(found.map { ExplainRenderer.render($0, ruleSet: ruleSet, options: options) }.joined(separator: "\n"))
    }
}
