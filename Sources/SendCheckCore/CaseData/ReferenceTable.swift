/// Subject references from any number of files, each given a dense number (0, 1, 2, ...) in the
/// order first met, so rows about one child in several exports can be gathered under one number.
///
/// The references' bytes are copied into one arena; an open-addressing table over 64-bit hashes
/// finds a reference's number, confirming a matching hash by comparing the bytes (a collision never
/// joins two children). Once built, `find` only reads, so threads may look up at the same time.
struct ReferenceTable: Sendable {
    /// Every reference's bytes, one after another.
    private var arena: [UInt8] = []
    /// Per number: where its bytes start in `arena`, and how many there are.
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Number + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var mask: Int

    init(expected: Int = 1024) {
        var size = 1024
        while size < expected * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// How many references are known.
    var count: Int { starts.count }

    /// The number of a reference, adding it when new; `added` says whether it was.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (number: Int32, added: Bool) {
        let hash = Self.hash(bytes)
        if let found = find(bytes, hash: hash) { return (found, false) }
        let number = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(Int32(bytes.count))
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        if starts.count * 2 > slots.count { grow() } else { place(number, hash: hash) }
        return (number, true)
    }

    /// The number of a reference, if known.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int32? { find(bytes, hash: Self.hash(bytes)) }

    /// The reference of a number, as text.
    func string(_ number: Int32) -> String {
        let i = Int(number)
        return arena.withUnsafeBufferPointer { a in
            String(decoding: UnsafeBufferPointer(rebasing: a[starts[i]..<starts[i] + Int(lengths[i])]), as: UTF8.self)
        }
    }

    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[i]
            if entry == 0 { return nil }
            let n = Int(entry - 1)
            if hashes[n] == hash, Int(lengths[n]) == bytes.count, equal(n, bytes) { return entry - 1 }
            i = (i + 1) & mask
        }
    }

    private func equal(_ n: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBufferPointer { a in
            let start = starts[n]
            for k in 0..<bytes.count where a[start + k] != bytes[k] { return false }
            return true
        }
    }

    private mutating func place(_ number: Int32, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = number + 1
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for n in 0..<starts.count { place(Int32(n), hash: hashes[n]) }
    }

    /// FNV-1a over the bytes, mixed at the end so that the low bits (the slot) depend on them all.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h == 0 ? 1 : h
    }
}
