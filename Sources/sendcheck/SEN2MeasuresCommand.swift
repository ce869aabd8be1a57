import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck sen2-measures`: the DfE's published timeliness measures from a SEN2 return, beside England's.
struct SEN2MeasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sen2-measures",
        abstract: "Compute the DfE's published timeliness measures from a SEN2 return, beside the figures for England.",
        discussion: """
            Each measure counts the findings of one statutory rule whose step was completed in the calendar year \
            (default: the year before the return's census). Exit codes: 0 measures shown, 2 could not run.
            """)

    @OptionGroup var rules: RuleOptions
    @OptionGroup var returns: SEN2Options

    @Option(name: .long, help: ArgumentHelp("Calendar year to measure. Default: the year before the return's census.", valueName: "year"))
    var year: Int?

    @Option(
        name: .customLong("as-of"), help: ArgumentHelp("Evaluate as of this date. Default: the return's reference date.", valueName: "date"),
        transform: Day.argument)
    var asOf: Day?

    @Option(name: .long, help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or json") }
    }

    func run() throws {
        var inputs = rules.engineInputs
        inputs.sen2 = returns.sen2
        var engine = Engine(inputs)
        guard let ruleSet = engine.ruleSet else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        guard !engine.sen2Paths.isEmpty else {
            Console.error(
                "sendcheck: no SEN2 return: pass --sen2 FILE.xml (or a Blade export folder), or name it in 'sen2.returns' in sendcheck.yaml")
            throw ExitCode(Exit.couldNotRun)
        }
        let headers = engine.sen2Paths.compactMap { SEN2Returns.header($0, settings: engine.sen2Settings) }
        guard let date = asOf ?? headers.compactMap(\.referenceDate).max(), let year = year ?? headers.compactMap(\.activityYear).max() else {
            Console.report(engine.diagnostics)
            Console.error("sendcheck: the return has no Year or ReferenceDate in its header: pass --year and --as-of")
            throw ExitCode(Exit.couldNotRun)
        }
        var measures = SEN2Measures(ruleSet: ruleSet, year: year, asOf: date)
        let missing = measures.missingMeasures
        guard missing.isEmpty else {
            let names = missing.map { "'measure: \($0.rawValue)'" }.joined(separator: ", ")
            Console.error("sendcheck: the measures need a loaded rule that says \(names); none does (switched off, or a pack that does not name it)")
            throw ExitCode(Exit.couldNotRun)
        }
        let schema = ruleSet.schemas["case"] ?? Schema(kind: "case", idField: "case_id")
        let read = engine.readSEN2(schema: schema) { _ in SEN2Measures(ruleSet: ruleSet, year: year, asOf: date) }
        for part in read.flatMap(\.1) { measures.absorb(part) }
        let stats = read.map(\.0)
        Console.report(engine.diagnostics)
        guard stats.count == engine.sen2Paths.count else { throw ExitCode(Exit.couldNotRun) }
        let report = SEN2MeasuresReport(year: year, asOf: date, returns: stats, lea: headers.first?.lea, measures: measures.measures)
        try Console.out(format == "json" ? report.json(toolVersion: SendCheckCommand.version) : report.text())
    }
}
