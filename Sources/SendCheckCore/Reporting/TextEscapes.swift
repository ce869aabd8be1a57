/// The one escaping helper of each syntax reporters write: JSON, XML and HTML, CSV. Every reporter
/// escapes through these, never by hand.
/// JSON text helpers.
public enum JSONText {
    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
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

/// XML and HTML text helpers.
public enum XMLText {
    /// Text for element content or a double-quoted attribute: `& < > " '` escaped, and characters XML
    /// 1.0 cannot hold (control characters but tab and line breaks) replaced by U+FFFD.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case let c where c.value < 0x20: out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// CSV text helpers (RFC 4180), safe to open in a spreadsheet.
public enum CSVText {
    /// One field: quoted when it holds a comma, a quote or a line break; a value a spreadsheet would
    /// read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'` so it stays text.
    public static func field(_ s: String) -> String {
        var value = s
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var out = "\""
        for c in value { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    /// A row of fields and its line break.
    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
