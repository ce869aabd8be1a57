import SendCheckCore
import Testing

/// The ZIP directory reader checks every offset and size against the archive's length.
@Suite("ZIP directory")
struct ZIPDirectoryTests {
    static func read(_ bytes: [UInt8]) -> Result<ZIPDirectory, ZIPDirectory.Failure> { bytes.withUnsafeBytes { ZIPDirectory.read($0) } }

    /// An archive with one stored entry `name` holding `body`, as bytes.
    static func archive(_ name: String = "a.txt", _ body: [UInt8] = Array("hello".utf8)) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        let n = Array(name.utf8)
        let local =
            [0x50, 0x4B, 0x03, 0x04] + u16(20) + u16(0) + u16(0) + u32(0) + u32(0) + u32(body.count) + u32(body.count) + u16(n.count) + u16(0) + n
            + body
        let central =
            [0x50, 0x4B, 0x01, 0x02] + u16(20) + u16(20) + u16(0) + u16(0) + u32(0) + u32(0) + u32(body.count) + u32(body.count) + u16(n.count)
            + u16(0)
            + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + n
        let end = [0x50, 0x4B, 0x05, 0x06] + u16(0) + u16(0) + u16(1) + u16(1) + u32(central.count) + u32(local.count) + u16(0)
        return local + central + end
    }

    @Test("an entry's name, sizes and data")
    func entry() throws {
        let bytes = Self.archive()
        let directory = try Self.read(bytes).get()
        let entry = try #require(directory.entry("a.txt"))
        #expect(entry.method == 0 && !entry.encrypted && entry.compressedSize == 5 && entry.uncompressedSize == 5)
        let range = try bytes.withUnsafeBytes { try ZIPDirectory.dataRange(of: entry, in: $0).get() }
        #expect(Array(bytes[range]) == Array("hello".utf8))
        #expect(directory.entry("b.txt") == nil)
    }

    @Test("every cut of an archive is a reason, never a read beyond its end")
    func everyCut() {
        let bytes = Self.archive()
        for length in 0..<bytes.count {
            let cut = Array(bytes.prefix(length))
            if case .success(let directory) = Self.read(cut), let entry = directory.entry("a.txt") {
                _ = cut.withUnsafeBytes { ZIPDirectory.dataRange(of: entry, in: $0) }
            }
        }
        #expect(throws: ZIPDirectory.Failure.self) { try Self.read(Array(bytes.prefix(bytes.count - 1))).get() }
    }

    @Test("offsets and counts that point outside the archive are reasons")
    func lies() {
        var bytes = Self.archive()
        let end = bytes.count - 22
        var beyond = bytes
        beyond[end + 16] = 0xFF  // the directory's offset
        #expect(Self.describe(beyond) == "its directory lies beyond the end of the file")
        var many = bytes
        many[end + 10] = 0xFF
        many[end + 11] = 0xFE  // 65,279 entries in a directory of one
        #expect(Self.describe(many) == "its directory is damaged")
        var local = bytes
        let central = end - 46 - 5
        local[central + 42] = 0x40  // the local header's offset
        let entry = try? Self.read(local).get().entry("a.txt")
        #expect(entry.map { e in local.withUnsafeBytes { ZIPDirectory.dataRange(of: e, in: $0) } } != nil)
        if let e = entry, case .failure(let failure) = local.withUnsafeBytes({ ZIPDirectory.dataRange(of: e, in: $0) }) {
            #expect(failure.message == "the entry a.txt is missing from where the directory says it is")
        } else {
            Issue.record("a local header out of place was read")
        }
        bytes[end + 4] = 1  // a second disk
        #expect(Self.describe(bytes) == "it is split over several disks")
    }

    static func describe(_ bytes: [UInt8]) -> String {
        switch read(bytes) {
        case .success: return "read"
        case .failure(let failure): return failure.message
        }
    }
}
