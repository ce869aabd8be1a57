import SendCheckCore
import Testing

/// Selection keeps exactly what sorting and taking a prefix would keep.
@Suite("Selection of the smallest")
struct SelectionTests {
    @Test("equals sort-and-prefix for random lists, many ties, sorted and reversed input", arguments: [1, 2, 3, 4] as [UInt64])
    func matchesSorting(seed: UInt64) {
        var mix = SeededGenerator(seed: seed)
        for round in 0..<400 {
            let n = Int.random(in: 0..<300, using: &mix)
            let range = round % 3 == 0 ? 5 : 1000  // every third list is mostly ties
            var items = (0..<n).map { _ in Int.random(in: 0..<range, using: &mix) }
            if round % 7 == 0 { items.sort() }
            if round % 11 == 0 { items.sort(by: >) }
            let k = Int.random(in: 0..<n + 3, using: &mix)
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
