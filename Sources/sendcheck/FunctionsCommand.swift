import ArgumentParser
import SendCheckCore

/// `sendcheck functions`: the functions rule expressions may call.
struct FunctionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "functions",
        abstract: "List the built-in functions of the rule language (--format markdown writes a reference page).")

    @Option(name: .long, help: "Output format: text or markdown.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "markdown"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or markdown") }
    }

    func run() throws {
        try Console.out(format == "markdown" ? FunctionCatalogue.markdown() : FunctionCatalogue.text())
    }
}
