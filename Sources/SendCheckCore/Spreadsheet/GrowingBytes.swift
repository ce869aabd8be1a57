/// A byte buffer that grows as pieces are appended and keeps everything, for building a large output
/// in memory (a sheet's CSV). Raw storage with direct copies, as `OutputBuffer` has: an array's
/// checks on every small append would cost more than the copying. A reference type, used by one
/// writer at a time.
public final class GrowingBytes {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// The number of bytes written.
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        storage = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    @inline(__always) public func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        storage.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always) public func append(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0, let source = raw.baseAddress else { return }
        if count + n > capacity { grow(to: count + n) }
        if n <= 16 {
            // Most pieces are a few bytes (a field, a date): two overlapping word copies cost less than
            // a call to memmove (which a byte loop would become).
            let target = storage + count
            if n >= 8 {
                let first = source.loadUnaligned(as: UInt64.self)
                let last = source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                target.storeBytes(of: first, as: UInt64.self)
                target.storeBytes(of: last, toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                let first = source.loadUnaligned(as: UInt32.self)
                let last = source.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                target.storeBytes(of: first, as: UInt32.self)
                target.storeBytes(of: last, toByteOffset: n - 4, as: UInt32.self)
            } else {
                target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
                target.storeBytes(of: source.load(fromByteOffset: n - 1, as: UInt8.self), toByteOffset: n - 1, as: UInt8.self)
                target.storeBytes(of: source.load(fromByteOffset: n / 2, as: UInt8.self), toByteOffset: n / 2, as: UInt8.self)
            }
        } else {
            (storage + count).copyMemory(from: source, byteCount: n)
        }
        count += n
    }

    public func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    public func append(_ text: StaticString) { append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }

    /// `byte`, `times` times (nothing when `times` is not positive).
    public func append(_ byte: UInt8, times: Int) {
        guard times > 0 else { return }
        if count + times > capacity { grow(to: count + times) }
        (storage + count).initializeMemory(as: UInt8.self, repeating: byte, count: times)
        count += times
    }

    /// The byte at `index` (which must be below `count`).
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "GrowingBytes index out of range")
        return storage.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Forgets the bytes from `newCount` on.
    public func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "GrowingBytes truncated beyond its end")
        count = newCount
    }

    /// A copy of what has been written.
    public var bytes: [UInt8] { [UInt8](UnsafeRawBufferPointer(start: storage, count: count)) }

    /// Calls `body` with what has been written (valid only during the call).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Grows fourfold while below 1 GiB (fewer copies of a large output; pages not yet written cost
    /// no memory), then twofold.
    private func grow(to needed: Int) {
        var newCapacity = capacity * (capacity < 1 << 30 ? 4 : 2)
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
