import Foundation
import SendCheckCore

extension Engine {
    /// How many data sources were named: case files and SEN2 returns (each read gives one statistics).
    public var sourceCount: Int { caseSources.count + sen2Paths.count }

    /// Whether a run saw the whole picture: every source read (whole), each letting some rule be
    /// checked (several case files: together, each adding a field), rows evaluated where rows were
    /// read, and, when `plans` count, every plan file read. When not, `check` must not pass as an
    /// all-clear, a board must not see a partial picture and alerts must not be resolved by what is
    /// missing. Decided here once; commands use the answer.
    public func complete(inputs: [ReadStatistics], coverage: [SourceCoverage], plans: Bool = true) -> Bool {
        inputs.count == sourceCount && (!plans || unreadablePlans == 0)
            && SourceCoverage.everySourceChecked(inputs: inputs, coverage: coverage, joined: joinedCoverage)
    }

    /// Reads every case file and SEN2 return once into consumers made by `make` (one per part read
    /// in parallel, each with its own compiled rules), absorbed into `total` in order. The case files
    /// are joined by reference into one subject per child (`CaseSources`); each SEN2 return's requests
    /// are subjects of their own. Returns each source's statistics and coverage (and, for several case
    /// files, what they let sendcheck check together); a source from which nothing can be checked is
    /// an error.
    mutating func readSources<C: PartialConsumer>(
        into total: inout C, ruleSet: RuleSet, cores: Int, labels: Set<String>? = nil, make: (RuleSet) -> C
    ) -> (inputs: [ReadStatistics], coverage: [SourceCoverage]) {
        let schema = ruleSet.schemas["case"] ?? Schema(kind: "case", idField: "case_id")
        var inputs: [ReadStatistics] = []
        var coverage: [SourceCoverage] = []
        if ruleSet.schemas["case"] == nil, let first = caseSources.first {
            // Case files read against no case schema would be evaluated by nothing: say so, do not pretend.
            diagnostics.error(
                SourceLocation(path: first.path, line: 1, column: 1),
                "no loaded rule pack checks cases (subject: case), so the case files cannot be checked; add rules/statutory.yaml")
        } else if !caseSources.isEmpty {
            let compiler = self
            var read = CaseSources.Outcome(inputs: [], recorded: [])
            var sourceDiagnostics = Diagnostics()
            read = CaseSources(sources: caseSources, schema: schema).read(
                into: &total, plan: .init(ruleSet: ruleSet, cores: cores, labels: labels ?? Self.reportLabels(ruleSet)),
                compile: { compiler.compileAgain() ?? ruleSet }, make: make,
                diagnostics: &sourceDiagnostics)
            diagnostics.append(contentsOf: sourceDiagnostics)
            for (i, stats) in read.inputs.enumerated() {
                guard let stats else { continue }
                inputs.append(stats)
                coverage.append(SourceCoverage.of(stats, ruleSet: ruleSet, mapping: caseSources[i].mapping))
            }
            // A file that could not be read is its own error: what the others check without it is not.
            if caseSources.count > 1, !read.inputs.contains(where: { $0 == nil }) {
                joinedCoverage = SourceCoverage.joined(read.recorded, paths: caseSources.map(\.displayName), ruleSet: ruleSet)
            }
        }
        let compiler = self
        for (s, parts) in readSEN2(schema: schema, cores: cores, make: { make($0 == 0 ? ruleSet : compiler.compileAgain() ?? ruleSet) }) {
            parts.forEach { total.absorb($0) }
            inputs.append(s)
            coverage.append(SourceCoverage.of(s, ruleSet: ruleSet))
        }
        reportUncheckable(coverage, inputs: inputs)
        return (inputs, coverage)
    }

    /// Errors for sources nothing can be checked from: with several case files, the files together,
    /// and each file that gives no field a rule reads; else each source alone.
    private mutating func reportUncheckable(_ coverage: [SourceCoverage], inputs: [ReadStatistics]) {
        let caseFiles = Set(caseSources.map(\.displayName))
        if let joined = joinedCoverage {
            if !joined.checksAnything {
                diagnostics.error(SourceLocation(path: caseSources[0].displayName, line: 1, column: 1), Self.uncheckable(joined))
            }
            for c in coverage where caseFiles.contains(c.path) && !c.contributes {
                diagnostics.error(
                    SourceLocation(path: c.path, line: 1, column: 1),
                    "this file gives no field sendcheck reads, so it adds nothing to the cases it is joined with (its columns: "
                        + c.columns.prefix(8).map { "'\(Escaping.shown($0.header))'" }.joined(separator: ", ")
                        + "); map its headers onto sendcheck's field names under 'columns' in sendcheck.yaml")
            }
        }
        for c in coverage where !c.checksAnything && (joinedCoverage == nil || !caseFiles.contains(c.path)) {
            diagnostics.error(SourceLocation(path: c.path, line: 1, column: 1), Self.uncheckable(c))
        }
        for s in inputs where s.rowsRejected > 0 && s.rowsEvaluated == 0 {
            diagnostics.error(
                SourceLocation(path: s.path, line: 1, column: 1),
                "every one of the \(s.rowsRead) rows of this file was rejected (reasons above): nothing in it was checked")
        }
    }
}

extension Engine {
    /// Calls `body` with a case source's bytes as UTF-8 CSV text (an encoding turned into UTF-8, a
    /// workbook's sheet as CSV) and its spec; nil, with the reason in `diagnostics`, when it cannot be read.
    public mutating func withBytes<R>(of source: Configuration.CaseSource, _ body: (UnsafeRawBufferPointer, CaseFileSpec, inout Diagnostics) -> R)
        -> R?
    {
        let spec = CaseFileSpec(
            path: source.displayName, mapping: source.mapping, layout: source.layout, conventions: source.conventions, event: source.event)
        guard let schema = ruleSet?.schemas["case"] else { return nil }
        var local = Diagnostics()
        let result = SourceBytes.with(source, spec: spec, schema: schema, diagnostics: &local) { bytes, _, diagnostics in
            body(bytes, spec, &diagnostics)
        }
        diagnostics.append(contentsOf: local)
        return result
    }
}
