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
}

/// Where rules and cases come from; shared by the subcommands.
struct InputOptions: ParsableArguments {
    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: ArgumentHelp("A case CSV file (repeatable). Default: 'cases' in the configuration.", valueName: "path"))
    var cases: [String] = []

    @Option(name: .long, help: ArgumentHelp("Layout of --cases files: wide or long. Default: detected from the header.", valueName: "layout"))
    var layout: CaseLayout?

    @Option(
        name: .long,
        help: ArgumentHelp("An improvement-plan file or a folder of them (repeatable). Default: 'plans' in the configuration.", valueName: "path"))
    var plans: [String] = []

    var engineInputs: Engine.Inputs {
        Engine.Inputs(configPath: ruleOptions.config, rules: ruleOptions.rules, cases: cases, layout: layout, plans: plans)
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

/// The as-of date and history window.
struct DateOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Evaluate as of this date (ISO 2025-06-30 or UK 30/06/2025). Default: today in Europe/London.", valueName: "date"))
    var asOf: Day?

    @Option(
        name: .long,
        help: ArgumentHelp("Findings that ended before this date are history and not reported. Default: 12 months before --as-of.", valueName: "date")
    )
    var since: Day?

    func options(listAll: Bool = false, rag: RAGMapping = .standard, defaultAsOf: Day? = nil) -> CheckOptions {
        CheckOptions(asOf: asOf ?? defaultAsOf ?? SystemClock.today(), since: since, listAll: listAll, rag: rag)
    }

    /// For SEN2 returns, the as-of date defaults to their reference date: a return holds nothing that
    /// happened after it, so later dates would turn every open clock overdue.
    func sen2Default(_ engine: Engine) -> Day? {
        guard asOf == nil, let date = engine.sen2ReferenceDate() else { return nil }
        Console.error("sendcheck: as of \(date), the reference date of the SEN2 return (use --as-of to choose another date)")
        return date
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard case .success(let d) = DateParser.parse(argument) else { return nil }
        self = d
    }
}

extension CaseLayout: ExpressibleByArgument {}
extension Configuration.FailOn: ExpressibleByArgument {}
