/// Turns a check result into text. Reporters are pure: the tool version and anything else from the
/// world arrive in `ReportContext`, and output goes to an `OutputBuffer` whose sink the caller owns.
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var identifier: String { get }
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

    public init(
        toolVersion: String, lanes: Int = 1, findingsPerBatch: Int = 2048,
        concurrently: @escaping Concurrently = oneAfterAnother
    ) {
        self.toolVersion = toolVersion
        self.lanes = max(1, lanes)
        self.findingsPerBatch = max(1, findingsPerBatch)
        self.concurrently = concurrently
    }
}

/// Every check reporter, by `--format` name.
public enum Reporters {
    public static let all: [any Reporter] = [TextReporter(), JSONReporter()]

    public static func named(_ name: String) -> (any Reporter)? {
        all.first { type(of: $0).identifier == name }
    }

    /// The `--format` names.
    public static var identifiers: [String] { all.map { type(of: $0).identifier } }
}
