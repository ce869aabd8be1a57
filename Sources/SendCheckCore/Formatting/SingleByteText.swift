/// Text in a single-byte encoding (Windows-1252, which Excel's "CSV (Comma delimited)" writes on
/// English Windows, or ISO-8859-1), turned into UTF-8, and the first bytes of a file that are not
/// UTF-8 found quickly.
public enum SingleByteText {
    /// Windows-1252's characters for bytes 0x80-0x9F (where it differs from ISO-8859-1). The five
    /// bytes it leaves undefined map to the C1 control of the same number, as browsers read them.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar of one byte in `encoding`.
    @inline(__always)
    static func scalar(_ b: UInt8, _ encoding: SourceEncoding) -> UInt32 {
        if encoding == .windows1252, b >= 0x80, b <= 0x9F { return UInt32(windows1252High[Int(b - 0x80)]) }
        return UInt32(b)
    }

    /// The bytes as UTF-8 (a byte-order mark for UTF-8 is not added; ASCII passes through unchanged).
    public static func utf8(_ bytes: UnsafeRawBufferPointer, from encoding: SourceEncoding) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let s = scalar(b, encoding)
            if s < 0x800 {
                out.append(UInt8(0xC0 | s >> 6))
                out.append(UInt8(0x80 | s & 0x3F))
            } else {
                out.append(UInt8(0xE0 | s >> 12))
                out.append(UInt8(0x80 | (s >> 6) & 0x3F))
                out.append(UInt8(0x80 | s & 0x3F))
            }
        }
        return out
    }

    /// One byte's character in `encoding`, as a string.
    public static func character(_ b: UInt8, _ encoding: SourceEncoding) -> String {
        Unicode.Scalar(scalar(b, encoding)).map { String(Character($0)) } ?? "?"
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil when all are: eight bytes
    /// at a time while they are ASCII (a national export is almost all ASCII).
    public static func firstNonUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var i = 0
        while i < count {
            while i + 8 <= count, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < count else { return nil }
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let n = TextEncoding.sequenceLength(bytes, at: i)
            if n == 0 { return i }
            i += n
        }
        return nil
    }
}
