/// `--format github`: GitHub Actions workflow commands, one annotation per finding on its file and line.
public struct GitHubReporter: Reporter {
    public static let identifier = "github"
    public static let description =
        "GitHub Actions annotations (`::error file=...,line=...::...`): red as errors, amber as warnings, others as notices, on the file and line of each finding."

    public init() {}

    public func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer) {
        for v in result.views {
            let level = v.rag == .red ? "error" : v.rag == .amber ? "warning" : "notice"
            let title = "\(v.rule.id) \(v.status.rawValue)"
            var message = "\(v.subject): \(v.rule.message)"
            if let due = v.finding.due { message += " (due \(due)\(v.daysLate.map { ", \($0) days late" } ?? ""))" }
            if let note = v.note { message += " [\(note)]" }
            message += " - \(v.rule.citation)"
            // Shown escaped first: a CI log renders escape sequences and bidirectional overrides.
            let (file, shown) = (Escaping.shown(v.path, limit: 1024), Escaping.shown(message, limit: 4000))
            out.write("::\(level) file=\(Self.property(file)),line=\(v.line),col=\(v.column),title=\(Self.property(title))::\(Self.data(shown))\n")
        }
    }

    /// Escapes a message as GitHub's workflow commands require.
    public static func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes a property value (also `:` and `,`).
    public static func property(_ s: String) -> String {
        var out = ""
        for c in data(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
