/// Makes text from the data (file names, references, cell values) safe to show to a person: control
/// characters become visible escapes (`\n`, `\u{1B}`), so a value cannot forge a line of the report
/// or rewrite a terminal, and a long value is cut short with a count of what was left out.
public enum Escaping {
    /// How many characters of one value are shown.
    public static let shownLength = 120

    /// `text` with control characters escaped, cut to `limit` characters.
    public static func shown(_ text: String, limit: Int = shownLength) -> String {
        var out = ""
        var count = 0
        // A backslash is doubled only in a text that has escapes, so they cannot be forged.
        let doubleBackslashes = needsEscaping(text)
        for scalar in text.unicodeScalars {
            if count >= limit {
                let rest = text.unicodeScalars.count - count
                out += "… (\(rest) more character\(rest == 1 ? "" : "s"))"
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\" where doubleBackslashes: out += "\\\\"
            default:
                if isControl(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether a text would be changed by `shown` (apart from its length).
    public static func needsEscaping(_ text: String) -> Bool {
        text.unicodeScalars.contains { isControl($0) || $0 == "\n" || $0 == "\r" || $0 == "\t" }
    }

    /// C0 and C1 controls, DEL, the bidirectional controls that reorder what a terminal, an editor or a
    /// CI log shows (the embeddings, overrides and isolates, and the left-to-right, right-to-left and
    /// Arabic letter marks: "Trojan Source"), and the line and paragraph separators some viewers
    /// break a line at.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
