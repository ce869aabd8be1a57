import SendCheckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory map of a case file. Pages already read can be released as the reader moves on,
/// so a national-scale file does not stay resident.
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

    /// Maps `path` and calls `body` with its bytes and a function that releases everything before an offset.
    /// Returns nil if the file cannot be opened (the caller reports why).
    static func with<R>(_ path: String, _ body: (UnsafeRawBufferPointer, @escaping (Int) -> Void) -> R) -> R? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        if size == 0 { return body(UnsafeRawBufferPointer(start: nil, count: 0), { _ in }) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        defer { munmap(base, size) }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        return body(bytes, releaser(bytes, from: 0))
    }
}
