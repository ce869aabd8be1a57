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
    public init(toolVersion: String) { self.toolVersion = toolVersion }
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
