import Foundation
import SendCheckCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Nothing executable reaches a report: hostile text in a rule pack, a case reference, a plan or a
/// waiver is shown as the text it is in every format, never as a link, markup, an escape sequence
/// or a character that breaks the file.
@Suite("Hostile text in reports")
struct HostileOutputTests {
    /// A character by its code point (Swift's literals cannot hold a noncharacter).
    static func character(_ value: UInt32) -> String { String(Character(Unicode.Scalar(value)!)) }

    /// References a hostile export may hold; each is a valid reference for the CSV reader.
    static let hostileIDs = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "![x](https://evil.example/t.png)",
        "C\(character(0xFFFE))1", "C\(character(0xFDD0))2\(character(0x1FFFF))", "`<b>`&amp;\\[",
    ]

    /// An open request for each hostile reference: red (overdue) as of 29 November 2026, and since long
    /// before the sample's reds, so the board paper lists them among its longest-standing.
    static var hostileCases: String {
        "case_id,request_received,request_outcome,request_outcome_date,assessment_outcome,assessment_outcome_date,team\n"
            + hostileIDs.map { "\($0),2020-01-06,,,,,<b onmouseover=alert(1)>North</b>\n" }.joined()
    }

    static func hostileResult(edit: (inout RuleSet) -> Void = { _ in }) -> CheckResult {
        var set = Fixtures.statutory
        edit(&set)
        return Fixtures.check(hostileCases, asOf: "2026-11-29", listAll: false, ruleSet: set)
    }

    /// Markdown's active characters that are not escaped by a backslash: each could open raw HTML, a
    /// link, an image, an autolink, an entity or a code span.
    static func unescaped(_ markdown: String) -> [Character] {
        var out: [Character] = []
        var escaped = false
        for c in markdown {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if "<>[]&`".contains(c) {
                out.append(c)
            }
        }
        return out
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

    // MARK: Markdown

    @Test("check's Markdown shows hostile references as text: no raw HTML, link, image or entity")
    func checkMarkdown() {
        let markdown = MarkdownReporter().render(Self.hostileResult(), context: ReportContext(toolVersion: "t"))
        #expect(Self.unescaped(markdown) == [])
        #expect(markdown.contains("| \\<script\\>alert(1)\\</script\\> |"))
        #expect(markdown.contains("| \\<img src=x onerror=alert(1)\\> |"))
        #expect(markdown.contains("| \\[click\\](javascript:alert(1)) |"))
        #expect(markdown.contains("| \\`\\<b\\>\\`\\&amp;\\\\\\[ |"))
        // Every row of the findings table still has its nine cells.
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| Red |") }
        #expect(rows.count >= Self.hostileIDs.count)
        for row in rows { #expect(row.replacingOccurrences(of: "\\|", with: "").count { $0 == "|" } == 10, "\(row)") }
    }

    @Test("the board's Markdown shows hostile references, teams, plan text and waiver reasons as text")
    func boardMarkdown() throws {
        var report = try BoardReportTests.report(
            why: "the last meeting of the <script>alert(1)</script> before the as-of date", extraCases: Self.hostileCases
        ) { plan in
            plan.replacingOccurrences(
                of: "title: Multi-agency quality assurance of EHC plans, audited each term",
                with: "title: \"<img src=x onerror=alert(1)> [click](javascript:alert(1))\""
            )
            .replacingOccurrences(of: "lead: Head of SEND Statutory Services\n        start", with: "lead: \"<iframe src=//evil>\"\n        start")
            .replacingOccurrences(of: "title: Quality of EHCPs and timeliness of annual reviews", with: "title: \"</td><script>x</script>\"")
        }
        report.waivers.append(
            Waiver(
                subject: "<svg onload=alert(1)>", rule: "reg13-final-plan", reason: "[agreed](javascript:alert(1)) <img src=x onerror=alert(2)>",
                owner: "<b>Head</b>", until: Fixtures.day("2027-01-31"), at: SourceLocation(path: "w.yaml", line: 1, column: 1)))
        let markdown = BoardMarkdownRenderer.render(report)
        #expect(Self.unescaped(markdown) == [])
        for shown in [
            "\\<script\\>alert(1)\\</script\\>", "\\<img src=x onerror=alert(1)\\> \\[click\\](javascript:alert(1))", "\\<iframe src=//evil\\>",
            "\\</td\\>\\<script\\>x\\</script\\>", "\\[agreed\\](javascript:alert(1))", "\\<b onmouseover=alert(1)\\>North\\</b\\>",
        ] {
            #expect(markdown.contains(shown), "\(shown)")
        }
        // The HTML escapes the same text as entities.
        let html = BoardHTMLRenderer.render(report)
        for raw in ["<script>alert", "<img src=x", "<iframe", "<svg onload", "<b onmouseover", "</td><script>"] {
            #expect(!html.contains(raw), "\(raw)")
        }
    }

    // MARK: Terminal and CI logs

    @Test("escape sequences and bidirectional controls in a rule pack's text are shown escaped in text and GitHub annotations")
    func terminalAndCI() {
        let evil = "Late\u{1B}[2J\u{1B}]8;;https://evil.example\u{7}click\u{1B}]8;;\u{7} \u{202E}fdp.exe\u{2066}x\u{2069}\u{200F}\u{061C}\u{2028}"
        let result = Self.hostileResult { set in
            for i in set.rules.indices {
                set.rules[i].message = evil
                set.rules[i].citation = evil
            }
        }
        let context = ReportContext(toolVersion: "t")
        for output in [TextReporter().render(result, context: context), GitHubReporter().render(result, context: context)] {
            for raw in ["\u{1B}", "\u{7}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{200F}", "\u{061C}", "\u{2028}"] {
                #expect(!output.contains(raw), "\(raw.unicodeScalars.first!.value)")
            }
            #expect(output.contains("Late\\u{1B}[2J\\u{1B}]8;;https://evil.example\\u{7}click"))
            #expect(output.contains("\\u{202E}fdp.exe\\u{2066}x\\u{2069}\\u{200F}\\u{61C}\\u{2028}"))
        }
        let catalogue = RuleCatalogue.text(result.ruleSet)
        #expect(!catalogue.contains("\u{1B}") && !catalogue.contains("\u{202E}"))
    }

    @Test("diagnostics show every bidirectional control escaped, and a reference holding one is rejected")
    func bidiInDiagnostics() {
        let d = Diagnostic(.error, SourceLocation(path: "a\u{200E}.csv", line: 1, column: 1), "'\u{200F}x\u{061C}\u{2029}' is not a date")
        #expect(d.description == "a\\u{200E}.csv:1:1: error: '\\u{200F}x\\u{61C}\\u{2029}' is not a date")
        let (subjects, _, diagnostics) = Fixtures.read("case_id,request_received\nC\u{200F}1,2026-01-05\nC2,2026-01-05\n")
        #expect(subjects.map(\.id) == ["C2"])
        #expect(diagnostics == ["cases.csv:2:1: error: row rejected: 'case_id' 'C\\u{200F}1' holds a control character"])
    }

    // MARK: XML

    @Test("XML text holds only characters XML 1.0 allows: noncharacters and controls become U+FFFD")
    func xmlCharacters() {
        let forbidden = [0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF, 0, 0x1B, 0x7F, 0x85, 0x9F].map(Self.character).joined()
        #expect(
            XMLText.escape("a" + forbidden + "\té\n€\u{FFFD}\u{10000}") == "a" + String(repeating: "\u{FFFD}", count: 11) + "\té\n€\u{FFFD}\u{10000}")
        #expect(XMLText.escape("plain é text") == "plain é text")
    }

    @Test("a reference holding U+FFFE or another noncharacter leaves JUnit parseable and the board's HTML clean")
    func junitAndHTML() throws {
        let result = Self.hostileResult()
        let junit = JUnitReporter().render(result, context: ReportContext(toolVersion: "t"))
        let parser = XMLParser(data: Data(junit.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(junit.contains("C\u{FFFD}1") && !junit.unicodeScalars.contains { $0.value == 0xFFFE })
        let html = BoardHTMLRenderer.render(try BoardReportTests.report(extraCases: Self.hostileCases))
        #expect(html.contains("C\u{FFFD}1"))
        #expect(html.unicodeScalars.allSatisfy(XMLText.isAllowed))
    }
}
