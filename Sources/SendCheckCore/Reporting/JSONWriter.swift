/// Minimal JSON text helpers (escaping), so reports are written directly without an encoder pass.
public enum JSONText {
    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// A date string or null.
    public static func day(_ d: Day?) -> String { d.map { "\"\($0.iso)\"" } ?? "null" }

    /// A number or null.
    public static func int(_ n: Int?) -> String { n.map(String.init) ?? "null" }
}
