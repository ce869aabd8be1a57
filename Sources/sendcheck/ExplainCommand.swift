import ArgumentParser
import SendCheckCore
import SendCheckRuntime

/// `sendcheck explain CASE`: why a case has the statuses it has.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, rule by rule and in plain English, how a case's statuses were reached.")

    @Argument(help: "The case reference (case_id), or a SEN2 request's reference as check reports it.")
    var caseID: String

    @OptionGroup var input: InputOptions
    @OptionGroup var returns: SEN2Options
    @OptionGroup var dates: DateOptions

    func run() throws {
        var inputs = input.engineInputs
        inputs.sen2 = returns.sen2
        var engine = Engine(inputs)
        guard let ruleSet = engine.ruleSet else {
            Console.report(engine.diagnostics)
            throw ExitCode(Exit.couldNotRun)
        }
        let found = engine.find(caseID)
        var own = Diagnostics()
        for d in engine.diagnostics.items where d.message.hasSuffix("(case \(caseID))") || !d.message.contains("(case ") {
            own.append(d)
        }
        // A SEN2 return's data-quality diagnostics are about the whole file (check lists them);
        // only what stops it being read is shown here.
        let before = engine.diagnostics.items.count
        let fromSEN2 = engine.sen2Paths.isEmpty ? [] : engine.findSEN2(caseID)
        for d in engine.diagnostics.items.dropFirst(before) where d.location.line == 1 && d.location.column == 1 { own.append(d) }
        // Improvement-plan actions, plans and WSoA actions are subjects too (`plan-id/T1.1`).
        let fromPlans = engine.readPlans().flatMap(\.subjects).filter { $0.id == caseID }
        for d in engine.diagnostics.items.dropFirst(before) where d.location.line == 1 && d.location.column == 1 && !own.items.contains(d) {
            own.append(d)
        }
        Console.report(own)
        guard !found.isEmpty || !fromSEN2.isEmpty || !fromPlans.isEmpty else {
            let sources = engine.caseSources.map(\.path) + engine.sen2Paths + engine.planPaths
            let hint = caseID.contains("/") ? "" : " (a plan action is named plan-id/action-id, as check reports it)"
            Console.error(
                "sendcheck: no case or plan action '\(Escaping.shown(caseID))' in \(sources.map { Escaping.shown($0) }.joined(separator: ", "))\(hint)"
            )
            throw ExitCode(Exit.couldNotRun)
        }
        let defaultAsOf = fromSEN2.isEmpty ? nil : dates.sen2Default(engine)
        let options = dates.options(rag: engine.configuration?.rag ?? .standard, defaultAsOf: defaultAsOf)
        // A SEN2 person's date of birth feeds the age rules but is never shown.
        let pages =
            found.map { ExplainRenderer.render($0, ruleSet: ruleSet, options: options) }
            + fromSEN2.map { ExplainRenderer.render($0, ruleSet: ruleSet, options: options, hidden: ["date_of_birth"]) }
            + fromPlans.map { ExplainRenderer.render($0, ruleSet: ruleSet, options: options) }
        try Console.out(pages.joined(separator: "\n"))
    }
}
