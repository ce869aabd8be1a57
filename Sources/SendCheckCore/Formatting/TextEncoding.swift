/// Tells a file in an encoding sendcheck does not read (UTF-16, UTF-32) from UTF-8, by its byte-order
/// mark or the zero bytes of its first characters, and finds where UTF-8 text goes wrong, so the
/// error names the real problem rather than a missing column.
public enum TextEncoding {
    /// The name of the encoding when the bytes are not UTF-8 text, else nil.
    public static func unsupported(_ bytes: ArraySlice<UInt8>) -> String? {
        let b = Array(bytes.prefix(4))
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return "UTF-32 (little-endian)" }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return "UTF-32 (big-endian)" }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return "UTF-16 (little-endian)" }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return "UTF-16 (big-endian)" }
        // No mark: text of ASCII characters in UTF-16 has a zero in every other byte.
        let head = bytes.prefix(64)
        if head.count >= 4 {
            let zeros = head.count { $0 == 0 }
            if zeros * 4 >= head.count {
                let evenZeros = head.enumerated().count { $0.offset % 2 == 0 && $0.element == 0 }
                return evenZeros * 2 > zeros ? "UTF-16 (big-endian)" : "UTF-16 (little-endian)"
            }
        }
        return nil
    }

    /// Why the start of a data file (CSV or XML) is not text sendcheck reads, if it is not: another
    /// encoding, a spreadsheet or other binary file, or lines ended by a carriage return alone.
    public static func problem(_ bytes: UnsafeRawBufferPointer, csv: Bool) -> String? {
        let head = Array(bytes.prefix(65_536))
        // Spreadsheets first: an .xls file has zero bytes in its header that would look like UTF-16.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return csv
                ? "this is a ZIP file (an Excel .xlsx workbook?), not CSV: name it with .xlsx to read it as a workbook, or save it as CSV UTF-8"
                : "this is a ZIP file (an Excel .xlsx workbook?), not XML: save it as XML"
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "this is an old Excel or Office file (.xls), not \(csv ? "CSV" : "XML"): save it as \(csv ? "CSV UTF-8" : "XML")"
        }
        if let encoding = unsupported(head[...]) {
            return "the file is \(encoding), not UTF-8: save it as UTF-8 (\(csv ? "CSV UTF-8" : "XML in UTF-8"))"
        }
        if head.contains(0) {
            return "the file holds zero bytes, which text never does: it is not \(csv ? "CSV" : "XML") text (is it a binary file?)"
        }
        if csv, head.contains(0x0D), !head.contains(0x0A) {
            return "the lines end with a carriage return alone (as old Mac files do): save it with LF or CRLF line endings"
        }
        return nil
    }

    /// The 1-based line and column (in bytes) of the first byte that is not valid UTF-8.
    public static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            if length == 0 { return (line, i - lineStart + 1) }
            i += length
        }
        return (line, i - lineStart + 1)
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one.
    public static func sequenceLength<C: Collection>(_ bytes: C, at i: C.Index) -> Int where C.Element == UInt8 {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        let need: Int
        let minimum: UInt32
        var scalar: UInt32
        switch b0 {
        case 0xC2...0xDF: (need, minimum, scalar) = (1, 0x80, UInt32(b0 & 0x1F))
        case 0xE0...0xEF: (need, minimum, scalar) = (2, 0x800, UInt32(b0 & 0x0F))
        case 0xF0...0xF4: (need, minimum, scalar) = (3, 0x10000, UInt32(b0 & 0x07))
        default: return 0
        }
        var j = bytes.index(after: i)
        for _ in 0..<need {
            guard j < bytes.endIndex, bytes[j] & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(bytes[j] & 0x3F)
            j = bytes.index(after: j)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return need + 1
    }

    /// Whether raw bytes are valid UTF-8 (the fast path: ASCII).
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let n = sequenceLength(bytes, at: i)
            if n == 0 { return false }
            i += n
        }
        return true
    }
}
