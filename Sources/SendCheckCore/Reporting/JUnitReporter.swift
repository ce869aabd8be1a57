/// `--format junit`: JUnit XML for CI systems: one test suite per rule, one test case per rule and
/// subject (per clock), a red finding as a failure.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"
    public static let description =
        "JUnit XML for CI: a test suite per rule, a test case per rule and subject (and clock), red findings as failures, others passing with their status."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        let views = result.views
        var suites: [(rule: String, cases: [FindingView])] = []
        for v in views {
            if suites.last?.rule == v.rule.id { suites[suites.count - 1].cases.append(v) } else { suites.append((v.rule.id, [v])) }
        }
        let failures = views.count { $0.rag == .red }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.write("<testsuites name=\"sendcheck as of \(result.asOf)\" tests=\"\(views.count)\" failures=\"\(failures)\" errors=\"0\">\n")
        for suite in suites {
            let f = suite.cases.count { $0.rag == .red }
            out.write(
                "  <testsuite name=\"\(XMLText.escape(suite.rule))\" tests=\"\(suite.cases.count)\" failures=\"\(f)\" errors=\"0\" skipped=\"0\">\n")
            for v in suite.cases {
                let name = v.subject + (v.finding.start.map { " from \($0)" } ?? "")
                out.write("    <testcase name=\"\(XMLText.escape(name))\" classname=\"sendcheck.\(XMLText.escape(v.rule.id))\" ")
                out.write("file=\"\(XMLText.escape(v.path))\" line=\"\(v.line)\">\n")
                var detail = "\(v.subject) \(v.rule.id) \(v.status.rawValue)"
                if let due = v.finding.due { detail += ", due \(due)" }
                if let late = v.daysLate { detail += ", \(late) days late" }
                if let note = v.note { detail += " (\(note))" }
                detail += " at \(v.path):\(v.line). \(v.rule.citation)"
                if v.rag == .red {
                    out.write(
                        "      <failure message=\"\(XMLText.escape(v.rule.message))\" type=\"\(v.status.rawValue)\">\(XMLText.escape(detail))</failure>\n"
                    )
                } else {
                    out.write("      <system-out>\(XMLText.escape(v.rag.rawValue + ": " + detail))</system-out>\n")
                }
                out.write("    </testcase>\n")
            }
            out.write("  </testsuite>\n")
        }
        out.write("</testsuites>\n")
    }
}
