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
        #expect(
            markdown.status == 0
                && markdown.stdout.hasPrefix("**Example County Council (synthetic data)**\n\n# SEND statutory timescales and improvement plan\n"))
        let csv = try CLI.run(["report", "--as-of", "2026-11-29", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("section,as_of,item,rule,team,date,status,rag,measure,value,detail\n"))
        let check = try Self.inBrowser(folder + "/board.html", folder + "/browser")
        #expect(check?.contains("network: 0 requests from the page") ?? true)
    }

    /// Opens a report in Chromium with `scripts/check-report-in-browser.py --max-pages 12` and expects
    /// it to pass, page 1 holding the measures table; its output, or nil when Chromium is missing
    /// (a failure where SENDCHECK_REQUIRE_CHROMIUM=1).
    static func inBrowser(_ report: String, _ out: String) throws -> String? {
        guard let _ = Self.chromium else {
            if Self.required { Issue.record("Chromium is not installed (apt-get install chromium)") }
            return nil
        }
        let check = try CLI.run(
            [CLI.root + "/scripts/check-report-in-browser.py", report, out, "--max-pages", "12"], executable: "/usr/bin/python3")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("page 1 holds the measures table: True"))
        #expect(check.stdout.contains("report checked in Chromium: ok"))
        return check.stdout
    }

    @Test("a 25,000-case council's paper: its name and targets on page 1, at most 12 A4 pages, the full lists in the appendix")
    func council() throws {
        let folder = try CLI.temporaryFolder()
        let generated = try CLI.run(["generate", "--count", "25000", "--seed", "7", "--as-of", "2026-11-29", "--output", folder + "/cases.csv"])
        #expect(generated.status == 0, "\(generated.stderr)")
        try """
        version: 1
        cases: [cases.csv]
        report:
          council: Northshire County Council
          board: SEND Partnership Board
          targets:
            plans-20-weeks-excluding-exceptions:
              value: 65
              by: 2027-03-31
              trajectory: {2026-09-30: 62}
            reg5-assessment-decision: {value: 95, by: 2027-03-31}

        """.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(
            [
                "report", "--config", folder + "/sendcheck.yaml", "--as-of", "2026-11-29", "--output", folder + "/board.html", "--appendix",
                folder + "/appendix.csv",
            ])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let html = try String(contentsOfFile: folder + "/board.html", encoding: .utf8)
        #expect(
            html.contains("<p class=\"council\">Northshire County Council</p>") && html.contains("For the <strong>SEND Partnership Board</strong>."))
        // The target, on or off track against the trajectory, and the forecast.
        let front = try #require(html.components(separatedBy: "</section>").first)
        #expect(
            front.contains("65.0% by <time datetime=\"2027-03-31\">")
                && (front.contains("<strong>On track</strong>") || front.contains("<strong>Off track</strong>")))
        #expect(front.contains("forecast "))
        #expect(html.contains("The full list is in the appendix, \(folder)/appendix.csv (section <code>red</code>)."))
        let appendix = try String(contentsOfFile: folder + "/appendix.csv", encoding: .utf8)
        #expect(appendix.hasPrefix("section,as_of,item,rule,title,team,date,status,detail\n"))
        let sections = Set(appendix.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } })
        #expect(sections.isSuperset(of: ["red", "change_new_red", "nearing_20_weeks", "review_due", "team"]))
        // Every red of the council is in the appendix: one row per red finding.
        let reds = appendix.split(separator: "\n").count { $0.hasPrefix("red,") }
        #expect(html.contains("in \(reds.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))) red findings"))
        #expect(try Self.mode(folder + "/appendix.csv") == "600")
        _ = try Self.inBrowser(folder + "/board.html", folder + "/browser")
    }

    @Test("a target naming no measure or rule is a located error with a suggestion, and nothing is written (exit 2)")
    func badTarget() throws {
        let folder = try CLI.temporaryFolder()
        try """
        version: 1
        cases: [\(CLI.root)/examples/cases.csv]
        report:
          targets:
            plans-20-week-excluding-exceptions: {value: 60, by: 2027-03-31}
            decisions-6-weeks: {value: 120, by: 2027-03-31}

        """.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["report", "--config", folder + "/sendcheck.yaml", "--as-of", "2026-11-29", "--output", folder + "/board.html"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("sendcheck.yaml:5:5: error: 'targets' under 'report': 'plans-20-week-excluding-exceptions' is neither a DfE measure"))
        #expect(run.stderr.contains("did you mean 'plans-20-weeks-excluding-exceptions'"))
        #expect(
            run.stderr.contains(
                "sendcheck.yaml:6:5: error: 'targets' under 'report': 'decisions-6-weeks' is a percentage, so 120.0 cannot be reached"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/board.html"))
        let same = try CLI.run(["report", "--as-of", "2026-11-29", "--output", folder + "/x.html", "--appendix", folder + "/./x.html"])
        #expect(same.status == 64 && same.stderr.contains("--appendix and --output name the same file"))
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

    /// The names in a folder (a temporary file left behind would show).
    static func listing(_ folder: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    /// A file's permissions, in octal.
    static func mode(_ path: String) throws -> String {
        String(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1, radix: 8)
    }

    @Test("--output is atomic: a file-size limit mid-write is exit 74 with the previous report as it was and nothing left behind")
    func atomicOutput() throws {
        let folder = try CLI.temporaryFolder()
        let board = folder + "/board.html"
        try "the previous board's report\n".write(toFile: board, atomically: false, encoding: .utf8)
        chmod(board, 0o644)
        // Before: SIGXFSZ killed the run silently (exit 153) with the old report cut to the limit.
        let limited = try CLI.run(
            ["-c", "ulimit -f 8; exec '\(CLI.binary)' report --as-of 2026-11-29 --output '\(board)'"], executable: "/bin/sh")
        #expect(limited.status == 74, "\(limited.stderr)")
        #expect(limited.stderr.contains("\(board):1:1: error: cannot write the file: File too large; nothing was replaced"))
        #expect(try String(contentsOfFile: board, encoding: .utf8) == "the previous board's report\n")
        #expect(try Self.listing(folder) == ["board.html"] && Self.mode(board) == "644")
        // Standard output over the limit is a write error too, never a silent kill.
        let stdout = try CLI.run(
            ["-c", "ulimit -f 8; exec '\(CLI.binary)' check --as-of 2026-11-29 --all --format json > '\(folder)/check.json'"],
            executable: "/bin/sh")
        #expect(stdout.status == 74 && stdout.stderr.contains("cannot write the report to standard output: File too large"))
        // Written: the whole report, replacing the old one, readable by its owner alone.
        let written = try CLI.run(["report", "--as-of", "2026-11-29", "--output", board])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: board, encoding: .utf8).hasSuffix("</html>\n"))
        #expect(try Self.listing(folder) == ["board.html", "check.json"] && Self.mode(board) == "600")
    }

    @Test("the report's mode is 0600 unless 'report: {mode: ...}' says otherwise; a mode that lets others write is refused")
    func configuredMode() throws {
        let folder = try CLI.temporaryFolder()
        let config = folder + "/sendcheck.yaml"
        let base = "version: 1\nrules: [\(CLI.root)/rules]\ncases: [\(CLI.root)/examples/cases.csv]\n"
        try (base + "report: {mode: \"0640\"}\n").write(toFile: config, atomically: true, encoding: .utf8)
        let r = try CLI.run(["report", "--config", config, "--as-of", "2026-11-29", "--format", "csv", "--output", folder + "/board.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.listing(folder) == ["board.csv", "sendcheck.yaml"] && Self.mode(folder + "/board.csv") == "640")
        try (base + "report: {mode: \"0666\"}\n").write(toFile: config, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["report", "--config", config, "--as-of", "2026-11-29", "--output", folder + "/other.csv"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "\(config):4:16: error: 'mode' under 'report' must let the owner read and write the report and no one else write it"))
    }

    @Test("an output that is one of the run's inputs is refused before any work, however it is named; the input is untouched")
    func outputOverInput() throws {
        let folder = try CLI.temporaryFolder()
        let cases = folder + "/cases.csv"
        let original = try String(contentsOfFile: CLI.root + "/examples/cases.csv", encoding: .utf8)
        try original.write(toFile: cases, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/plans", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.root + "/plans/example-county-cip-2022.yaml", toPath: folder + "/plans/plan.yaml")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: cases)
        let config = folder + "/sendcheck.yaml"
        try "version: 1\ncases: [cases.csv]\nplans: [plans]\n".write(toFile: config, atomically: true, encoding: .utf8)
        for (output, named) in [
            (cases, ""), (folder + "/./cases.csv", " (\(cases))"), (folder + "/link.csv", " (\(cases))"), (config, ""),
            (folder + "/plans/plan.yaml", ""),
        ] {
            let r = try CLI.run(["report", "--config", config, "--as-of", "2026-11-29", "--output", output])
            #expect(r.status == 2, "\(output)")
            #expect(
                r.stderr.contains("\(output):1:1: error: this file is one of the run's inputs\(named): the report would overwrite it"),
                "\(r.stderr)")
        }
        let direct = try CLI.run(["report", "--no-config", "--cases", cases, "--as-of", "2026-11-29", "--output", cases])
        #expect(direct.status == 2 && direct.stderr.contains("this file is one of the run's inputs"))
        #expect(try String(contentsOfFile: cases, encoding: .utf8) == original)
        #expect(try Self.listing(folder) == ["cases.csv", "link.csv", "plans", "sendcheck.yaml"])
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
        // Located at the url's value: the lines where the pack writes it.
        let lines = pack.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { $0.element.contains("javascript:") }.map {
            $0.offset + 1
        }
        #expect(lines.count == 2)
        #expect(said.contains("/statutory.yaml:\(lines[0]):10: error: the 'url' of rule 'reg13-final-plan' is a 'javascript:' address"), "\(said)")
        #expect(said.contains("/statutory.yaml:\(lines[1]):10: error: the 'url' of rule 'reg13-draft-representations'"))
    }
}
