/// Writes the listed findings in report order, rendering batches of them at the same time when the
/// report context offers several lanes.
///
/// Each batch is rendered into its own buffer and the buffers are written in order, so the bytes are
/// exactly those of rendering one finding after another. A round holds a few batches per lane, so a
/// lane that is slowed down does not hold the others up, and memory stays bounded by the round.
enum FindingBatches {
    /// Batches per lane in one round.
    static let batchesPerLane = 4

    /// Calls `render(batch, isFirstBatch, buffer)` for consecutive batches of the findings, possibly on
    /// several threads at once: `render` must only read shared state and write to the buffer it is given.
    static func write(
        _ findings: FindingList, context: ReportContext, into out: OutputBuffer, render: ([ArraySlice<Finding>], Bool, OutputBuffer) -> Void
    ) {
        let batches = findings.batches(of: context.findingsPerBatch)
        guard context.lanes > 1, batches.count > 1 else {
            for (i, batch) in batches.enumerated() { render(batch, i == 0, out) }
            return
        }
        let roundSize = context.lanes * batchesPerLane
        let buffers = (0..<min(roundSize, batches.count)).map { _ in OutputBuffer(chunkSize: Int.max) { _ in } }
        for roundStart in stride(from: 0, to: batches.count, by: roundSize) {
            let round = batches[roundStart..<min(roundStart + roundSize, batches.count)]
            context.concurrently(round.count) { i in render(round[roundStart + i], roundStart + i == 0, buffers[i]) }
            for i in 0..<round.count { out.write(takingFrom: buffers[i]) }
        }
    }
}
