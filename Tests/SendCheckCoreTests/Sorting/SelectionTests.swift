import SendCheckCore
import Testing

/// Selection keeps exactly what sorting and taking a prefix would keep.
@Suite("Selection of the smallest")
struct SelectionTests {
    /// A small deterministic generator (the tests must not depend on the system's randomness).
    struct Mix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("equals sort-and-prefix for random lists, many ties, sorted and reversed input", arguments: [1, 2, 3, 4] as [UInt64])
    func matchesSorting(seed: UInt64) {
        var mix = Mix(state: seed)
        for round in 0..<400 {
            let n = mix.next(300)
            let range = round % 3 == 0 ? 5 : 1000  // every third list is mostly ties
            var items = (0..<n).map { _ in mix.next(range) }
            if round % 7 == 0 { items.sort() }
            if round % 11 == 0 { items.sort(by: >) }
            let k = mix.next(n + 3)
            var kept = items
            let largest = Selection.keepSmallest(&kept, k, by: <)
            let expected = Array(items.sorted().prefix(k))
            #expect(kept.sorted() == expected, "n \(n), k \(k)")
            #expect(largest == expected.last, "n \(n), k \(k)")
        }
    }

    @Test("keeps whole records, not just keys: ties on the key keep the right count")
    func records() {
        var items = (0..<1000).map { (key: $0 % 10, id: $0) }
        let largest = Selection.keepSmallest(&items, 250, by: { $0.key < $1.key })
        #expect(items.count == 250)
        #expect(items.filter { $0.key <= 1 }.count == 200)
        #expect(items.filter { $0.key == 2 }.count == 50)
        #expect(largest?.key == 2)
        var none = [1, 2, 3]
        #expect(Selection.keepSmallest(&none, 0, by: <) == nil)
        #expect(none.isEmpty)
    }
}
