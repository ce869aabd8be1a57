import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Reporters rendered from the bundled synthetic examples as of a fixed date, against golden files.
@Suite("Reporter goldens")
struct ReporterGoldenTests {
    static let asOf = "2026-11-29"

    static func result(listAll: Bool = false, withPlan: Bool = false) -> CheckResult {
        let set = Fixtures.statutory
        var accumulator = CheckAccumulator(ruleSet: set, options: CheckOptions(asOf: Fixtures.day(asOf), listAll: listAll))
        var inputs: [ReadStatistics] = []
        for (file, layout) in [("examples/cases.csv", CaseLayout.wide), ("examples/review-events.csv", .long)] {
            var diagnostics = Diagnostics()
            let bytes = Array((try? String(contentsOfFile: Fixtures.path(file), encoding: .utf8))?.utf8 ?? "".utf8)
            let stats = bytes.withUnsafeBytes {
                CaseFileReader.read($0, path: file, schema: set.schemas["case"]!, layout: layout, diagnostics: &diagnostics) { accumulator.add($0) }
            }
            if let stats { inputs.append(stats) }
        }
        if withPlan {
            var diagnostics = Diagnostics()
            let text = (try? String(contentsOfFile: Fixtures.path("plans/example-county-cip-2022.yaml"), encoding: .utf8)) ?? ""
            let plan = PlanLoader(path: "plans/example-county-cip-2022.yaml", schemas: set.schemas, ruleIDs: Set(set.rules.map(\.id)))
                .load(text, diagnostics: &diagnostics)
            plan?.subjects.forEach { accumulator.add($0) }
        }
        return accumulator.result(ruleSet: set, inputs: inputs)
    }

    static let context = ReportContext(toolVersion: "0.0.0-test")

    @Test("text report")
    func text() {
        Golden.assert(TextReporter().render(Self.result(), context: Self.context), "check.txt")
    }

    @Test("text report with --all")
    func textAll() {
        Golden.assert(TextReporter().render(Self.result(listAll: true), context: Self.context), "check-all.txt")
    }

    @Test("JSON report, and the contract's keys after decoding")
    func json() throws {
        let rendered = JSONReporter().render(Self.result(), context: Self.context)
        Golden.assert(rendered, "check.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2026-11-29")
        #expect(object["since"] as? String == "2025-11-29")
        let summary = try #require(object["summary"] as? [String: Any])
        for key in ["subjects", "findings", "red", "amber", "green", "by_rule"] { #expect(summary[key] != nil, "summary.\(key)") }
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for f in findings {
            for key in ["rule", "subject", "kind", "status", "rag", "severity", "start", "due", "completed", "days_late", "citation", "message"] {
                #expect(f.keys.contains(key), "finding.\(key)")
            }
            #expect(["red", "amber"].contains(f["rag"] as? String))
        }
        let keys = findings.map { ($0["rule"] as? String ?? "", $0["subject"] as? String ?? "") }
        #expect(keys.map { "\($0.0) \($0.1)" } == keys.map { "\($0.0) \($0.1)" }.sorted())
    }

    @Test("JSON of an empty result is valid")
    func emptyJSON() throws {
        let empty = CheckAccumulator(ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day("2025-01-01")))
            .result(ruleSet: Fixtures.statutory, inputs: [])
        let rendered = JSONReporter().render(empty, context: Self.context)
        #expect(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) is [String: Any])
    }

    @Test("explain, in plain English")
    func explain() throws {
        let csv = try String(contentsOfFile: Fixtures.path("examples/cases.csv"), encoding: .utf8)
        var diagnostics = Diagnostics()
        var found: Subject?
        let bytes = Array(csv.utf8)
        _ = bytes.withUnsafeBytes {
            CaseFileReader.read($0, path: "examples/cases.csv", schema: Fixtures.statutory.schemas["case"]!, keepRaw: true, diagnostics: &diagnostics)
            {
                if $0.id == "C0016" { found = $0 }
            }
        }
        let subject = try #require(found)
        Golden.assert(
            ExplainRenderer.render(subject, ruleSet: Fixtures.statutory, options: CheckOptions(asOf: Fixtures.day(Self.asOf))), "explain-C0016.txt")
    }

    @Test("the rule reference page in docs/ is generated from the packs and up to date")
    func ruleReference() throws {
        let generated = RuleCatalogue.markdown(Fixtures.statutory)
        let path = Fixtures.path("docs/rule-reference.md")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" { try generated.write(toFile: path, atomically: true, encoding: .utf8) }
        let onDisk = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(onDisk == generated, "docs/rule-reference.md is stale: run `swift run sendcheck rules --format markdown > docs/rule-reference.md`")
    }

    @Test("the function reference page in docs/ is generated and up to date")
    func functionReference() throws {
        let generated = FunctionCatalogue.markdown()
        let path = Fixtures.path("docs/functions.md")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" { try generated.write(toFile: path, atomically: true, encoding: .utf8) }
        let onDisk = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(onDisk == generated, "docs/functions.md is stale: run `swift run sendcheck functions --format markdown > docs/functions.md`")
    }
}

@Suite("Bundled rules")
struct BundledRulesTests {
    static func normalise(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var l = Substring(line)
            while let last = l.last, last == " " || last == "\t" { l.removeLast() }
            return String(l)
        }.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    @Test("the rule packs compiled into the binary are the files in rules/ (run scripts/embed-rules.sh)")
    func upToDate() throws {
        let onDisk =
            FileManager.default.enumerator(atPath: Fixtures.path("rules"))?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") }.map { "rules/" + $0 }.sorted() ?? []
        #expect(BundledRules.files.map(\.path) == onDisk)
        for (path, text) in BundledRules.files {
            let file = try String(contentsOfFile: Fixtures.path(path), encoding: .utf8)
            #expect(Self.normalise(text) == Self.normalise(file), "\(path) differs: run scripts/embed-rules.sh")
        }
    }
}
