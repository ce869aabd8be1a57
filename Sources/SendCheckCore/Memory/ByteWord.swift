/// Eight bytes at a time: which bytes of a 64-bit word equal a given byte. Used by the scans that
/// look for line breaks, quotes and '<' in large files.
enum ByteWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` that equals `byte`, exactly (no carries between bytes).
    @inline(__always) static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// The high bit of each byte of `word` below `limit` (at most 0x80), exactly.
    @inline(__always) static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        let t = (word & low7) &+ (ones &* UInt64(0x80 - limit))
        return ~(t | word) & ~low7
    }

    @inline(__always) static func contains(_ word: UInt64, _ byte: UInt8) -> Bool { matches(word, byte) != 0 }

    @inline(__always) static func count(_ word: UInt64, _ byte: UInt8) -> Int { bytes(in: matches(word, byte)) }

    /// How many bytes a mask from `matches` or `below` marks. A multiply, not `nonzeroBitCount`:
    /// the baseline x86-64 target has no population-count instruction, and the library's
    /// fallback is a dozen operations.
    @inline(__always) static func bytes(in mask: UInt64) -> Int { Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56) }
}
