import Foundation
import SendCheckCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Nothing executable reaches a report: a rule pack's url is a web address, or it is never a link.
@Suite("Hostile text in reports")
struct HostileOutputTests {
    /// A character by its code point (Swift's literals cannot hold a noncharacter).
    static func character(_ value: UInt32) -> String { String(Character(Unicode.Scalar(value)!)) }

    /// References a hostile export may hold; each is a valid reference for the CSV reader.
    static let hostileIDs = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "![x](https://evil.example/t.png)",
        "C\(character(0xFFFE))1", "C\(character(0xFDD0))2\(character(0x1FFFF))", "`<b>`&amp;\\[",
    ]

    /// An open request for each hostile reference: red (overdue) as of 29 November 2026.
    static var hostileCases: String {
        "case_id,request_received,request_outcome,request_outcome_date,assessment_outcome,assessment_outcome_date,team\n"
            + hostileIDs.map { "\($0),2026-01-05,,,,,<b onmouseover=alert(1)>North</b>\n" }.joined()
    }

    static func hostileResult(edit: (inout RuleSet) -> Void = { _ in }) -> CheckResult {
        var set = Fixtures.statutory
        edit(&set)
        return Fixtures.check(hostileCases, asOf: "2026-11-29", listAll: false, ruleSet: set)
    }

    // MARK: Rule pack URLs

    @Test("a rule's url must be https: or http:, a located error naming the scheme; anything else is refused at load")
    func ruleURLs() {
        let cases: [(String, String?)] = [
            ("https://www.legislation.gov.uk/uksi/2014/1530/regulation/13/made", nil),
            ("http://example.org/", nil),
            ("javascript:alert(document.cookie)", "is a 'javascript:' address, which a report must never link to"),
            ("JaVaScRiPt:alert(1)", "is a 'javascript:' address, which a report must never link to"),
            ("\" java\\tscript:alert(1)\"", "is a 'javascript:' address, which a report must never link to"),
            ("'data:text/html,<script>alert(1)</script>'", "is a 'data:' address, which a report must never link to"),
            ("file:///etc/passwd", "is a 'file:' address, which a report must never link to"),
            ("www.legislation.gov.uk/uksi/2014/1530", "has no scheme ('www.legislation.gov.uk/uksi/2014/1530')"),
            ("'https:evil.example'", "has no host after 'https:'"),
            ("'https://example.org/a b'", "holds a space or a control character; write spaces as %20"),
        ]
        let advice = "; it must be a web address starting https:// or http://, as reports link to it"
        for (url, problem) in cases {
            let rule = RuleLoaderDiagnosticsTests.goodRule.replacingOccurrences(
                of: "    citation: Somewhere\n", with: "    citation: Somewhere\n    url: \(url)\n")
            let (set, diagnostics) = Fixtures.load(RuleLoaderDiagnosticsTests.header + rule)
            if let problem {
                #expect(set == nil, "\(url)")
                #expect(diagnostics == ["pack.yaml:15:10: error: the 'url' of rule 'good' \(problem)\(advice)"], "\(url)")
            } else {
                #expect(diagnostics == [], "\(url)")
            }
        }
    }

    @Test("a rule that carries another scheme anyway is never linked: not in the board's legal basis, nor SARIF's helpUri")
    func notLinked() throws {
        let result = Self.hostileResult { set in
            for i in set.rules.indices { set.rules[i].url = "javascript:alert(1)" }
        }
        let sarif = SARIFReporter().render(result, context: ReportContext(toolVersion: "t"))
        #expect(!sarif.contains("helpUri"))
        var report = try BoardReportTests.report()
        for i in report.timescales.rules.indices { report.timescales.rules[i].url = "javascript:alert(1)" }
        for i in report.exceptions.indices { report.exceptions[i].url = " javascript:alert(1)" }
        let html = BoardHTMLRenderer.render(report)
        #expect(!html.contains("javascript:"))
        #expect(html.contains("SEND Regulations 2014, reg 13(2)"))
    }
}
