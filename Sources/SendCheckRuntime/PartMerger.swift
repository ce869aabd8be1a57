import SendCheckCore
import Synchronization

/// Merges the parts of a parallel read into the first, in file order, as they finish, while the other
/// cores still read: with a team or caseworker per case, merging the parts' labels and team counts
/// takes longer than a part's evaluation, and a merged part's memory is let go at once.
///
/// Whichever worker finishes a part merges every part that is ready, one merger at a time; a worker
/// that finishes while another merges only marks its part done, and the merger takes it before it
/// stops. So when every worker has returned, every part has been merged into the first.
final class PartMerger<Accumulator: PartialConsumer>: @unchecked Sendable {
    private struct State {
        var done: [Bool]
        /// The next part to merge into the first.
        var next = 1
        var merging = false
    }

    private let state: Mutex<State>
    /// What a part read; the first's holds the merge. Written only by the part's worker until it is
    /// done, then only by the one merger (the mutex orders the two).
    private final class Part {
        var accumulator: Accumulator?
        var statistics: ReadStatistics?
    }
    private let parts: [Part]

    init(count: Int) {
        state = Mutex(State(done: [Bool](repeating: false, count: count)))
        parts = (0..<count).map { _ in Part() }
    }

    /// Hands over part `i`'s accumulator and statistics, then merges whatever is ready.
    func finished(_ i: Int, accumulator: consuming Accumulator?, statistics: consuming ReadStatistics?) {
        // Moved, not copied: the first part's accumulator is merged into in place.
        (parts[i].accumulator, parts[i].statistics) = (consume accumulator, consume statistics)
        var k = state.withLock { s -> Int? in
            s.done[i] = true
            return Self.claim(&s)
        }
        while let part = k {
            let (first, other) = (parts[0], parts[part])
            if let a = other.accumulator { first.accumulator?.absorb(a) }
            if let s = other.statistics { first.statistics?.add(s) }
            (other.accumulator, other.statistics) = (nil, nil)
            k = state.withLock { s -> Int? in
                s.next += 1
                s.merging = false
                return Self.claim(&s)
            }
        }
    }

    /// The next part to merge, when this worker may merge it: the first is done, the part is done,
    /// and no other worker is merging.
    private static func claim(_ s: inout State) -> Int? {
        guard !s.merging, s.done[0], s.next < s.done.count, s.done[s.next] else { return nil }
        s.merging = true
        return s.next
    }

    /// The merge of every part, once every worker has returned.
    var merged: (accumulator: Accumulator?, statistics: ReadStatistics?) {
        precondition(state.withLock { $0.next == $0.done.count }, "every part is merged")
        return (parts[0].accumulator, parts[0].statistics)
    }
}
