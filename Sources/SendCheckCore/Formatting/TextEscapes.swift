/// The one escaping helper of each syntax reporters write: JSON, XML and HTML, CSV, Markdown. Every
/// reporter escapes through these, never by hand.
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
    /// Text for element content or a double-quoted attribute: `& < > " '` escaped, and every character
    /// XML 1.0 forbids or discourages replaced by U+FFFD (`isAllowed`), so one cell cannot make a
    /// JUnit file or a board report unreadable.
    public static func escape(_ s: String) -> String {
        // Only ASCII specials, controls and the lead bytes of C1 controls (C2) and of noncharacters
        // (EF, F0 to F4) need the slow path: other text is written as it is.
        guard
            s.utf8.contains(where: {
                $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF
                    || $0 >= 0xF0
            })
        else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case let c where !isAllowed(c): out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Whether XML 1.0 (and HTML) takes a character as text: not a control character but tab and line
    /// breaks (C0, DEL, C1), and not a noncharacter (U+FDD0 to U+FDEF, and the last two of every
    /// plane, U+FFFE and U+FFFF among them). XML 1.0 forbids C0, U+FFFE and U+FFFF and discourages
    /// the rest; HTML calls every one of them a parse error.
    public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0x7F...0x9F, 0xFDD0...0xFDEF: return false
        default: return c.value & 0xFFFE != 0xFFFE
        }
    }
}

/// Markdown text helpers (CommonMark and GitHub-flavoured tables).
public enum MarkdownText {
    /// Text from the data or a rule pack (a reference, a plan's text, a waiver's reason) as literal
    /// Markdown text: control and bidirectional characters shown escaped and long text cut short
    /// (`Escaping`), and a backslash before every character that could start raw HTML, a link, an
    /// image, an autolink, an entity, a code span or a table cell: backslash, `<`, `>`, `[`, `]`, `&`,
    /// backtick and `|`. `<script>`,
    /// `<img onerror=...>` and `[x](javascript:...)` then read as the text they are, in any renderer.
    public static func escape(_ s: String, limit: Int = 400) -> String {
        let shown = Escaping.shown(s, limit: limit)
        guard shown.utf8.contains(where: { special.contains($0) }) else { return shown }
        var out = ""
        out.reserveCapacity(shown.utf8.count + 16)
        for u in shown.unicodeScalars {
            if u.isASCII, special.contains(UInt8(u.value)) { out += "\\" }
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// The ASCII characters escaped.
    private static let special: Set<UInt8> = Set("\\<>[]&`|".utf8)
}

/// CSV text helpers (RFC 4180), safe to open in a spreadsheet.
public enum CSVText {
    /// One field: quoted when it holds a comma, a quote or a line break; a value a spreadsheet would
    /// read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'` so it stays text.
    public static func field(_ s: String) -> String {
        var value = s
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil { value = "'" + value }
        return quoted(value)
    }

    /// Quoted (its quotes doubled) when it holds a comma, a quote or a line break; else as it is.
    /// Bytes, not Characters: "\r\n" is one Character, and so is a comma or a quote followed by a
    /// combining mark, which a comparison of Characters would let through unquoted.
    public static func quoted(_ value: String) -> String {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard value.utf8.contains(where: special) else { return value }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for b in value.utf8 {
            bytes.append(b)
            if b == UInt8(ascii: "\"") { bytes.append(b) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A row of fields and its line break.
    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
