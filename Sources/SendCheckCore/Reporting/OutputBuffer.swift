/// A byte buffer that reporters write into and that hands full chunks to a sink, so a national-scale
/// report is streamed rather than built as one string. The sink is the caller's (stdout, a file, a test).
///
/// Raw storage with direct copies: a report appends many small pieces, and an array's per-append
/// checks cost more than the copying. A reference type, used by one writer at a time.
public final class OutputBuffer {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var count = 0
    private let chunkSize: Int
    private let sink: (UnsafeRawBufferPointer) -> Void

    /// `sink` is handed each chunk's bytes, valid only during the call (copy what must be kept).
    public init(chunkSize: Int = 1 << 20, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        capacity = min(chunkSize, 1 << 20) + 4096
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Hands what has been written to the sink.
    public func flush() {
        guard count > 0 else { return }
        sink(UnsafeRawBufferPointer(start: storage, count: count))
        count = 0
    }

    /// Raw bytes.
    @inline(__always) public func write(bytes raw: UnsafeRawBufferPointer) { append(raw) }

    @inline(__always) private func append(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0, let source = raw.baseAddress else { return }
        if count + n > capacity { grow(to: count + n) }
        (storage + count).copyMemory(from: source, byteCount: n)
        count += n
        if count >= chunkSize { flush() }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// Writes what `other` holds (and has not handed to its own sink), then empties `other`.
    func write(takingFrom other: OutputBuffer) {
        guard other.count > 0 else { return }
        if count + other.count > capacity {
            // Too large to gather: hand over what is here, then the other's bytes as they are.
            flush()
            sink(UnsafeRawBufferPointer(start: other.storage, count: other.count))
        } else {
            append(UnsafeRawBufferPointer(start: other.storage, count: other.count))
        }
        other.count = 0
    }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ raw: [UInt8]) {
        raw.withUnsafeBytes { append($0) }
    }

    /// A whole number in decimal.
    public func write(_ n: Int) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var v = n.magnitude
            var i = d.count
            repeat {
                i -= 1
                d[i] = UInt8(48 + v % 10)
                v /= 10
            } while v > 0
            if n < 0 {
                i -= 1
                d[i] = UInt8(ascii: "-")
            }
            append(UnsafeRawBufferPointer(rebasing: d[i...]))
        }
    }

    /// A date as `YYYY-MM-DD` (one append of ten bytes).
    public func write(_ day: Day) {
        if let iso = ISODates.bytes(day) { return append(iso) }
        let c = day.civil
        guard (0...9999).contains(c.year) else { return write(day.iso) }
        let y = c.year
        var text: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 45,
            UInt8(48 + c.month / 10), UInt8(48 + c.month % 10), 45, UInt8(48 + c.day / 10), UInt8(48 + c.day % 10)
        )
        withUnsafeBytes(of: &text) { append($0) }
    }

    /// A JSON string literal.
    public func writeJSON(_ s: String) {
        // The bytes in place: the UTF-8 view's iterator costs tens of instructions a byte, and a
        // national report writes half a million references.
        let written = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for b in bytes where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            var quote = UInt8(ascii: "\"")
            withUnsafeBytes(of: &quote) { append($0) }
            append(UnsafeRawBufferPointer(bytes))
            withUnsafeBytes(of: &quote) { append($0) }
            return true
        }
        if written != true { write(JSONText.string(s)) }
    }

    /// Text from the data (a reference) as shown to a person: as it is, unless it holds a control
    /// character, which is then escaped (`Escaping`). The check is one pass over the bytes.
    @inline(__always)
    public func writeShown(_ s: String) {
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 < 0x20 || $0 >= 0x7F } } ?? false
        if plain || !Escaping.needsEscaping(s) { return write(s) }
        write(Escaping.shown(s, limit: 200))
    }

    /// Flushes and returns nothing more; call at the end of a report.
    public func finish() { flush() }
}
