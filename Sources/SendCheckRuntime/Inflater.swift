import Foundation
import SendCheckCore
import ZIPFoundation

/// Decompresses a ZIP entry's deflated bytes with ZIPFoundation's inflate, in chunks, within a limit.
///
/// It calls `Data.decompress` with a provider of its own rather than `Archive.extract`: on Linux,
/// ZIPFoundation 0.9.20's inflate loop asks its provider for more input until the stream ends, and
/// spins for ever when the provider has none left (weichsel/ZIPFoundation#389), which a cut or
/// crafted workbook would reach. This provider hands out the entry's bytes and then throws.
///
/// That loop also tells zlib that every chunk fills the whole buffer, whatever the chunk's length,
/// so a short last chunk would have zlib read past the entry's bytes (and a stream cut inside the
/// entry would inflate whatever is there as data). The chunks are therefore all of one size that
/// divides the entry's compressed size exactly (`chunkSize(for:)`).
enum Inflater {
    /// Why inflating stopped early.
    enum Stop: Error {
        /// The stream needed more bytes than the entry has.
        case truncated
        /// zlib found the stream invalid.
        case damaged
        /// The output would pass the limit.
        case tooLarge
        /// The consumer has all it needs.
        case enough
        /// The consumer's problem.
        case problem(WorkbookProblem)
    }

    /// The chunk size for `count` compressed bytes: a divisor of `count`, the largest at most 1 MiB
    /// and at least 16 KiB, else the smallest from 1 MiB to 16 MiB, else `count` itself (one chunk).
    /// Output comes in chunks of the same size.
    static func chunkSize(for count: Int) -> Int {
        let preferred = 1 << 20
        guard count > preferred else { return max(count, 1) }
        var size = preferred
        while size >= 16 << 10 {
            if count % size == 0 { return size }
            size -= 1
        }
        size = preferred + 1
        while size <= 16 << 20 {
            if count % size == 0 { return size }
            size += 1
        }
        return count
    }

    /// Inflates `compressed`, handing each chunk of output to `body` until the stream ends or `body`
    /// returns false. Returns the number of bytes handed out.
    static func inflate(
        _ compressed: UnsafeRawBufferPointer, limit: Int, _ body: (Data) throws(WorkbookProblem) -> Bool
    ) throws(Stop) -> Int {
        guard !compressed.isEmpty else { throw Stop.truncated }
        let size = chunkSize(for: compressed.count)
        var total = 0
        do {
            _ = try Data.decompress(
                size: Int64(compressed.count), bufferSize: size, skipCRC32: true,
                provider: { position, length in
                    let start = Int(position)
                    guard start < compressed.count, length == size, start + size <= compressed.count else { throw Stop.truncated }
                    return Data(UnsafeRawBufferPointer(rebasing: compressed[start..<(start + size)]))
                },
                consumer: { data in
                    guard !data.isEmpty else { return }
                    total += data.count
                    guard total <= limit else { throw Stop.tooLarge }
                    let more: Bool
                    do throws(WorkbookProblem) {
                        more = try body(data)
                    } catch {
                        throw Stop.problem(error)
                    }
                    guard more else { throw Stop.enough }
                })
        } catch let stop as Stop {
            if case .enough = stop { return total }
            throw stop
        } catch {
            // zlib's own complaint (corrupted data, an invalid stream).
            throw Stop.damaged
        }
        return total
    }
}
