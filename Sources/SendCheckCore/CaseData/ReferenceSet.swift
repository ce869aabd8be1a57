/// The subject references seen so far in one file, to reject a repeated row.
///
/// Exports are usually in reference order, and while the references arrive strictly increasing no
/// new one can equal an earlier one: the set then only appends where each reference is, and compares
/// it with the last. The first reference out of order builds a hash table over everything seen, and
/// the set carries on in that mode (open addressing over 64-bit hashes of the reference's bytes, each
/// slot holding the hash and where the bytes are; a matching hash is confirmed by comparing the bytes,
/// so a collision can never reject a row by mistake). Both modes give the same answers.
struct ReferenceSet {
    /// Where each reference is while in order: start << 16 | length.
    private var ordered: [UInt64] = []
    private var inOrder = true
    /// slots[2i] = hash (0 = empty), slots[2i+1] = start << 16 | length. Empty while in order.
    private var slots: [UInt64] = []
    private var count = 0
    private var mask = 0
    private let expected: Int

    init(expected: Int) {
        self.expected = expected
        ordered.reserveCapacity(min(expected, 1 << 20))
    }

    /// Inserts the reference at `start..<end` of `bytes`; returns the start of an equal one already seen.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> Int? {
        let length = end - start
        guard length < 1 << 16, let base = bytes.baseAddress else { return nil }
        let place = UInt64(start << 16 | length)
        if inOrder {
            if let last = ordered.last, Self.compare(base, last, place) >= 0 {
                buildTable(base)
            } else {
                ordered.append(place)
                return nil
            }
        }
        return insertHashed(base, place)
    }

    /// Whether a reference stored here is also stored in `other` (both over the same bytes).
    func anyShared(with other: ReferenceSet, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        if inOrder, other.inOrder {
            // Two increasing runs: disjoint ranges share nothing; otherwise walk them together.
            guard let a0 = ordered.first, let a1 = ordered.last, let b0 = other.ordered.first, let b1 = other.ordered.last else { return false }
            if Self.compare(base, a1, b0) < 0 || Self.compare(base, b1, a0) < 0 { return false }
            var i = 0
            var j = 0
            while i < ordered.count, j < other.ordered.count {
                let c = Self.compare(base, ordered[i], other.ordered[j])
                if c == 0 { return true }
                if c < 0 { i += 1 } else { j += 1 }
            }
            return false
        }
        if inOrder { return ordered.contains { other.contains($0, base: base) } }
        for j in stride(from: 0, to: slots.count, by: 2) where slots[j] != 0 {
            if other.contains(slots[j + 1], base: base) { return true }
        }
        return false
    }

    private func contains(_ place: UInt64, base: UnsafeRawPointer) -> Bool {
        if inOrder {
            var low = 0
            var high = ordered.count
            while low < high {
                let mid = (low + high) / 2
                let c = Self.compare(base, ordered[mid], place)
                if c == 0 { return true }
                if c < 0 { low = mid + 1 } else { high = mid }
            }
            return false
        }
        let (start, length) = Self.split(place)
        let h = Self.hash(base, start, length)
        var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[2 * i] != 0 {
            if slots[2 * i] == h {
                let (other, otherLength) = Self.split(slots[2 * i + 1])
                if otherLength == length, Self.equal(base + other, base + start, length) { return true }
            }
            i = (i + 1) & mask
        }
        return false
    }

    /// Leaves the in-order mode: every reference seen so far goes into a hash table.
    private mutating func buildTable(_ base: UnsafeRawPointer) {
        var capacity = 1024
        while capacity * 3 < max(expected, ordered.count * 2) * 4 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity * 2)
        mask = capacity - 1
        inOrder = false
        let seen = ordered
        ordered = []
        for place in seen { _ = insertHashed(base, place) }
    }

    private mutating func insertHashed(_ base: UnsafeRawPointer, _ place: UInt64) -> Int? {
        let (start, length) = Self.split(place)
        let h = Self.hash(base, start, length)
        let mask = self.mask
        let found: Int? = slots.withUnsafeMutableBufferPointer { s in
            var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while s[2 * i] != 0 {
                if s[2 * i] == h {
                    let (other, otherLength) = Self.split(s[2 * i + 1])
                    if otherLength == length, Self.equal(base + other, base + start, length) { return other }
                }
                i = (i + 1) & mask
            }
            s[2 * i] = h
            s[2 * i + 1] = place
            return nil
        }
        if found != nil { return found }
        count += 1
        if count * 4 > mask * 3 { grow() }
        return nil
    }

    @inline(__always) private static func split(_ place: UInt64) -> (start: Int, length: Int) {
        (Int(place >> 16), Int(place & 0xFFFF))
    }

    @inline(__always) private static func hash(_ base: UnsafeRawPointer, _ start: Int, _ length: Int) -> UInt64 {
        Value.textHash(UnsafeRawBufferPointer(start: base + start, count: length)) | 1
    }

    /// Byte order of two stored references (shorter first on a common prefix): <0, 0 or >0.
    private static func compare(_ base: UnsafeRawPointer, _ a: UInt64, _ b: UInt64) -> Int {
        let (sa, la) = split(a)
        let (sb, lb) = split(b)
        for i in 0..<min(la, lb) {
            let x = base.load(fromByteOffset: sa + i, as: UInt8.self)
            let y = base.load(fromByteOffset: sb + i, as: UInt8.self)
            if x != y { return x < y ? -1 : 1 }
        }
        return la - lb
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
