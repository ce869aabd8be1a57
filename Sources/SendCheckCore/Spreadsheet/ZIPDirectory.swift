/// The table of contents of a ZIP archive (a workbook is one): each entry's name, compression,
/// checksum, sizes and where its data lies, read from the archive's bytes without decompressing
/// anything. ZIP64 archives (over 4 GiB, or over 65,535 entries) are read too; archives split over
/// several disks are not.
///
/// Every offset and size is checked against the archive's length, so a damaged or hostile archive
/// ends in a reason rather than a read out of bounds.
public struct ZIPDirectory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        /// 0 stored, 8 deflated; others are not read.
        public var method: UInt16
        /// Whether the entry is encrypted (general-purpose flag bit 0).
        public var encrypted: Bool
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var localHeaderOffset: Int
    }

    public private(set) var entries: [Entry]
    private var byPath: [String: Int]

    /// Why an archive cannot be read.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
    }

    init(entries: [Entry]) {
        self.entries = entries
        byPath = [:]
        for (i, e) in entries.enumerated() where byPath[e.path] == nil { byPath[e.path] = i }
    }

    /// The entry named `path` (the first, if several are).
    public func entry(_ path: String) -> Entry? { byPath[path].map { entries[$0] } }

    /// Reads the directory of the archive in `bytes`.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> Result<ZIPDirectory, Failure> {
        guard let end = endRecord(bytes) else {
            return .failure(Failure(message: "it has no ZIP end-of-archive record (the file is cut short, or not a ZIP archive)"))
        }
        var count = Int(u16(bytes, end + 10))
        var size = Int(u32(bytes, end + 12))
        var offset = Int(u32(bytes, end + 16))
        guard u16(bytes, end + 4) == 0 || u16(bytes, end + 4) == 0xFFFF else { return .failure(Failure(message: "it is split over several disks")) }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points to the real figures.
            let locator = end - 20
            guard locator >= 0, u32(bytes, locator) == 0x0706_4B50 else { return .failure(Failure(message: "its ZIP64 locator is missing")) }
            let record64 = u64(bytes, locator + 8)
            guard bytes.count >= 56, record64 <= UInt64(bytes.count - 56), u32(bytes, Int(record64)) == 0x0606_4B50 else {
                return .failure(Failure(message: "its ZIP64 end record is missing"))
            }
            let r = Int(record64)
            guard u64(bytes, r + 32) <= UInt64(Int32.max), u64(bytes, r + 40) <= UInt64(bytes.count), u64(bytes, r + 48) <= UInt64(bytes.count) else {
                return .failure(Failure(message: "its ZIP64 end record is damaged"))
            }
            count = Int(u64(bytes, r + 32))
            size = Int(u64(bytes, r + 40))
            offset = Int(u64(bytes, r + 48))
        }
        guard count <= SpreadsheetLimits.zipEntries else {
            return .failure(
                Failure(message: "it has \(count) entries; a workbook has a few dozen (at most \(SpreadsheetLimits.zipEntries) are read)"))
        }
        guard offset <= bytes.count, size <= bytes.count - offset else {
            return .failure(Failure(message: "its directory lies beyond the end of the file"))
        }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var p = offset
        let limit = offset + size
        for _ in 0..<count {
            guard p + 46 <= limit, u32(bytes, p) == 0x0201_4B50 else { return .failure(Failure(message: "its directory is damaged")) }
            let nameLength = Int(u16(bytes, p + 28))
            let extraLength = Int(u16(bytes, p + 30))
            let commentLength = Int(u16(bytes, p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= limit else { return .failure(Failure(message: "its directory is damaged")) }
            var entry = Entry(
                path: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(p + 46)..<(p + 46 + nameLength)]), as: UTF8.self),
                method: u16(bytes, p + 10), encrypted: u16(bytes, p + 8) & 1 != 0, crc32: u32(bytes, p + 16),
                compressedSize: Int(u32(bytes, p + 20)), uncompressedSize: Int(u32(bytes, p + 24)), localHeaderOffset: Int(u32(bytes, p + 42)))
            readZIP64(bytes, extra: (p + 46 + nameLength)..<(p + 46 + nameLength + extraLength), into: &entry)
            entries.append(entry)
            p = next
        }
        return .success(ZIPDirectory(entries: entries))
    }

    /// Where an entry's (compressed) data lies in the archive, from its local header.
    public static func dataRange(of entry: Entry, in bytes: UnsafeRawBufferPointer) -> Result<Range<Int>, Failure> {
        let p = entry.localHeaderOffset
        guard p >= 0, p <= bytes.count - 30, u32(bytes, p) == 0x0403_4B50 else {
            return .failure(Failure(message: "the entry \(entry.path) is missing from where the directory says it is"))
        }
        let start = p + 30 + Int(u16(bytes, p + 26)) + Int(u16(bytes, p + 28))
        guard entry.compressedSize >= 0, start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            return .failure(Failure(message: "the entry \(entry.path) runs beyond the end of the file (the file is cut short)"))
        }
        return .success(start..<(start + entry.compressedSize))
    }

    /// The ZIP64 sizes and offset in an entry's extra field, for those its directory record leaves at 0xFFFFFFFF.
    private static func readZIP64(_ bytes: UnsafeRawBufferPointer, extra: Range<Int>, into entry: inout Entry) {
        var p = extra.lowerBound
        while p + 4 <= extra.upperBound {
            let id = u16(bytes, p)
            let length = Int(u16(bytes, p + 2))
            let body = p + 4
            guard body + length <= extra.upperBound else { return }
            if id == 0x0001 {
                var q = body
                func next() -> Int? {
                    guard q + 8 <= body + length else { return nil }
                    defer { q += 8 }
                    let value = u64(bytes, q)
                    return value <= UInt64(Int.max) ? Int(value) : Int.max
                }
                if entry.uncompressedSize == 0xFFFF_FFFF, let v = next() { entry.uncompressedSize = v }
                if entry.compressedSize == 0xFFFF_FFFF, let v = next() { entry.compressedSize = v }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let v = next() { entry.localHeaderOffset = v }
                return
            }
            p = body + length
        }
    }

    /// The offset of the end-of-central-directory record: the last one in the final 64 KiB and 22 bytes.
    private static func endRecord(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var p = bytes.count - 22
        let stop = max(0, bytes.count - 22 - 65_535)
        while p >= stop {
            if u32(bytes, p) == 0x0605_4B50 { return p }
            p -= 1
        }
        return nil
    }

    @inline(__always) static func u16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }

    @inline(__always) static func u32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 { UInt32(u16(b, at)) | UInt32(u16(b, at + 2)) << 16 }

    @inline(__always) static func u64(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt64 { UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 }
}
