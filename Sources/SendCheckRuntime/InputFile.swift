import SendCheckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an input file cannot be read, in words that name the real problem.
public struct InputProblem: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Opens input files so that nothing that arrives can hang or crash a run: the open never blocks (a
/// named pipe with no writer), only regular files are read, text files have a size limit, and a file
/// that changes while it is read is noticed (`MappedFile`).
enum InputFile {
    /// An open regular file.
    struct Opened {
        var descriptor: Int32
        var size: Int
        /// The size and modification time when opened, to tell whether it changed while read.
        var stamp: Stamp
    }

    struct Stamp: Equatable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
    }

    /// The largest YAML file (configuration, rule pack, plan) read: such files are kilobytes long.
    static let maximumTextBytes = 16 << 20

    /// Opens `path` for reading, refusing anything but a regular file. The caller closes the descriptor.
    static func open(_ path: String) -> Result<Opened, InputProblem> {
        // O_NONBLOCK: opening a named pipe with no writer would otherwise wait for ever.
        let descriptor = SystemCall.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(problem(errno, path)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let e = errno
            close(descriptor)
            return .failure(problem(e, path))
        }
        if let kind = notRegular(info.st_mode) {
            close(descriptor)
            return .failure(InputProblem(kind))
        }
        // Regular files never block; clear the flag so reads behave as usual.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return .success(Opened(descriptor: descriptor, size: Int(info.st_size), stamp: stamp(info)))
    }

    /// The whole of a (small) file's bytes.
    static func readAll(_ path: String, limit: Int = maximumTextBytes) -> Result<[UInt8], InputProblem> {
        switch open(path) {
        case .failure(let p): return .failure(p)
        case .success(let file):
            defer { close(file.descriptor) }
            guard file.size <= limit else {
                return .failure(
                    InputProblem("the file is larger than \(limit >> 20) MiB; sendcheck's YAML files are far smaller (is this the right file?)"))
            }
            var bytes = [UInt8](repeating: 0, count: file.size)
            var done = 0
            while done < file.size {
                let n = bytes.withUnsafeMutableBytes { read(file.descriptor, $0.baseAddress! + done, file.size - done) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    return .failure(n == 0 ? InputProblem("the file shrank while it was read; run again once it is complete") : problem(errno, path))
                }
                done += n
            }
            return .success(bytes)
        }
    }

    /// The size and modification time of an open file now.
    static func currentStamp(_ descriptor: Int32) -> Stamp? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return stamp(info)
    }

    private static func stamp(_ info: stat) -> Stamp {
        Stamp(size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }

    private static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "this is a folder, not a file"
        case S_IFIFO: return "this is a named pipe (FIFO), not a regular file; sendcheck reads regular files only: save the data to a file first"
        case S_IFCHR, S_IFBLK: return "this is a device, not a regular file; sendcheck reads regular files only"
        case S_IFSOCK: return "this is a socket, not a regular file"
        default: return "this is not a regular file"
        }
    }

    private static func problem(_ code: Int32, _ path: String) -> InputProblem {
        switch code {
        case ENOENT: return InputProblem("no such file")
        case EACCES, EPERM: return InputProblem("permission denied: the file cannot be read (check its permissions)")
        case ENOTDIR: return InputProblem("a part of the path is not a folder")
        case EISDIR: return InputProblem("this is a folder, not a file")
        case ELOOP: return InputProblem("too many symbolic links on the path")
        case ENAMETOOLONG: return InputProblem("the path is too long")
        default: return InputProblem("the file cannot be read: \(String(cString: strerror(code)))")
        }
    }
}
