import SendCheckCore
import Testing

@Suite("Radix sort")
struct RadixSortTests {
    /// Pairs of (key, place): keys drawn from `distinct` values spread over the bytes `spread`
    /// names, so there are ties and bytes every key shares.
    static func pairs(count: Int, distinct: Int, spread: [Int], seed: UInt64) -> [(key: UInt64, place: Int)] {
        var x = seed | 1
        return (0..<count).map { place in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            let n = x % UInt64(distinct)
            var key: UInt64 = 0x5000_0000_0000_0000
            for (i, byte) in spread.enumerated() { key |= ((n >> UInt64(8 * i)) & 0xFF) << UInt64(8 * byte) }
            return (key, place)
        }
    }

    /// The first place two lists differ, described (nil: they are the same).
    static func difference(_ a: [(key: UInt64, place: Int)], _ b: [(key: UInt64, place: Int)]) -> String? {
        guard a.count == b.count else { return "\(a.count) elements, not \(b.count)" }
        guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
        return "at \(i): \(a[i]), expected \(b[i])"
    }

    @Test(
        "sorts by key and keeps the input order of equal keys, whichever bytes vary",
        arguments: [(0, [0]), (1, [0]), (600, [0]), (5000, [7, 0]), (5000, [3, 5, 6]), (20_000, [0, 1, 2, 3, 4, 5, 6, 7])])
    func stable(count: Int, spread: [Int]) {
        var pairs = Self.pairs(count: count, distinct: 700, spread: spread, seed: UInt64(count + spread.count))
        let expected = pairs.sorted { ($0.key, $0.place) < ($1.key, $1.place) }
        RadixSort.sort(&pairs) { $0.key }
        // Equal keys must keep their input order.
        #expect(Self.difference(pairs, expected) == nil)
    }

    @Test("runs of one key are put in the full order, and nothing else moves")
    func runs() {
        var pairs = Self.pairs(count: 5000, distinct: 300, spread: [2, 0], seed: 11)
        // The full order: key, then place from the highest.
        let expected = pairs.sorted { $0.key != $1.key ? $0.key < $1.key : $0.place > $1.place }
        RadixSort.sort(&pairs) { $0.key }
        RadixSort.sortRuns(&pairs, key: { $0.key }, by: { $0.key != $1.key ? $0.key < $1.key : $0.place > $1.place })
        #expect(Self.difference(pairs, expected) == nil)
    }
}
