import CMapGuard
import SendCheckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory map of an input file. Pages already read can be released as the reader moves
/// on, so a national-scale file does not stay resident.
///
/// A file truncated while it is read would make reading its mapping raise SIGBUS: `CMapGuard` puts
/// zeros where the missing pages were, and the read is then refused as a whole, as is one of a file
/// whose size or modification time changed meanwhile. Nothing read from a changing file is reported.
enum MappedFile {
    /// A function that releases the pages of `bytes` from `start` up to each offset it is given
    /// (for one segment read on one thread).
    static func releaser(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (Int) -> Void {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var released = (start + page - 1) / page * page
        // Released in steps of 8 MiB: each call is a system call, and in a process with several
        // threads it makes every core flush its address translations.
        let step = max(page, 8 << 20)
        return { offset in
            let end = (offset / page) * page
            guard end >= released + step else { return }
            release(bytes, released..<end)
            released = end
        }
    }

    /// Releases the whole pages of `bytes` within `range` (a segment read to its end).
    static func release(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + start, end - start, MADV_DONTNEED)
    }

    /// Maps `path` and calls `body` with its bytes and a function that releases everything before an
    /// offset. Fails, saying why, when the file cannot be opened or mapped, or changed while read.
    static func with<R>(_ path: String, _ body: (UnsafeRawBufferPointer, @escaping (Int) -> Void) -> R) -> Result<R, InputProblem> {
        let file: InputFile.Opened
        switch InputFile.open(path) {
        case .failure(let problem): return .failure(problem)
        case .success(let opened): file = opened
        }
        defer { close(file.descriptor) }
        if file.size == 0 { return .success(body(UnsafeRawBufferPointer(start: nil, count: 0), { _ in })) }
        guard let base = mmap(nil, file.size, PROT_READ, MAP_PRIVATE, file.descriptor, 0), base != MAP_FAILED else {
            return .failure(InputProblem("the file cannot be mapped into memory: \(String(cString: strerror(errno)))"))
        }
        defer { munmap(base, file.size) }
        _ = madvise(base, file.size, MADV_SEQUENTIAL)
        _ = mapguard_install()
        let slot = mapguard_register(base, file.size)
        let bytes = UnsafeRawBufferPointer(start: base, count: file.size)
        let result = body(bytes, releaser(bytes, from: 0))
        let faulted = mapguard_unregister(slot) != 0
        let now = InputFile.currentStamp(file.descriptor)
        if faulted || now != file.stamp {
            let sizes = now.map { $0.size != file.size ? " (from \(file.size) to \($0.size) bytes)" : "" } ?? ""
            return .failure(
                InputProblem("the file changed while it was read\(sizes); nothing read from it is reported: run again once it is complete"))
        }
        return .success(result)
    }
}
