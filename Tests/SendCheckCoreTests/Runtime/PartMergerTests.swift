import Dispatch
import SendCheckCore
import Testing

@testable import SendCheckRuntime

/// The parts of a parallel read are merged as they finish, in file order, whatever order they finish in.
@Suite("Part merger")
struct PartMergerTests {
    /// Records the order parts were absorbed in.
    struct Order: PartialConsumer {
        var parts: [Int]
        mutating func add(_ subject: Subject) {}
        mutating func absorb(_ other: Order) { parts += other.parts }
    }

    static func statistics(_ i: Int) -> ReadStatistics {
        var s = ReadStatistics(path: "cases.csv")
        s.rowsRead = i
        s.labels.add(UInt64(i % 3), "label \(i)")
        return s
    }

    @Test("parts finishing out of order are merged in file order, each once; the first part's labels win")
    func outOfOrder() {
        let merger = PartMerger<Order>(count: 5)
        for i in [3, 1, 4, 0, 2] { merger.finished(i, accumulator: Order(parts: [i]), statistics: Self.statistics(i)) }
        let (accumulator, statistics) = merger.merged
        #expect(accumulator?.parts == [0, 1, 2, 3, 4])
        #expect(statistics?.rowsRead == 10)
        #expect(statistics?.labels == [0: "label 0", 1: "label 1", 2: "label 2"])
    }

    @Test("parts finished on many threads at once are merged in file order")
    func concurrently() {
        for _ in 0..<20 {
            let merger = PartMerger<Order>(count: 64)
            DispatchQueue.concurrentPerform(iterations: 64) { i in
                let part = (i * 37) % 64
                merger.finished(part, accumulator: Order(parts: [part]), statistics: Self.statistics(part))
            }
            #expect(merger.merged.accumulator?.parts == Array(0..<64))
        }
    }
}
