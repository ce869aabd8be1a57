import Testing

@testable import SendCheckCore

/// The table of label hashes (a small type on the report's hot path, with its own tests), and the
/// label texts kept through it.
@Suite("Hash index and label table")
struct HashIndexTests {
    @Test("numbers are dense, in the order first inserted; a key met again keeps its number; zero is a key like any other")
    func numbering() {
        var index = HashIndex()
        #expect(index.insert(42) == (0, true))
        #expect(index.insert(0) == (1, true))
        #expect(index.insert(42) == (0, false))
        #expect(index.insert(UInt64.max) == (2, true))
        #expect(index.count == 3 && index.keys == [42, 0, UInt64.max])
        #expect(index.find(0) == 1 && index.find(UInt64.max) == 2 && index.find(7) == nil)
    }

    @Test("keys that share their high or low 32 bits are told apart, through growth and a reserved capacity")
    func sharedBits() {
        var index = HashIndex()
        let high: [UInt64] = (0..<3000).map { 0xABCD_0123_0000_0000 | $0 }
        let low: [UInt64] = (0..<3000).map { UInt64($0) << 32 | 0x5555 }
        for (n, key) in (high + low).enumerated() { #expect(index.insert(key) == (Int32(n), true)) }
        index.reserveCapacity(100_000)
        for (n, key) in (high + low).enumerated() { #expect(index.find(key) == Int32(n)) }
        #expect(index.find(0xABCD_0123_0000_0000 | 3000) == nil && index.find(3000 << 32 | 0x5555) == nil)
        #expect(index.insert(7) == (6000, true))
    }

    @Test("the index agrees with a dictionary on random keys, found or not, as it grows")
    func agreesWithADictionary() {
        var index = HashIndex()
        var dictionary: [UInt64: Int32] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<50_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            // Many repeats: a team is met again and again.
            let key = Value.textHash(withBytes: "Team \(state % 20_000)")
            let expected = dictionary[key]
            let (number, added) = index.insert(key)
            #expect(added == (expected == nil))
            if let expected { #expect(number == expected) } else { dictionary[key] = number }
            #expect(index.find(key &+ 1) == dictionary[key &+ 1])
        }
        #expect(index.count == dictionary.count)
        for (key, number) in dictionary { #expect(index.find(key) == number) }
    }

    @Test("a label table keeps the first text of a hash, and a merge keeps the earlier table's")
    func labels() {
        var north = LabelTable()
        north.add(1, "North")
        var made = 0
        north.add(
            1,
            {
                made += 1; return "North again"
            }())
        #expect(north[1] == "North" && made == 0 && north.count == 1)
        let other: LabelTable = [1: "Other North", 2: "South"]
        let merged = LabelTable.merged([LabelTable(), north, other])
        #expect(merged[1] == "North" && merged[2] == "South" && merged[3] == nil && merged.values == ["North", "South"])
        // Equal whatever the order the labels were added in.
        #expect(merged == [2: "South", 1: "North"])
        #expect(merged != [2: "South", 1: "Other North"])
    }
}

extension Value {
    fileprivate static func textHash(withBytes text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { textHash(UnsafeRawBufferPointer($0)) }
    }
}
