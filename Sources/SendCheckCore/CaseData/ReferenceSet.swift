/// The subject references seen so far in one file, to reject a repeated row. Open addressing over
/// 64-bit hashes of the reference's bytes, each slot holding the hash and where the bytes are; a
/// matching hash is confirmed by comparing the bytes, so a collision can never reject a row by mistake.
struct ReferenceSet {
    /// slots[2i] = hash (0 = empty), slots[2i+1] = start << 16 | length.
    private var slots: [UInt64]
    private var count = 0
    private var mask: Int

    init(expected: Int) {
        var capacity = 1024
        while capacity * 3 < expected * 4 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity * 2)
        mask = capacity - 1
    }

    /// Inserts the reference at `start..<end` of `bytes`; returns the start of an equal one already seen.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> Int? {
        let length = end - start
        guard length < 1 << 16, let base = bytes.baseAddress else { return nil }
        let h = Value.textHash(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) | 1
        let found: Int? = slots.withUnsafeMutableBufferPointer { s in
            var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while s[2 * i] != 0 {
                if s[2 * i] == h {
                    let place = Int(s[2 * i + 1])
                    let other = place >> 16
                    if place & 0xFFFF == length, Self.equal(base + other, base + start, length) { return other }
                }
                i = (i + 1) & mask
            }
            s[2 * i] = h
            s[2 * i + 1] = UInt64(start << 16 | length)
            return nil
        }
        if found != nil { return found }
        count += 1
        if count * 4 > mask * 3 { grow() }
        return nil
    }

    /// Whether a reference stored here is also stored in `other` (both over the same bytes).
    func anyShared(with other: ReferenceSet, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        for j in stride(from: 0, to: slots.count, by: 2) where slots[j] != 0 {
            let h = slots[j]
            let place = Int(slots[j + 1])
            if other.contains(hash: h, start: place >> 16, length: place & 0xFFFF, base: base) { return true }
        }
        return false
    }

    private func contains(hash h: UInt64, start: Int, length: Int, base: UnsafeRawPointer) -> Bool {
        var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[2 * i] != 0 {
            if slots[2 * i] == h {
                let place = Int(slots[2 * i + 1])
                if place & 0xFFFF == length, Self.equal(base + (place >> 16), base + start, length) { return true }
            }
            i = (i + 1) & mask
        }
        return false
    }

    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        for i in 0..<n where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        return true
    }

    private mutating func grow() {
        let old = slots
        let capacity = (mask + 1) * 2
        slots = [UInt64](repeating: 0, count: capacity * 2)
        mask = capacity - 1
        for j in stride(from: 0, to: old.count, by: 2) where old[j] != 0 {
            let h = old[j]
            var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while slots[2 * i] != 0 { i = (i + 1) & mask }
            slots[2 * i] = h
            slots[2 * i + 1] = old[j + 1]
        }
    }
}
