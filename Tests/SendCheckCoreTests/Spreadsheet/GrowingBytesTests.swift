import SendCheckCore
import Testing

/// The growing buffer behind a sheet's CSV: raw storage with word-sized copies for small pieces.
@Suite("Growing bytes")
struct GrowingBytesTests {
    @Test("pieces of every small length, and long ones, arrive whole and in order across growth")
    func pieces() {
        let out = GrowingBytes(capacity: 1)
        var expected: [UInt8] = []
        for length in 0...40 {
            let piece = (0..<length).map { UInt8(truncatingIfNeeded: length &* 31 &+ $0) }
            piece.withUnsafeBytes { out.append($0) }
            expected += piece
        }
        let long = [UInt8](repeating: 7, count: 100_000)
        out.append(long)
        expected += long
        #expect(out.count == expected.count)
        #expect(out.bytes == expected)
        #expect(out[3] == expected[3])
        out.withUnsafeBytes { #expect(Array($0) == expected) }
    }

    @Test("single bytes, repeats, static text and truncation")
    func shapes() {
        let out = GrowingBytes(capacity: 2)
        out.append(UInt8(ascii: "a"))
        out.append(UInt8(ascii: ","), times: 5)
        out.append(UInt8(ascii: ","), times: 0)
        out.append(UInt8(ascii: ","), times: -3)
        out.append("TRUE")
        #expect(String(decoding: out.bytes, as: UTF8.self) == "a,,,,,TRUE")
        out.truncate(to: 1)
        out.append(0x0A, times: 70_000)
        #expect(out.count == 70_001)
        #expect(out.bytes.dropFirst().allSatisfy { $0 == 0x0A })
        let empty = GrowingBytes()
        empty.append([])
        #expect(empty.bytes.isEmpty)
    }
}
