import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Paths and loaders shared by the tests.
enum Fixtures {
    /// The repository root (two levels above this file's folder's parent).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// Loads rule files (paths relative to the repository) into a rule set, failing the test on errors.
    static func ruleSet(_ paths: [String] = ["rules"]) throws -> RuleSet {
        var diagnostics = Diagnostics()
        var sources: [RuleSetLoader.Source] = []
        for p in paths {
            for file in FileSource.yamlFiles(path(p), diagnostics: &diagnostics) {
                let text = try #require(FileSource.text(file, diagnostics: &diagnostics))
                sources.append(RuleSetLoader.Source(path: String(file.dropFirst(root.count + 1)), text: text))
            }
        }
        let set = RuleSetLoader.load(sources, diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.items.map(\.description).joined(separator: "\n"))")
        return try #require(set)
    }

    /// The bundled statutory rules, loaded once.
    static let statutory: RuleSet = {
        // Loading the bundled rules must not fail; a failure shows up in StatutoryPackTests.
        (try? ruleSet()) ?? RuleSet(rules: [], schemas: [:], calendar: .weekendsOnly, packs: [])
    }()

    /// Loads rule-pack text (with the bundled calendar), returning the diagnostics.
    static func load(_ yaml: String, path: String = "pack.yaml") -> (RuleSet?, [String]) {
        var diagnostics = Diagnostics()
        let set = RuleSetLoader.load([RuleSetLoader.Source(path: path, text: yaml)], diagnostics: &diagnostics)
        return (set, diagnostics.items.map(\.description))
    }

    static func day(_ s: String) -> Day {
        guard case .success(let d) = DateParser.parse(s) else { fatalError("bad test date \(s)") }
        return d
    }

    /// Reads CSV text with the statutory schema.
    static func read(
        _ csv: String, path: String = "cases.csv", columns: [String: String] = [:], mapping: CaseMapping? = nil, layout: CaseLayout? = nil,
        ruleSet: RuleSet = Fixtures.statutory
    ) -> (subjects: [Subject], stats: ReadStatistics?, diagnostics: [String]) {
        var diagnostics = Diagnostics()
        var subjects: [Subject] = []
        let bytes = Array(csv.utf8)
        let stats = bytes.withUnsafeBytes { raw in
            CaseFileReader.read(
                raw, path: path, schema: ruleSet.schemas["case"]!, mapping: mapping ?? CaseMapping(columns), layout: layout,
                diagnostics: &diagnostics
            ) { subjects.append($0) }
        }
        return (subjects, stats, diagnostics.items.map(\.description))
    }

    /// Checks CSV text as of a date.
    static func check(_ csv: String, asOf: String, listAll: Bool = true, since: String? = nil, ruleSet: RuleSet = Fixtures.statutory) -> CheckResult {
        var accumulator = CheckAccumulator(ruleSet: ruleSet, options: CheckOptions(asOf: day(asOf), since: since.map(day), listAll: listAll))
        let (subjects, stats, _) = read(csv, ruleSet: ruleSet)
        subjects.forEach { accumulator.add($0) }
        return accumulator.result(ruleSet: ruleSet, inputs: stats.map { [$0] } ?? [])
    }

    /// (rule id, subject, status, due) of each listed finding.
    static func summary(_ result: CheckResult) -> [String] {
        result.findings.map { f in
            "\(result.ruleSet.rules[f.rule].id) \(f.subject) \(f.status.rawValue) \(f.due.map(\.iso) ?? "-")"
        }
    }
}
