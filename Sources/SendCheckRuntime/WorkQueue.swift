import Synchronization

/// Hands out the indices `0..<count` one at a time to whichever worker asks next.
final class WorkQueue: Sendable {
    private let taken = Atomic<Int>(0)
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next index not yet handed out, or nil when all have been.
    func next() -> Int? {
        let i = taken.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < count ? i : nil
    }
}
