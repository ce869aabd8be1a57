import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck columns FILE`: how a case file's columns map onto fields, with sample values and the
/// rules each feeds. The first command a data officer runs on an export.
struct ColumnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "columns",
        abstract: "Show a case file's columns: the field each feeds, sample values, unreadable cells, and the rules it lets sendcheck check.",
        discussion: """
            The mapping is the configuration's for this file (or its shared 'columns', 'values' and 'constants'). \
            Values are shown only for columns a rule reads; other columns (a name, an address) are counted, never shown. \
            Exit 0 when at least one rule can be checked from the file, 2 when none can or the file cannot be read.
            """)

    @Argument(help: ArgumentHelp("The case file (CSV, or an Excel .xlsx workbook).", valueName: "file"))
    var file: String

    @OptionGroup var ruleOptions: RuleOptions

    @Option(
        name: .long, help: ArgumentHelp("Layout: wide, long or events. Default: as configured for the file, else detected.", valueName: "layout"))
    var layout: CaseLayout?

    func run() throws {
        var engine = Engine(
            Engine.Inputs(configPath: ruleOptions.config, noConfig: ruleOptions.noConfig, rules: ruleOptions.rules, cases: [file], layout: layout))
        guard let ruleSet = engine.ruleSet, let source = engine.caseSources.first else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        let rendered = engine.withBytes(of: source) { bytes, spec, _ in ColumnsReport.render(bytes, spec: spec, ruleSet: ruleSet) }
        guard let (text, diagnostics, coverage) = rendered else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        // The file's headers first (even when the mapping does not fit them), then what is wrong.
        try Console.out(text)
        Console.report(engine.diagnostics)
        Console.report(diagnostics)
        guard let coverage, coverage.checksAnything else { throw ExitCode(Exit.couldNotRun) }
    }
}
