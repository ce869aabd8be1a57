/// Reads a YAML mapping strictly: unknown keys are errors with a "did you mean", and typed getters
/// report wrong types at the value's position. Every problem goes to the shared `Diagnostics`.
public struct MappingReader {
    public let mapping: YAMLMapping
    /// Key path for messages, for example `rules[3]`.
    public let context: String

    /// Checks the mapping's keys against `allowed` (all of `required` must be present).
    public init(
        _ mapping: YAMLMapping, context: String, allowed: [String], required: [String] = [],
        diagnostics: inout Diagnostics
    ) {
        self.mapping = mapping
        self.context = context
        for (key, _) in mapping.entries where !allowed.contains(key.text) {
            diagnostics.error(
                key.location,
                "unknown key '\(key.text)' in \(context)\(Suggestion.hint(for: key.text, in: allowed))")
        }
        for key in required where mapping[key] == nil || mapping[key]?.scalar?.isNull == true {
            diagnostics.error(mapping.location, "\(context) is missing the required key '\(key)'")
        }
    }

    /// Reads a node as a mapping, or reports what it is instead.
    public static func expectMapping(
        _ node: YAMLNode, _ what: String, diagnostics: inout Diagnostics
    ) -> YAMLMapping? {
        if let m = node.mapping { return m }
        diagnostics.error(node.location, "\(what) must be a mapping of keys to values, not \(node.kindName)")
        return nil
    }

    /// The raw node for `key`.
    public subscript(key: String) -> YAMLNode? { mapping[key] }

    /// A scalar value, reporting a list or mapping where one value was expected.
    public func scalar(_ key: String, diagnostics: inout Diagnostics) -> YAMLScalar? {
        guard let node = mapping[key] else { return nil }
        guard let s = node.scalar else {
            diagnostics.error(node.location, "'\(key)' in \(context) must be a single value, not \(node.kindName)")
            return nil
        }
        // An empty value (`key:` or `key: null`) means the same as leaving the key out.
        return s.isNull ? nil : s
    }

    /// A non-empty string value.
    public func string(_ key: String, diagnostics: inout Diagnostics) -> String? {
        guard let s = scalar(key, diagnostics: &diagnostics) else { return nil }
        if s.text.trimmingSpaces.isEmpty {
            diagnostics.error(s.location, "'\(key)' in \(context) must not be empty")
            return nil
        }
        return s.text
    }

    /// An integer value.
    public func int(_ key: String, diagnostics: inout Diagnostics) -> (Int, SourceLocation)? {
        guard let s = scalar(key, diagnostics: &diagnostics) else { return nil }
        guard let v = Int(s.text.trimmingSpaces) else {
            diagnostics.error(s.location, "'\(key)' in \(context) must be a whole number, not '\(s.text)'")
            return nil
        }
        return (v, s.location)
    }

    /// A boolean value (`true`/`false`).
    public func bool(_ key: String, diagnostics: inout Diagnostics) -> Bool? {
        guard let s = scalar(key, diagnostics: &diagnostics) else { return nil }
        switch s.text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            diagnostics.error(s.location, "'\(key)' in \(context) must be true or false, not '\(s.text)'")
            return nil
        }
    }

    /// A date value (ISO or UK form).
    public func day(_ key: String, diagnostics: inout Diagnostics) -> (Day, SourceLocation)? {
        guard let s = scalar(key, diagnostics: &diagnostics) else { return nil }
        switch DateParser.parse(s.text) {
        case .success(let d): return (d, s.location)
        case .failure(let f):
            diagnostics.error(s.location, "'\(key)' in \(context): \(f.message(for: s.text))")
            return nil
        }
    }

    /// A value from a fixed set of words.
    public func choice<T>(
        _ key: String, _ choices: [(String, T)], diagnostics: inout Diagnostics
    ) -> T? {
        guard let s = scalar(key, diagnostics: &diagnostics) else { return nil }
        if let match = choices.first(where: { $0.0 == s.text }) { return match.1 }
        let names = choices.map(\.0)
        diagnostics.error(
            s.location,
            "'\(key)' in \(context) must be one of \(names.joined(separator: ", ")), not '\(s.text)'"
                + Suggestion.hint(for: s.text, in: names))
        return nil
    }

    /// A list of scalars (a single scalar is accepted as a list of one).
    public func scalarList(_ key: String, diagnostics: inout Diagnostics) -> [YAMLScalar]? {
        guard let node = mapping[key] else { return nil }
        if let s = node.scalar { return s.isNull ? [] : [s] }
        guard let items = node.sequence else {
            diagnostics.error(node.location, "'\(key)' in \(context) must be a list, not \(node.kindName)")
            return nil
        }
        var out: [YAMLScalar] = []
        for item in items {
            guard let s = item.scalar else {
                diagnostics.error(item.location, "each item of '\(key)' in \(context) must be a single value, not \(item.kindName)")
                continue
            }
            out.append(s)
        }
        return out
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        // Nothing to trim, as in nearly every cell: no walk of the characters (a team per case makes
        // one label per row). A Character to trim starts or ends with one of these bytes.
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = utf8.first, let last = utf8.last, blank(first) || blank(last) else { return self }
        var s = Substring(self)
        // "\r\n" is one Character, equal to neither "\r" nor "\n".
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" || f == "\r\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" || l == "\r\n" { s.removeLast() }
        return String(s)
    }
}
