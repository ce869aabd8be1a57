import Testing

@testable import SendCheckCore

/// The runs a subject's clocks of one rule were counted at: kept for the current rule only.
@Suite("Counted runs")
struct CountedRunsTests {
    @Test("a later run of the rule is covered only at the dates and status of an earlier one; another rule starts afresh")
    func covers() {
        let runs = CountedRuns.make()
        defer { CountedRuns.free(runs) }
        let fresh = runs.pointee.begin(3)
        #expect(fresh)
        runs.pointee.append(from: 2, to: 5, status: 1)
        runs.pointee.append(from: 7, to: 7, status: 1)
        #expect(runs.pointee.count == 1)
        let again = runs.pointee.begin(3)
        #expect(!again)
        #expect(runs.pointee.covers(2, status: 1) && runs.pointee.covers(4, status: 1))
        #expect(!runs.pointee.covers(5, status: 1) && !runs.pointee.covers(1, status: 1) && !runs.pointee.covers(3, status: 2))
        // Past the first capacity, runs are still kept.
        for i in 0..<40 { runs.pointee.append(from: 10 + i, to: 11 + i, status: 2) }
        #expect(runs.pointee.count == 41 && runs.pointee.covers(49, status: 2) && !runs.pointee.covers(50, status: 2))
        let other = runs.pointee.begin(4)
        #expect(other && runs.pointee.count == 0 && !runs.pointee.covers(3, status: 1))
        runs.pointee.append(from: 0, to: 1, status: 0)
        runs.pointee.reset()
        let afterReset = runs.pointee.begin(4)
        #expect(afterReset)
    }
}
