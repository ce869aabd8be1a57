import Foundation
import SendCheckCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every format of `check` against its golden file, from one fixture (the bundled examples and the
/// sample plan as of 29 November 2026), and each parsed as its readers parse it.
@Suite("Formats")
struct FormatGoldenTests {
    static let result = ReporterGoldenTests.result(withPlan: true)
    static let context = ReportContext(toolVersion: "0.0.0-test", baseDirectory: "/checkout")

    static func render(_ reporter: any Reporter) -> String { reporter.render(result, context: context) }

    @Test(
        "every format matches its golden file",
        arguments: [
            ("jsonl", "check.jsonl"), ("csv", "check.csv"), ("markdown", "check.md"), ("sarif", "check.sarif"), ("junit", "check.junit.xml"),
            ("github", "check.github.txt"), ("text", "check-plan.txt"),
        ])
    func golden(_ format: String, _ file: String) throws {
        Golden.assert(Self.render(try #require(Reporters.named(format))), file)
    }

    @Test("formats are registered once, named in lower case, each described, each in its own file")
    func registry() throws {
        let ids = Reporters.identifiers
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0 == $0.lowercased() && !$0.contains(" ") })
        for r in Reporters.all { #expect(type(of: r).description.count > 40, "\(type(of: r).identifier)") }
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("Sources/SendCheckCore/Reporting")).filter {
            $0.hasSuffix("Reporter.swift") && $0 != "Reporter.swift"
        }
        #expect(Set(files.map { String($0.dropLast(".swift".count)) }) == Set(Reporters.all.map { String(describing: type(of: $0)) }))
    }

    @Test("docs/formats.md is generated from the registry and up to date")
    func formatsPage() throws {
        let path = Fixtures.path("docs/formats.md")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
            try Reporters.markdown.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == Reporters.markdown, "docs/formats.md is stale: RECORD_GOLDENS=1 swift test")
    }

    @Test("SARIF has the 2.1.0 schema's required structure; fingerprints are stable and independent of wording")
    func sarif() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.render(SARIFReporter()).utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        #expect((object["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sendcheck")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == rules.count && Set(ids).count == ids.count)
        #expect(
            rules.first { $0["id"] as? String == "reg13-final-plan" }?["helpUri"] as? String
                == "https://www.legislation.gov.uk/uksi/2014/1530/regulation/13/made")
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == Self.result.findings.count)
        var fingerprints = Set<String>()
        for r in results {
            let ruleIndex = try #require(r["ruleIndex"] as? Int)
            #expect(ids[ruleIndex] == r["ruleId"] as? String)
            #expect(["error", "warning", "note", "none"].contains(r["level"] as? String))
            #expect(((r["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let physical = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.isEmpty && !uri.contains(" "))
            let region = try #require(physical["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
            let fingerprint = try #require((r["partialFingerprints"] as? [String: String])?["sendcheckFindingKey/v1"])
            fingerprints.insert(fingerprint)
        }
        #expect(fingerprints.count == results.count, "one identity per finding")
        // A plan action's finding points at the action in the plan file, line and column.
        let plan = try #require(results.first { ($0["ruleId"] as? String) == "plan-action-overdue" })
        let region = (((plan["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Any]
        #expect((region?["startColumn"] as? Int ?? 0) > 1)
        // The same data next run, with every message reworded, keep the same fingerprints.
        var reworded = Self.result
        for i in reworded.ruleSet.rules.indices { reworded.ruleSet.rules[i].message += " (reworded)" }
        let again = SARIFReporter().render(reworded, context: Self.context)
        for f in fingerprints { #expect(again.contains(f)) }
    }

    @Test("JUnit parses as XML: a suite per rule, a case per finding, red ones failing")
    func junit() throws {
        final class Counter: NSObject, XMLParserDelegate {
            var suites = 0, cases = 0, failures = 0
            func parser(
                _ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                if name == "testsuite" { suites += 1 }
                if name == "testcase" { cases += 1 }
                if name == "failure" { failures += 1 }
            }
        }
        let parser = XMLParser(data: Data(Self.render(JUnitReporter()).utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse())
        #expect(counter.cases == Self.result.findings.count)
        #expect(counter.failures == Self.result.findings.count { Self.result.rag(of: $0) == .red })
        #expect(counter.suites == Set(Self.result.findings.map(\.rule)).count)
    }

    @Test("CSV rows all have the header's width; JSON Lines are one object a line")
    func tabular() throws {
        let csv = Array(Self.render(CSVReporter()).utf8)
        var rows = 0
        csv.withUnsafeBytes { raw in
            var scanner = CSVScanner(raw)
            var fields: [CSVScanner.Field] = []
            while let _ = try? scanner.nextRow(into: &fields) {
                #expect(fields.count == CSVReporter.header.count)
                rows += 1
            }
        }
        #expect(rows == Self.result.findings.count + 1)
        let lines = Self.render(JSONLinesReporter()).split(separator: "\n")
        #expect(lines.count == Self.result.findings.count)
        for line in lines { #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any]) }
    }

    @Test("a spreadsheet never reads a value as a formula; GitHub annotations escape their syntax")
    func escaping() {
        #expect(CSVText.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVText.field("-5") == "-5")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        // Found by the board fuzz target: a line break as "\r\n" and a comma or quote with a combining
        // mark are single Characters, and must still be quoted.
        #expect(CSVText.field("North\r\nSouth") == "\"North\r\nSouth\"")
        #expect(CSVText.field("a,\u{301}b") == "\"a,\u{301}b\"")
        #expect(CSVText.field("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(CSVText.field("plain") == "plain")
        #expect(GitHubReporter.property("a:b,c%\nd") == "a%3Ab%2Cc%25%0Ad")
        #expect(XMLText.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test("text is coloured only when asked; the words stay")
    func colour() {
        let plain = TextReporter().render(Self.result, context: Self.context)
        #expect(!plain.contains("\u{1B}"))
        let coloured = TextReporter().render(Self.result, context: ReportContext(toolVersion: "t", color: true))
        #expect(coloured.contains("\u{1B}[1;31mred\u{1B}[0m"))
    }
}
