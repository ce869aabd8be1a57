/// Gives 64-bit text hashes (`Value.textHash`, the identity of a team or caseworker cell) dense
/// numbers 0, 1, 2, ... in the order first inserted, by open addressing with linear probing.
///
/// `Dictionary<UInt64, Int>` hashes its keys again with SipHash on every lookup; with 200,000 teams
/// (a mapping that puts a reference in `team`) the board report spent a fifth of its time in
/// dictionaries of hashes, much of it merging the parts of a parallel read on one core. The keys are
/// already hashes, so a slot is chosen by multiplying the key by 2^64/phi and taking the high bits
/// (FNV-1a's low bits alone are weak). Each slot packs the key's high 32 bits with its number + 1
/// (0: empty), so a probe that cannot match is told apart without reading the keys, which are kept
/// once, by number. At most three slots in four are used, as in `Dictionary`: probes are short and
/// mostly within one cache line.
public struct HashIndex: Sendable {
    private var slots = [UInt64](repeating: 0, count: 16)
    /// 64 minus log2 of the number of slots.
    private var shift: UInt64 = 60
    /// Each number's key.
    public private(set) var keys: [UInt64] = []

    public init() {}

    /// How many keys are held (and the number the next new key gets).
    public var count: Int { keys.count }

    @inline(__always) private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }
    @inline(__always) private static func tag(_ key: UInt64) -> UInt64 { key & 0xFFFF_FFFF_0000_0000 }

    /// The number of a key, if held.
    public func find(_ key: UInt64) -> Int32? { probe(key).number }

    /// The number of a key, the next number when new; `added` says whether it was.
    public mutating func insert(_ key: UInt64) -> (number: Int32, added: Bool) {
        if (keys.count + 1) * 4 > slots.count * 3 { grow(to: slots.count * 2) }
        let (slot, found) = probe(key)
        if let found { return (found, false) }
        precondition(keys.count < Int(Int32.max), "a HashIndex holds fewer than 2^31 keys")
        keys.append(key)
        slots[slot] = Self.tag(key) | UInt64(keys.count)
        return (Int32(keys.count - 1), true)
    }

    /// The slot that holds `key` and its number, or the empty slot where it would go.
    @inline(__always) private func probe(_ key: UInt64) -> (slot: Int, number: Int32?) {
        let (mask, tag) = (slots.count - 1, Self.tag(key))
        var i = home(key)
        while slots[i] != 0 {
            if Self.tag(slots[i]) == tag {
                let number = Int(slots[i] & 0xFFFF_FFFF) - 1
                if keys[number] == key { return (i, Int32(number)) }
            }
            i = (i + 1) & mask
        }
        return (i, nil)
    }

    /// Makes room for `capacity` keys in all, so that inserting up to that many never rehashes.
    public mutating func reserveCapacity(_ capacity: Int) {
        var size = slots.count
        while size * 3 < capacity * 4 { size *= 2 }
        if size > slots.count { grow(to: size) }
        if capacity > keys.capacity { keys.reserveCapacity(max(capacity, keys.capacity * 2)) }
    }

    private mutating func grow(to size: Int) {
        slots = [UInt64](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        for (n, key) in keys.enumerated() {
            var i = home(key)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Self.tag(key) | UInt64(n + 1)
        }
    }
}
