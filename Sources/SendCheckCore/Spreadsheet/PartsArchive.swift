/// A workbook held as its parts, already decompressed (the writer's output, or a test's), read
/// through the same path as an archive: a part is streamed in chunks of `chunkSize` bytes, so a test
/// can cut the XML anywhere.
public struct PartsArchive: WorkbookArchive, Sendable {
    public var parts: [String: [UInt8]]
    public var chunkSize: Int

    public init(_ parts: [String: [UInt8]], chunkSize: Int = 1 << 20) {
        self.parts = parts
        self.chunkSize = max(1, chunkSize)
    }

    /// The parts a `WorkbookWriter` makes.
    public init(_ writer: WorkbookWriter, chunkSize: Int = 1 << 20) {
        self.init(Dictionary(writer.parts().map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a }), chunkSize: chunkSize)
    }

    public var partNames: [String] { parts.keys.sorted() }

    public func part(_ name: String, limit: Int) throws(WorkbookProblem) -> [UInt8]? {
        guard let bytes = parts[name] else { return nil }
        guard bytes.count <= limit else { throw WorkbookProblem(file: "workbook", "\(name) is larger than \(limit) bytes") }
        return bytes
    }

    public func stream(_ name: String, limit: Int, into body: (UnsafeRawBufferPointer) throws(WorkbookProblem) -> Bool) throws(WorkbookProblem)
        -> Bool
    {
        guard let bytes = parts[name] else { return false }
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize)
            let more = try WorkbookProblem.reading(Array(bytes[start..<end])) { (chunk) throws(WorkbookProblem) in try body(chunk) }
            guard more else { break }
            start = end
        }
        return true
    }
}
