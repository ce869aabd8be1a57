/// A place in an input file. Line and column are both 1-based. The column is what a person looking
/// at the input counts: the character in a YAML line, the field of a CSV row or a sheet's row, the
/// byte in an XML line (the character, for ASCII markup). See docs/architecture.md.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }

    /// `path:line:col`.
    public var description: String { "\(path):\(line):\(column)" }

    /// The same place moved `offset` characters to the right.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column + offset)
    }
}
