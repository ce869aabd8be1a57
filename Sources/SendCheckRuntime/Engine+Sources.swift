import Foundation
import SendCheckCore

extension Engine {
    /// How many data sources were named: case files and SEN2 returns (each read gives one statistics).
    public var sourceCount: Int { caseSources.count + sen2Paths.count }

    /// Reads every case file and SEN2 return once into consumers made by `make` (one per part read
    /// in parallel, each with its own compiled rules), absorbed into `total` in order. Returns each
    /// source's statistics and coverage; a source from which no rule can be checked is an error.
    mutating func readSources<C: PartialConsumer>(
        into total: inout C, ruleSet: RuleSet, cores: Int, labels: Set<String> = reportLabels, make: (RuleSet) -> C
    ) -> (inputs: [ReadStatistics], coverage: [SourceCoverage]) {
        let schema = ruleSet.schemas["case"] ?? Schema(kind: "case", idField: "case_id")
        var inputs: [ReadStatistics] = []
        var coverage: [SourceCoverage] = []
        for source in caseSources where ruleSet.schemas["case"] != nil {
            let part = ParallelCheck.run(
                source, schema: schema, ruleSet: ruleSet, cores: cores, labels: labels, compile: { compileAgain() ?? ruleSet }, make: make)
            diagnostics.append(contentsOf: part.diagnostics)
            guard let consumer = part.accumulator, let s = part.statistics else { continue }
            total.absorb(consumer)
            inputs.append(s)
            coverage.append(SourceCoverage.of(s, ruleSet: ruleSet, mapping: source.mapping))
        }
        let compiler = self
        for (s, parts) in readSEN2(schema: schema, cores: cores, make: { make($0 == 0 ? ruleSet : compiler.compileAgain() ?? ruleSet) }) {
            parts.forEach { total.absorb($0) }
            inputs.append(s)
            coverage.append(SourceCoverage.of(s, ruleSet: ruleSet))
        }
        for c in coverage where !c.checksAnything { diagnostics.error(SourceLocation(path: c.path, line: 1, column: 1), Self.uncheckable(c)) }
        return (inputs, coverage)
    }
}
