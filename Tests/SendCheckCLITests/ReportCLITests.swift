import Foundation
import Testing

/// `sendcheck report` as a person uses it, and the HTML opened in a real headless browser.
@Suite("sendcheck report", .serialized)
struct ReportCLITests {
    typealias CLI = CLITests

    /// Chromium is installed by .ci/run; without it the browser check is skipped, unless
    /// SENDCHECK_REQUIRE_CHROMIUM=1 (as in CI) makes its absence a failure.
    static let required = ProcessInfo.processInfo.environment["SENDCHECK_REQUIRE_CHROMIUM"] == "1"
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the sample makes a board report in each format; the HTML opens in Chromium, non-blank, with no request, on A4 without clipping")
    func sample() throws {
        let folder = try CLI.temporaryFolder()
        let html = try CLI.run(
            ["report", "--as-of", "2026-11-29", "--output", folder + "/board.html"], environment: ["SOURCE_DATE_EPOCH": "1796000000"])
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOfFile: folder + "/board.html", encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(text.contains("Generated 2026-11-30 ") && text.contains("<h2 id=\"trends\">Trends</h2>"))
        let markdown = try CLI.run(["report", "--as-of", "2026-11-29", "--format", "markdown"])
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("# SEND statutory timescales and improvement plan\n"))
        let csv = try CLI.run(["report", "--as-of", "2026-11-29", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("section,as_of,item,rule,team,date,status,rag,measure,value,detail\n"))
        guard let _ = Self.chromium else {
            if Self.required { Issue.record("Chromium is not installed (apt-get install chromium)") }
            return
        }
        let check = try CLI.run(
            [CLI.root + "/scripts/check-report-in-browser.py", folder + "/board.html", folder + "/browser"], executable: "/usr/bin/python3")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("network: 0 requests from the page"))
        #expect(check.stdout.contains("report checked in Chromium: ok"))
    }

    @Test("usage and failures: a bad format or comparison date is 64, a full disk 74, an unreadable file 2")
    func failures() throws {
        #expect(try CLI.run(["report", "--format", "pdf"]).status == 64)
        let compare = try CLI.run(["report", "--as-of", "2026-11-29", "--compare-to", "2026-12-01"])
        #expect(compare.status == 64 && compare.stderr.contains("is not before the as-of date"))
        let full = try CLI.run(["-c", "'\(CLI.binary)' report --as-of 2026-11-29 > /dev/full"], executable: "/bin/sh")
        #expect(full.status == 74)
        let missing = try CLI.run(["report", "--no-config", "--cases", "nope.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("nope.csv:1:1: error: no such file"))
        let folder = try CLI.temporaryFolder()
        let unwritable = try CLI.run(["report", "--as-of", "2026-11-29", "--output", folder + "/no/such/folder/board.html"])
        #expect(unwritable.status == 2 && unwritable.stderr.contains("cannot create the file"))
    }

    @Test("validate refuses a rule pack whose url is not a web address, naming its scheme")
    func validateURL() throws {
        let folder = try CLI.temporaryFolder()
        var pack = try String(contentsOfFile: CLI.root + "/rules/statutory.yaml", encoding: .utf8)
        pack = pack.replacingOccurrences(
            of: "url: https://www.legislation.gov.uk/uksi/2014/1530/regulation/13/made", with: "url: javascript:alert(document.cookie)")
        try pack.write(toFile: folder + "/statutory.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "--no-config", folder + "/statutory.yaml"])
        #expect(r.status == 1)
        let said = r.stdout + r.stderr
        #expect(said.contains("/statutory.yaml:227:10: error: the 'url' of rule 'reg13-final-plan' is a 'javascript:' address"), "\(said)")
        #expect(said.contains("/statutory.yaml:312:10: error: the 'url' of rule"))
    }
}
