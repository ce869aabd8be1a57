import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// The configuration and rule packs; every command that loads rules takes these.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Configuration file.", discussion: "Default: sendcheck.yaml in the current folder, if present.", valueName: "path"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A rule pack file or a folder of them (repeatable). Default: 'rules' in the configuration, else the bundled packs.", valueName: "path"))
    var rules: [String] = []

    @Flag(name: .customLong("no-config"), help: "Read no configuration file, not even ./sendcheck.yaml: every setting at its default.")
    var noConfig = false

    func validate() throws {
        if noConfig, config != nil { throw ValidationError("--no-config and --config cannot be used together") }
    }

    var engineInputs: Engine.Inputs { Engine.Inputs(configPath: config, noConfig: noConfig, rules: rules) }
}

/// Where rules and cases come from; shared by the subcommands.
struct InputOptions: ParsableArguments {
    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: ArgumentHelp("A case CSV file (repeatable). Default: 'cases' in the configuration.", valueName: "path"))
    var cases: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Layout of --cases files: wide, long or events. Default: as configured for the file, else detected from the header.", valueName: "layout")
    )
    var layout: CaseLayout?

    @Option(
        name: .long,
        help: ArgumentHelp("An improvement-plan file or a folder of them (repeatable). Default: 'plans' in the configuration.", valueName: "path"))
    var plans: [String] = []

    /// Inputs named on the command line replace the configuration's data inputs (`Engine.Inputs`).
    var engineInputs: Engine.Inputs {
        var inputs = ruleOptions.engineInputs
        inputs.cases = cases
        inputs.layout = layout
        inputs.plans = plans
        return inputs
    }

    func validate() throws {
        if layout != nil, cases.isEmpty { throw ValidationError("--layout applies to --cases files; name the files with --cases") }
    }
}

/// SEN2 returns to read (`check` and `sen2-measures`).
struct SEN2Options: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A SEN2 return: an XML file, or a folder holding a COLLECT Blade CSV export (repeatable). Default: 'sen2.returns' in the configuration.",
            valueName: "path"))
    var sen2: [String] = []
}

extension CaseLayout: ExpressibleByArgument {}
extension Configuration.FailOn: ExpressibleByArgument {}

extension Engine {
    /// The engine for the command line's data inputs and SEN2 returns; exit 2, with the diagnostics,
    /// when the configuration or rules cannot be loaded.
    static func loaded(_ input: InputOptions, _ returns: SEN2Options) throws -> Engine {
        var inputs = input.engineInputs
        inputs.sen2 = returns.sen2
        let engine = Engine(inputs)
        guard engine.ruleSet != nil else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        return engine
    }
}
