import Foundation
import SendCheckCore
import Testing

@Suite("Output buffer")
struct OutputBufferTests {
    /// What `body` writes, as text.
    static func written(_ body: (OutputBuffer) -> Void) -> String {
        var bytes: [UInt8] = []
        let out = OutputBuffer(chunkSize: 16) { bytes += $0 }
        body(out)
        out.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(
        "a JSON string is quoted, and escaped only where JSON needs it",
        arguments: ["P0000d8dc6c1596d8-20211127", "", "Zoë-1", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "\u{1}"])
    func jsonString(text: String) throws {
        let json = Self.written { $0.writeJSON(text) }
        #expect(json == JSONText.string(text))
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
        #expect(decoded == [text])
    }
}
