/// A JSON value built in plain code and written in one call: the way every reporter but the byte-level
/// fast path of `check --format json` makes JSON. Keys keep the order they are given in.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One key of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// An object from key-value pairs, in order.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    /// A string, or null.
    public static func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// A date as `YYYY-MM-DD`, or null.
    public static func day(_ d: Day?) -> JSONValue { d.map { .string($0.iso) } ?? .null }

    /// A number, or null.
    public static func int(_ n: Int?) -> JSONValue { n.map(JSONValue.int) ?? .null }

    /// The items of an array (nothing for any other value).
    public var arrayItems: [JSONValue] { if case .array(let items) = self { return items } else { return [] } }

    /// The value on one line (`{"a": 1, "b": [2, 3]}`).
    public var compact: String {
        var out = ""
        write(into: &out, indent: nil, depth: 0)
        return out
    }

    /// The value over several lines, indented by `indent` spaces per level.
    public func pretty(indent: Int = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, depth: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, depth: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: " ", count: indent * level)
        }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .double(let d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : "null"
        case .string(let s): out += JSONText.string(s)
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                newline(depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { return out += "{}" }
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                newline(depth + 1)
                out += JSONText.string(m.key) + ": "
                m.value.write(into: &out, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "}"
        }
    }
}
