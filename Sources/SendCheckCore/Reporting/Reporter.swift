/// Turns a check result into text. Reporters are pure: the tool version and anything else from the
/// world arrive in `ReportContext`.
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var identifier: String { get }
    func render(_ result: CheckResult, context: ReportContext) -> String
}

/// What reporters may know about the run besides the result.
public struct ReportContext: Sendable {
    public var toolVersion: String
    public init(toolVersion: String) { self.toolVersion = toolVersion }
}

/// Every check reporter, by `--format` name.
public enum Reporters {
    public static let all: [any Reporter.Type] = [TextReporter.self, JSONReporter.self]

    public static func named(_ name: String) -> (any Reporter)? {
        switch name {
        case TextReporter.identifier: return TextReporter()
        case JSONReporter.identifier: return JSONReporter()
        default: return nil
        }
    }
}
