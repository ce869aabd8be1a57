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

    /// Whether any reference is stored in two of `sets` (all over the same bytes; none repeats its own).
    ///
    /// Sets read from consecutive parts of a file in reference order follow one another: each one's
    /// first reference comes after the previous one's last, and nothing can repeat. Otherwise every
    /// reference goes into one set, which finds a repeat as a single sequential read would.
    static func anyShared(_ sets: [ReferenceSet], in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var previous: UInt64?
        var chained = true
        for set in sets where !set.isEmpty {
            guard set.inOrder, let first = set.ordered.first, let last = set.ordered.last else {
                chained = false
                break
            }
            if let previous, compare(base, previous, first) >= 0 {
                chained = false
                break
            }
            previous = last
        }
        if chained { return false }
        var all = ReferenceSet(expected: sets.reduce(0) { $0 + $1.storedCount })
        for set in sets {
            if set.inOrder {
                for place in set.ordered where all.insert(base, place) != nil { return true }
            } else {
                for j in stride(from: 0, to: set.slots.count, by: 2) where set.slots[j] != 0 {
                    if all.insert(base, set.slots[j + 1]) != nil { return true }
                }
            }
        }
        return false
    }

    private var isEmpty: Bool { inOrder ? ordered.isEmpty : count == 0 }
    private var storedCount: Int { inOrder ? ordered.count : count }

    private mutating func insert(_ base: UnsafeRawPointer, _ place: UInt64) -> Int? {
        let (start, length) = Self.split(place)
        return insert(UnsafeRawBufferPointer(start: base, count: start + length), start: start, end: start + length)
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
