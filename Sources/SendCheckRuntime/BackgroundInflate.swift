import Foundation
import SendCheckCore

/// Decompresses a sheet on a second thread while the calling thread converts what is already out:
/// the decompressor hands chunks through a short queue (at most 16 MiB waiting, or two chunks), and stops as soon as the converter has what it needs or fails. The thread is
/// always joined before `run` returns: it reads the mapped file, which is unmapped afterwards.
enum BackgroundInflate {
    /// How many bytes of chunks may wait for the converter: 16 MiB.
    static let waiting = 16 << 20

    static func run(
        _ archive: ZIPWorkbookArchive, _ entry: ZIPDirectory.Entry, _ data: UnsafeRawBufferPointer, limit: Int,
        _ body: (UnsafeRawBufferPointer) throws(WorkbookProblem) -> Bool
    ) throws(WorkbookProblem) {
        let queue = ChunkQueue(depth: max(2, waiting / Inflater.chunkSize(for: data.count)))
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let data = data
        nonisolated(unsafe) let archive = archive
        Thread.detachNewThread {
            defer { done.signal() }
            do throws(WorkbookProblem) {
                _ = try archive.inflate(entry, data, limit: limit) { chunk throws(WorkbookProblem) in queue.put(chunk) }
                queue.close(nil)
            } catch {
                queue.close(error)
            }
        }
        defer {
            queue.cancel()
            done.wait()
        }
        while let chunk = try queue.take() {
            var problem: WorkbookProblem?
            let more = chunk.withUnsafeBytes { bytes in
                do throws(WorkbookProblem) {
                    return try body(bytes)
                } catch {
                    problem = error
                    return false
                }
            }
            if let problem { throw problem }
            guard more else { return }
        }
    }
}

/// A short queue of chunks from one producer to one consumer, which either side can end.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var head = 0
    private var closed = false
    private var failure: WorkbookProblem?
    private var cancelled = false
    private let depth: Int

    init(depth: Int) { self.depth = max(1, depth) }

    /// Adds a chunk, waiting while the queue is full; false once the consumer has cancelled.
    func put(_ chunk: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= depth, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// The producer is done, successfully or with a problem.
    func close(_ problem: WorkbookProblem?) {
        condition.lock()
        closed = true
        failure = problem
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer wants no more.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for one; nil after the last, or the producer's problem.
    func take() throws(WorkbookProblem) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while head == chunks.count, !closed { condition.wait() }
        if head < chunks.count {
            let chunk = chunks[head]
            chunks[head] = Data()
            head += 1
            if head == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }
}
