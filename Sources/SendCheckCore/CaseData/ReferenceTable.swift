/// Subject references from any number of files, each given a dense number (0, 1, 2, ...) in the
/// order first met, so rows about one child in several exports can be gathered under one number.
///
/// The references' bytes are copied into one arena. An open-addressing table finds a reference's
/// number: each slot packs 32 bits of the reference's hash with its number, so a probe that cannot
/// match is told apart without leaving the table, and a match is confirmed by comparing the bytes (a
/// collision never joins two children). Every row of a national export asks, so the table is read
/// through buffer pointers. Once built, `find` only reads: threads may look up at the same time.
struct ReferenceTable: Sendable {
    /// Every reference's bytes, one after another.
    private var arena: [UInt8] = []
    /// Per number: where its bytes start in `arena` (high bits) and how many there are (low 8 bits).
    private var places: [UInt64] = []
    /// Per slot: the hash's high 32 bits, then the number + 1 (0: empty).
    private var slots: [UInt64]
    private var mask: Int

    /// The longest reference, in bytes (the readers reject longer ones).
    static let maximumLength = 255

    init(expected: Int = 1024) {
        var size = 1024
        while size < expected * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// How many references are known.
    var count: Int { places.count }

    /// The number of a reference, adding it when new; `added` says whether it was. A reference longer
    /// than `maximumLength` is cut to that length.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (number: Int32, added: Bool) {
        let key = bytes.count > Self.maximumLength ? UnsafeRawBufferPointer(rebasing: bytes[0..<Self.maximumLength]) : bytes
        let hash = Self.hash(key)
        if let found = find(key, hash: hash) { return (found, false) }
        let number = Int32(places.count)
        places.append(UInt64(arena.count) << 8 | UInt64(key.count))
        arena.append(contentsOf: key)
        if places.count * 2 > slots.count { grow() } else { place(number, hash: hash) }
        return (number, true)
    }

    /// The number of a reference, if known.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard bytes.count <= Self.maximumLength else { return nil }
        return find(bytes, hash: Self.hash(bytes))
    }

    /// Calls `body` with the bytes of a number's reference.
    func withBytes<R>(of number: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let place = places[Int(number)]
        let (start, length) = (Int(place >> 8), Int(place & 0xFF))
        return arena.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<start + length])) }
    }

    /// The reference of a number, as text.
    func string(_ number: Int32) -> String {
        let place = places[Int(number)]
        let (start, length) = (Int(place >> 8), Int(place & 0xFF))
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self) }
    }

    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        let tag = hash >> 32
        return slots.withUnsafeBufferPointer { slots in
            places.withUnsafeBufferPointer { places in
                arena.withUnsafeBytes { arena in
                    var i = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[i]
                        if entry == 0 { return nil }
                        if entry >> 32 == tag {
                            let n = Int(entry & 0xFFFF_FFFF) - 1
                            let place = places[n]
                            let (start, length) = (Int(place >> 8), Int(place & 0xFF))
                            if length == bytes.count, bytes.elementsEqual(UnsafeRawBufferPointer(rebasing: arena[start..<start + length])) {
                                return Int32(n)
                            }
                        }
                        i = (i + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func place(_ number: Int32, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (hash >> 32) << 32 | UInt64(number + 1)
    }

    /// Doubles the table, placing every reference again by its hash (worked out from its bytes).
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for n in 0..<places.count {
            let (start, length) = (Int(places[n] >> 8), Int(places[n] & 0xFF))
            let hash = arena.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[start..<start + length])) }
            place(Int32(n), hash: hash)
        }
    }

    /// FNV-1a over the bytes, mixed at the end so that every bit (the slot's low bits, the tag's
    /// high ones) depends on them all.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
