import Foundation
import SendCheckCore

/// A workbook's ZIP archive in the (memory-mapped) bytes of its file: parts are found through the
/// archive's directory (`ZIPDirectory`) and inflated with ZIPFoundation (`Inflater`), each within
/// its limit. The sheet is streamed: decompressed on a second thread while the caller converts the
/// chunks already out, so the two cores share the work.
struct ZIPWorkbookArchive: WorkbookArchive {
    let bytes: UnsafeRawBufferPointer
    let directory: ZIPDirectory
    let path: String

    var partNames: [String] { directory.entries.map(\.path) }

    func part(_ name: String, limit: Int) throws(WorkbookProblem) -> [UInt8]? {
        guard let entry = directory.entry(name) else { return nil }
        let data = try self.data(of: entry, limit: limit)
        if entry.method == 0 { return Array(data) }
        var out: [UInt8] = []
        out.reserveCapacity(min(entry.uncompressedSize, limit))
        _ = try inflate(entry, data, limit: limit) { chunk throws(WorkbookProblem) in
            out.append(contentsOf: chunk)
            return true
        }
        return out
    }

    func stream(_ name: String, limit: Int, into body: (UnsafeRawBufferPointer) throws(WorkbookProblem) -> Bool) throws(WorkbookProblem) -> Bool {
        guard let entry = directory.entry(name) else { return false }
        let data = try self.data(of: entry, limit: limit)
        if entry.method == 0 {
            var start = 0
            while start < data.count {
                let end = min(data.count, start + (1 << 20))
                guard try body(UnsafeRawBufferPointer(rebasing: data[start..<end])) else { break }
                start = end
            }
            return true
        }
        try BackgroundInflate.run(self, entry, data, limit: limit, body)
        return true
    }

    /// The entry's stored bytes, once it is known to be readable: not encrypted, stored or deflated,
    /// within the limit and within the file.
    private func data(of entry: ZIPDirectory.Entry, limit: Int) throws(WorkbookProblem) -> UnsafeRawBufferPointer {
        guard !entry.encrypted else {
            throw WorkbookProblem(
                file: path, "the workbook's \(entry.path) is encrypted, which sendcheck cannot read: save the workbook again without a password")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw WorkbookProblem(
                file: path,
                "the workbook's \(entry.path) is compressed with method \(entry.method), which sendcheck cannot read: save the workbook again in Excel"
            )
        }
        guard entry.uncompressedSize <= limit, entry.method == 8 || entry.compressedSize <= limit else { throw tooLarge(entry, limit) }
        switch ZIPDirectory.dataRange(of: entry, in: bytes) {
        case .success(let range): return UnsafeRawBufferPointer(rebasing: bytes[range])
        case .failure(let failure): throw WorkbookProblem(file: path, "the workbook is damaged: \(failure.message)")
        }
    }

    /// Inflates an entry, checking that it comes out at the size its directory says (unless `body`
    /// stopped early); returns whether it was read to its end.
    func inflate(_ entry: ZIPDirectory.Entry, _ data: UnsafeRawBufferPointer, limit: Int, _ body: (Data) throws(WorkbookProblem) -> Bool)
        throws(WorkbookProblem) -> Bool
    {
        var stopped = false
        let total: Int
        do throws(Inflater.Stop) {
            total = try Inflater.inflate(data, limit: limit) { chunk throws(WorkbookProblem) in
                let more = try body(chunk)
                stopped = !more
                return more
            }
        } catch {
            switch error {
            case .problem(let problem): throw problem
            case .tooLarge: throw tooLarge(entry, limit)
            case .truncated, .damaged, .enough:
                throw WorkbookProblem(file: path, "the workbook's \(entry.path) cannot be decompressed: the workbook is damaged or cut short")
            }
        }
        guard stopped || total == entry.uncompressedSize else {
            throw WorkbookProblem(
                file: path,
                "the workbook's \(entry.path) decompresses to \(total) bytes, not the \(entry.uncompressedSize) its directory says: the workbook is damaged"
            )
        }
        return !stopped
    }

    private func tooLarge(_ entry: ZIPDirectory.Entry, _ limit: Int) -> WorkbookProblem {
        WorkbookProblem(
            file: path,
            "the workbook's \(entry.path) is larger than \(limit >> 20) MiB uncompressed, more than sendcheck reads (a workbook built to exhaust memory?)"
        )
    }
}
