import Testing

@testable import SendCheckCore

/// The join's table of references (a small type that reads through buffer pointers, with its own tests).
@Suite("Reference table")
struct ReferenceTableTests {
    static func bytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    @Test("numbers are dense, in the order first met; a reference met again keeps its number")
    func numbering() {
        var table = ReferenceTable()
        #expect(Self.bytes("K1") { table.intern($0) } == (0, true))
        #expect(Self.bytes("K2") { table.intern($0) } == (1, true))
        #expect(Self.bytes("K1") { table.intern($0) } == (0, false))
        #expect(Self.bytes("") { table.intern($0) } == (2, true))
        #expect(table.count == 3)
        #expect(table.string(1) == "K2")
        #expect(Self.bytes("K3") { table.find($0) } == nil)
        // Bytes, not text: a reference differing only in case is another child.
        #expect(Self.bytes("k1") { table.find($0) } == nil)
    }

    @Test("the table grows past its first size and agrees with a dictionary on every reference, found or not")
    func agreesWithADictionary() {
        var table = ReferenceTable()
        var dictionary: [String: Int32] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<60_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            // Short references with many near-duplicates, as exports have.
            let reference = "S\(state % 40_000)" + (state % 3 == 0 ? "é" : "")
            let expected = dictionary[reference]
            let (number, added) = Self.bytes(reference) { table.intern($0) }
            #expect(added == (expected == nil))
            if let expected { #expect(number == expected) } else { dictionary[reference] = number }
        }
        #expect(table.count == dictionary.count)
        for (reference, number) in dictionary {
            #expect(Self.bytes(reference) { table.find($0) } == number)
            #expect(table.string(number) == reference)
        }
        #expect(Self.bytes("S40000") { table.find($0) } == nil)
        #expect(Self.bytes(String(repeating: "x", count: 300)) { table.find($0) } == nil)
    }
}
