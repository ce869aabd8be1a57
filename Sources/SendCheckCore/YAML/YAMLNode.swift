import Yams

/// A YAML document as a small located tree: every node knows where it was written.
///
/// Built once from Yams' composed nodes so that the loaders work on `Sendable` values and every
/// diagnostic can point at the exact key or value.
public indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence([YAMLNode], SourceLocation)

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(let s): return s.location
        case .mapping(let m): return m.location
        case .sequence(_, let l): return l
        }
    }

    /// A word for messages: "a mapping", "a list", "a value".
    public var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The scalar, if this is one.
    public var scalar: YAMLScalar? { if case .scalar(let s) = self { return s } else { return nil } }
    /// The mapping, if this is one.
    public var mapping: YAMLMapping? { if case .mapping(let m) = self { return m } else { return nil } }
    /// The items, if this is a list.
    public var sequence: [YAMLNode]? { if case .sequence(let s, _) = self { return s } else { return nil } }
}

/// A YAML scalar with its text, quoting style and position.
public struct YAMLScalar: Sendable {
    public var text: String
    /// Whether the value was written in quotes (so `"null"` is the text null, not nothing).
    public var quoted: Bool
    /// Whether it was a block scalar (`|` or `>`), whose text starts on the next line.
    public var block: Bool
    public var location: SourceLocation

    /// Where the character at `offset` (0-based, in the scalar's text) was written, for one-line scalars.
    public func location(ofOffset offset: Int) -> SourceLocation {
        if block { return location }
        return location.advanced(by: offset + (quoted ? 1 : 0))
    }

    /// Whether the value is YAML's null (`~`, `null` or nothing), written without quotes.
    public var isNull: Bool {
        !quoted && !block && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
}

/// A YAML mapping: keys in the order written, each with its value.
public struct YAMLMapping: Sendable {
    public var entries: [(key: YAMLScalar, value: YAMLNode)]
    public var location: SourceLocation

    /// The value for `key`, if present.
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key.text == key }?.value
    }

    /// The key node for `key`, if present.
    public func keyNode(_ key: String) -> YAMLScalar? {
        entries.first { $0.key.text == key }?.key
    }
}

/// Parses YAML text into a located tree, reporting syntax errors and duplicate keys with positions.
public enum YAMLParser {
    /// Parses `text` (from `path`). Returns nil, with diagnostics, when the text is not valid YAML.
    public static func parse(_ text: String, path: String, diagnostics: inout Diagnostics) -> YAMLNode? {
        if let (line, column) = YAMLAliasScan.firstAnchorOrAlias(in: text) {
            diagnostics.error(
                SourceLocation(path: path, line: line, column: column),
                "YAML anchors and aliases (&name, *name) are not supported in sendcheck files; write the value out")
            return nil
        }
        do {
            // The basic resolver: sendcheck reads every scalar as text and types it itself, so Yams'
            // regular-expression tag resolution (most of the cost of loading a pack) is not needed.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "the file is empty")
                return nil
            }
            return convert(root, path: path, diagnostics: &diagnostics)
        } catch let error as YamlError {
            let (location, message) = describe(error, path: path)
            diagnostics.error(location, message)
            return nil
        } catch {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "cannot read YAML: \(error)")
            return nil
        }
    }

    private static func location(_ mark: Mark?, _ path: String) -> SourceLocation {
        SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The longest scalar a sendcheck file may hold (a rule's message, a plan's description).
    public static let maximumScalarBytes = 65_536

    private static func convert(_ node: Node, path: String, diagnostics: inout Diagnostics) -> YAMLNode {
        switch node {
        case .scalar(let s):
            if s.string.utf8.count > maximumScalarBytes {
                diagnostics.error(location(s.mark, path), "this value is longer than \(maximumScalarBytes / 1024) KiB")
                return .scalar(YAMLScalar(text: "", quoted: false, block: false, location: location(s.mark, path)))
            }
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
            let block = s.style == .literal || s.style == .folded
            return .scalar(YAMLScalar(text: s.string, quoted: quoted, block: block, location: location(s.mark, path)))
        case .mapping(let m):
            var entries: [(key: YAMLScalar, value: YAMLNode)] = []
            for (k, v) in m {
                let value = convert(v, path: path, diagnostics: &diagnostics)
                guard case .scalar(let key) = convert(k, path: path, diagnostics: &diagnostics) else {
                    diagnostics.error(
                        location(k.mark, path), "a key must be a plain word, not \(convert(k, path: path, diagnostics: &diagnostics).kindName)")
                    continue
                }
                entries.append((key, value))
            }
            return .mapping(YAMLMapping(entries: entries, location: location(m.mark, path)))
        case .sequence(let s):
            return .sequence(s.map { convert($0, path: path, diagnostics: &diagnostics) }, location(s.mark, path))
        case .alias(let a):
            // Refused by the scan before composing; kept for completeness of the switch.
            return .scalar(YAMLScalar(text: "", quoted: false, block: false, location: location(a.mark, path)))
        }
    }

    private static func describe(_ error: YamlError, path: String) -> (SourceLocation, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return (location(mark, path), "invalid YAML: \(problem)\(ctx)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (location(context.mark, path), "duplicate key \(names) in this mapping")
        case let .reader(problem, _, _, _):
            return (SourceLocation(path: path, line: 1, column: 1), "cannot read YAML: \(problem)")
        default:
            return (SourceLocation(path: path, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }
}
