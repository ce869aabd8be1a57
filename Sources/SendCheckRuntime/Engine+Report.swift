import Foundation
import SendCheckCore

extension Engine {
    /// The fields whose text a report keeps, to group by team: the case fields with the team and
    /// caseworker roles (`roles:` in the packs).
    static func reportLabels(_ ruleSet: RuleSet) -> Set<String> {
        guard let schema = ruleSet.schemas["case"] else { return [] }
        return Set([FieldRole.team, .caseworker].compactMap { schema.slot(of: $0).map { schema.fields[$0].name } })
    }

    /// Makes the board report: every case file, SEN2 return and plan evaluated as of the as-of date,
    /// the previous board's date and the month ends of the trend, in one pass over each file.
    /// Nil when the rules could not be loaded or a target names no measure or rule; check `diagnostics`
    /// and the report's sources.
    /// `appendix`: the file the full lists go to (`--appendix`): the reds of each rule and the changes
    /// of each kind are kept up to `BoardAccumulator.appendixLimit` (a council's every one).
    /// `listsReviews`: whether the report lists every review due next term (the CSV form does); the
    /// appendix always does, and the HTML and Markdown give them by team.
    public mutating func report(
        _ options: CheckOptions, compareTo: Day?, toolVersion: String, generated: String, appendix: String? = nil, listsReviews: Bool = true,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> (report: BoardReport, inputs: [ReadStatistics], coverage: [SourceCoverage], complete: Bool)? {
        guard let ruleSet else { return nil }
        let settings = configuration?.report ?? ReportSettings()
        guard Self.checkTargets(settings.targets, ruleSet: ruleSet, diagnostics: &diagnostics) else { return nil }
        let plans = readPlans()
        let (previous, why) = BoardReportBuilder.previousBoard(plans, asOf: options.asOf, compareTo: compareTo)
        let dates = BoardReportBuilder.monthEnds(before: options.asOf)
        let header = sen2Paths.isEmpty ? nil : sen2Paths.compactMap { SEN2Returns.header($0, settings: sen2Settings) }.first
        let period: ClosedRange<Day>
        let periodText: String
        if let year = header?.activityYear, let from = Day(year: year, month: 1, day: 1), let to = Day(year: year, month: 12, day: 31) {
            (period, periodText) = (from...to, "calendar year \(year), from the SEN2 return")
        } else {
            (period, periodText) = (options.since...options.asOf, "12 months to \(DayFormat.long(options.asOf))")
        }
        let (reds, changes) =
            appendix == nil
            ? (BoardAccumulator.listedReds, BoardAccumulator.listedChanges) : (BoardAccumulator.appendixLimit, BoardAccumulator.appendixLimit)
        func make(_ rules: RuleSet) -> BoardAccumulator {
            BoardAccumulator(
                ruleSet: rules, options: options, dates: dates, previous: previous, measures: period, redLimit: reds, changeLimit: changes,
                keepReviews: listsReviews || appendix != nil)
        }
        var total = make(ruleSet)
        let (inputs, coverage) = readSources(into: &total, ruleSet: ruleSet, cores: cores, make: make)
        for plan in plans { plan.subjects.forEach { total.add($0) } }
        var context = BoardContext(toolVersion: toolVersion, asOf: options.asOf, generated: generated)
        context.appendix = appendix
        var builder = BoardReportBuilder(ruleSet: ruleSet, options: options, context: context, previous: previous, previousWhy: why)
        builder.settings = settings
        builder.labels = LabelTable.merged(inputs.map(\.labels))
        builder.inputs = inputs
        builder.coverage = coverage
        builder.plans = plans
        builder.themeRule = configuration?.themeRule ?? .worst
        builder.diagnostics = diagnostics
        builder.packVersions = packVersions(ruleSet)
        builder.measuresPeriod = periodText
        if let config = configuration, let alerts = config.alerts {
            let folder = FileSource.folder(of: config.path)
            builder.waivers = readWaivers(alerts.waivers.map { FileSource.resolve($0, against: folder) }, asOf: nil) ?? WaiverBook()
        }
        builder.measuresSource =
            inputs.isEmpty ? "no case data" : "computed by sendcheck's statutory rules from " + inputs.map(\.path).joined(separator: ", ")
        return (builder.build(total), inputs, coverage, complete(inputs: inputs, coverage: coverage))
    }

    /// Checks each target names a DfE measure or a case rule of the loaded packs, and a percentage
    /// is at most 100; errors are located at the target's key.
    static func checkTargets(_ targets: [ReportTarget], ruleSet: RuleSet, diagnostics: inout Diagnostics) -> Bool {
        let measures = SEN2Measures.definitions.map(\.id)
        let rules = ruleSet.rules.filter { $0.subjectKind == "case" }.map(\.id)
        var ok = true
        for t in targets {
            guard measures.contains(t.id) || rules.contains(t.id) else {
                diagnostics.error(
                    t.location,
                    "'targets' under 'report': '\(t.id)' is neither a DfE measure (\(measures.joined(separator: ", "))) nor a case rule of the loaded packs"
                        + Suggestion.hint(for: t.id, in: measures + rules))
                ok = false
                continue
            }
            // A rule's target is its share on time; a measure's is in the measure's unit.
            if SEN2Measures.unit(of: t.id) == .percent, let over = ([t.value] + t.trajectory.map(\.value)).first(where: { $0 > 100 }) {
                diagnostics.error(t.location, "'targets' under 'report': '\(t.id)' is a percentage, so \(over) cannot be reached (at most 100)")
                ok = false
            }
        }
        return ok
    }

    /// Each pack's version: its format and the first 8 hex digits of its text's SHA-256.
    func packVersions(_ ruleSet: RuleSet) -> [String: String] {
        var out: [String: String] = [:]
        for pack in ruleSet.packs {
            guard let source = ruleSources.first(where: { $0.path == pack.path }) else { continue }
            let digest = KeyedHash.sha256(Array(source.text.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
            out[pack.id] = "format 1, \(digest)"
        }
        return out
    }
}
