/// Turns a check result into text. Reporters are pure: the tool version and anything else from the
/// world arrive in `ReportContext`, and output goes to an `OutputBuffer` whose sink the caller owns.
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var identifier: String { get }
    /// One sentence for `--help` and docs/formats.md: what the format is and who reads it.
    static var description: String { get }
    func render(_ result: CheckResult, context: ReportContext, into out: inout OutputBuffer)
}

extension Reporter {
    /// The whole report as a string (tests, small results).
    public func render(_ result: CheckResult, context: ReportContext) -> String {
        var collected: [UInt8] = []
        var out = OutputBuffer(chunkSize: Int.max) { collected.append(contentsOf: $0) }
        render(result, context: context, into: &out)
        out.finish()
        return String(decoding: collected, as: UTF8.self)
    }
}

/// What reporters may know about the run besides the result.
public struct ReportContext: Sendable {
    public var toolVersion: String
    /// How many batches of findings may be rendered at once, by `concurrently` (the runtime passes a
    /// function that uses every core; reporters themselves stay free of threads). 1: one at a time.
    public var lanes: Int
    public var concurrently: Concurrently
    /// Findings per batch.
    public var findingsPerBatch: Int
    /// Whether text may be coloured (a terminal, and `NO_COLOR` not set, or `--color always`).
    public var color: Bool
    /// Where paths in the report are relative to (SARIF's base URI), if anywhere.
    public var baseDirectory: String?

    public init(
        toolVersion: String, lanes: Int = 1, findingsPerBatch: Int = 2048, color: Bool = false, baseDirectory: String? = nil,
        concurrently: @escaping Concurrently = oneAfterAnother
    ) {
        self.toolVersion = toolVersion
        self.color = color
        self.baseDirectory = baseDirectory
        self.lanes = max(1, lanes)
        self.findingsPerBatch = max(1, findingsPerBatch)
        self.concurrently = concurrently
    }
}

/// Every check reporter, by `--format` name.
public enum Reporters {
    public static let all: [any Reporter] = [
        TextReporter(), JSONReporter(), JSONLinesReporter(), CSVReporter(), MarkdownReporter(), SARIFReporter(), JUnitReporter(), GitHubReporter(),
    ]

    public static func named(_ name: String) -> (any Reporter)? {
        all.first { type(of: $0).identifier == name }
    }

    /// The `--format` names.
    public static var identifiers: [String] { all.map { type(of: $0).identifier } }

    /// One line per format, for `--help`.
    public static var help: String { all.map { "\(type(of: $0).identifier): \(type(of: $0).description)" }.joined(separator: "\n") }

    /// docs/formats.md, generated from the registry (a test keeps the file current).
    public static var markdown: String {
        var out = "# Output formats of `sendcheck check`\n\n"
        out += "Generated from the reporters' own descriptions (`Sources/SendCheckCore/Reporting/`); `RECORD_GOLDENS=1 swift test` rewrites it.\n"
        out += "Choose one with `--format NAME`. The board report has its own formats: [report.md](report.md).\n\n"
        out += "| format | what it is |\n|---|---|\n"
        for r in all { out += "| `\(type(of: r).identifier)` | \(type(of: r).description) |\n" }
        out += "\nEvery format lists the same findings (red and amber by default, every one with `--all`), sorted by rule, subject and "
        out += "clock start. Each finding has a stable identity: its rule, its subject's reference and its clock's start "
        out += "(`key`, and `fingerprint`, the first 16 hex digits of the key's SHA-256). SARIF's `partialFingerprints`, the board "
        out += "report's \"what changed\" and the alert job's state all use it. Case findings carry the case reference, never a name.\n\n"
        out += "Text from the data and from rule packs is written safely for each format: control and bidirectional characters "
        out += "(escape sequences, right-to-left overrides) are shown escaped (`\\u{1B}`, `\\u{202E}`) in text and GitHub annotations, as in "
        out += "diagnostics; Markdown escapes HTML and link syntax (`\\<script>`, `\\[x\\](...)`); JUnit XML replaces the characters XML 1.0 "
        out += "forbids or discourages (controls, U+FFFE, U+FFFF and other noncharacters) with U+FFFD; CSV cells never start a formula; "
        out += "SARIF links a rule's help only to an `https:` or `http:` address.\n"
        return out
    }
}
