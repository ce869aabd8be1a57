/// A problem with one of our inputs (rules, configuration, case data), always with a location.
///
/// Diagnostics are separate from findings: a finding is the product (a rule matched a subject),
/// a diagnostic says an input could not be read as written.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The rule or check that produced it, if any (shown as `[id]`).
    public var code: String?

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, code: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.code = code
    }

    /// `path:line:col: severity: message [code]`.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)" + (code.map { " [\($0)]" } ?? "")
    }
}

/// Collects diagnostics so one run reports all of them.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func error(_ at: SourceLocation, _ message: String, code: String? = nil) {
        items.append(Diagnostic(.error, at, message, code: code))
    }

    public mutating func warning(_ at: SourceLocation, _ message: String, code: String? = nil) {
        items.append(Diagnostic(.warning, at, message, code: code))
    }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }

    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    /// Whether any error was collected.
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Number of errors.
    public var errorCount: Int { items.count { $0.severity == .error } }

    /// Diagnostics sorted by location, then message.
    public var sorted: [Diagnostic] {
        items.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }
}
