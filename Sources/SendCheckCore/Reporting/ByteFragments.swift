/// Byte strings built once per report and written many times. They live in one buffer, so writing
/// one costs no reference counting: threads rendering batches of findings at once read the same
/// table without touching shared counts.
struct ByteFragments {
    private var bytes: [UInt8] = []
    private var bounds: [Int] = [0]

    /// Adds a fragment and returns its number.
    @discardableResult
    mutating func add(_ text: String) -> Int {
        bytes.append(contentsOf: text.utf8)
        bounds.append(bytes.count)
        return bounds.count - 2
    }

    /// Calls `body` with the fragments readable in place.
    func withPieces<R>(_ body: (Pieces) -> R) -> R {
        bytes.withUnsafeBytes { raw in bounds.withUnsafeBufferPointer { b in body(Pieces(base: raw.baseAddress, bounds: b)) } }
    }

    /// The fragments, valid inside `withPieces`.
    struct Pieces {
        let base: UnsafeRawPointer?
        let bounds: UnsafeBufferPointer<Int>

        @inline(__always) subscript(_ i: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: base.map { $0 + bounds[i] }, count: bounds[i + 1] - bounds[i])
        }
    }
}
