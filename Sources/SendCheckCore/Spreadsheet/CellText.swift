/// The text of a cell, from the XML of a workbook to a CSV field.
///
/// In a workbook, text is XML character data (`&amp;`, `&#10;`), and characters XML cannot hold are
/// written `_xHHHH_` (Excel writes a carriage return as `_x000D_`; a literal `_x0041_` as
/// `_x005F_x0041_`). In the CSV, a field is quoted only when it holds a comma or a quote, and a line
/// break in a cell (CR, LF or CRLF) becomes one space: the CSV's line N must stay the sheet's row N,
/// so that every location the CSV reader reports is the sheet's row and column. A zero character
/// (`&#0;`, `_x0000_`) is written as U+FFFD: a zero byte would make the whole CSV look binary.
enum CellText {
    /// Appends `raw` (character data as written in the XML) to `out` with entities decoded.
    @inline(__always) static func appendXML(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if raw.contains(UInt8(ascii: "&")) { XMLScanner.decodeEntities(raw, to: &out) } else { out.append(contentsOf: raw) }
    }

    /// Whether `text` holds an `_xHHHH_` escape to undo.
    @inline(__always) static func hasEscapes(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count >= 7 else { return false }
        var i = 0
        while i + 7 <= text.count {
            if text[i] == UInt8(ascii: "_"), text[i + 1] == UInt8(ascii: "x"), text[i + 6] == UInt8(ascii: "_") { return true }
            i += 1
        }
        return false
    }

    /// `text` with each `_xHHHH_` escape replaced by its character (a UTF-16 surrogate pair written as
    /// two escapes becomes one character; an escape of anything else that is not a character is kept).
    static func unescaped(_ text: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if let unit = escape(text, at: i) {
                var scalar = Unicode.Scalar(unit)
                var length = 7
                if (0xD800..<0xDC00).contains(unit), let low = escape(text, at: i + 7), (0xDC00..<0xE000).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                    length = 14
                }
                if let scalar {
                    out.append(contentsOf: String(Character(scalar)).utf8)
                    i += length
                    continue
                }
            }
            out.append(text[i])
            i += 1
        }
        return out
    }

    /// The UTF-16 unit of an escape `_xHHHH_` at `i`, if one is there.
    private static func escape(_ text: UnsafeRawBufferPointer, at i: Int) -> UInt16? {
        guard i + 7 <= text.count, text[i] == UInt8(ascii: "_"), text[i + 1] == UInt8(ascii: "x"), text[i + 6] == UInt8(ascii: "_") else {
            return nil
        }
        var unit: UInt16 = 0
        for k in 2..<6 {
            let b = text[i + k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Appends `text` (decoded) to `out` as one CSV field: as it is when it holds no comma, quote or
    /// line break; quoted, with quotes doubled, when it holds a comma or a quote; each line break one
    /// space.
    @inline(__always) static func appendField(_ text: UnsafeRawBufferPointer, to out: GrowingBytes) {
        var special = false
        for b in text where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D || b == 0 {
            special = true
            break
        }
        guard special else { return out.append(text) }
        let quoted = text.contains(UInt8(ascii: ",")) || text.contains(UInt8(ascii: "\""))
        if quoted { out.append(UInt8(ascii: "\"")) }
        var i = 0
        while i < text.count {
            let b = text[i]
            switch b {
            case UInt8(ascii: "\""):
                out.append(b)
                out.append(b)
            case 0x0D:
                out.append(UInt8(ascii: " "))
                if i + 1 < text.count, text[i + 1] == 0x0A { i += 1 }
            case 0x0A: out.append(UInt8(ascii: " "))
            case 0:
                // A zero byte would make the CSV reader take the whole sheet for binary data.
                out.append(0xEF)
                out.append(0xBF)
                out.append(0xBD)
            default: out.append(b)
            }
            i += 1
        }
        if quoted { out.append(UInt8(ascii: "\"")) }
    }

    /// Appends text as written in the XML to `out` as one CSV field, with entities and `_xHHHH_`
    /// escapes undone.
    static func appendField(xml raw: UnsafeRawBufferPointer, to out: GrowingBytes) {
        if !raw.contains(UInt8(ascii: "&")), !hasEscapes(raw) { return appendField(raw, to: out) }
        var decoded: [UInt8] = []
        appendXML(raw, to: &decoded)
        appendField(decoded: decoded, to: out)
    }

    /// Appends decoded character data (`_xHHHH_` escapes not yet undone) as one CSV field.
    static func appendField(decoded: [UInt8], to out: GrowingBytes) {
        decoded.withUnsafeBytes { text in
            if hasEscapes(text) {
                unescaped(text).withUnsafeBytes { appendField($0, to: out) }
            } else {
                appendField(text, to: out)
            }
        }
    }
}
