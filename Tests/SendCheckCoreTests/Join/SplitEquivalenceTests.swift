import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// The national benchmark's promise, at test size: the same cases as one file, or as a council's
/// three exports (requests, one row per review meeting, ceases) joined, give the same findings.
@Suite("One file and three exports")
struct SplitEquivalenceTests {
    static func findings(_ result: CheckResult?) -> [String] {
        guard let result else { return [] }
        return result.findings.map { f in
            "\(result.ruleSet.rules[f.rule].id) \(f.subject) \(f.status.rawValue) \(f.start?.iso ?? "-") \(f.due?.iso ?? "-") \(f.completed?.iso ?? "-")"
        }
    }

    @Test("the synthetic cases split into three joined exports give the findings of the one file", arguments: [1, 2])
    func sameFindings(cores: Int) throws {
        var generator = SyntheticCases(seed: 5, asOf: Fixtures.day("2026-01-15"))
        var wide = ""
        generator.generate(count: 5000) { wide += $0 }
        var files: [String: String] = [:]
        SyntheticSplit.split(wide) { name, text in files[name, default: ""] += text }
        #expect(files.count == 3)
        let one = try SourceFolder(["cases.csv": wide], config: "cases: [cases.csv]\n")
        let three = try SourceFolder(files, config: "")
        try three.write("sendcheck.yaml", Data(SyntheticSplit.configuration.utf8))
        let (a, _) = one.check(asOf: "2026-01-15", cores: cores)
        let (b, diagnostics) = three.check(asOf: "2026-01-15", cores: cores)
        #expect(diagnostics.filter { $0.contains(": error: ") }.isEmpty, "\(diagnostics.prefix(3))")
        #expect(a?.subjects == 5000)
        #expect(b?.subjects == 5000)
        #expect(a?.byRule == b?.byRule)
        #expect(Self.findings(a) == Self.findings(b))
        #expect(Self.findings(a).count > 1000)
    }
}
