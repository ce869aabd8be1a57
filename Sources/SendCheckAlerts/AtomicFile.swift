#if Alerts
    import Foundation
    import SendCheckRuntime

    /// A file written whole or not at all: the bytes go into a temporary file beside it (created
    /// new, never through a link), are flushed to the disk, and the temporary file is renamed over
    /// the name. A failure removes the temporary file and says what went wrong in words ("the disk
    /// is full"), from the error of the step that failed.
    enum AtomicFile {
        struct Failure: Error, CustomStringConvertible {
            var description: String
        }

        static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(Failure) {
            let temporary = path + ".partial"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
            guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(describe(errno))") }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { SystemCall.write(fd, $0.baseAddress! + written, bytes.count - written) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw abandon(fd, temporary, "cannot write \(path): \(describe(n < 0 ? errno : ENOSPC))") }
                written += n
            }
            guard fsync(fd) == 0 else { throw abandon(fd, temporary, "cannot write \(path) to the disk: \(describe(errno))") }
            guard close(fd) == 0 else { throw abandon(-1, temporary, "cannot write \(path): \(describe(errno))") }
            guard rename(temporary, path) == 0 else { throw abandon(-1, temporary, "cannot rename \(temporary) to \(path): \(describe(errno))") }
        }

        /// The error in words, the system's own in brackets: `the disk is full (No space left on device)`.
        static func describe(_ code: Int32) -> String {
            let system = String(cString: strerror(code))
            switch code {
            case ENOSPC: return "the disk is full (\(system))"
            case EDQUOT: return "the disk quota is used up (\(system))"
            case EROFS: return "the file system is read-only (\(system))"
            case EACCES, EPERM: return "permission denied (\(system))"
            case EFBIG: return "the file is larger than this process may write (\(system))"
            case EIO: return "the disk failed (\(system))"
            default: return system
            }
        }

        private static func abandon(_ fd: Int32, _ temporary: String, _ message: String) -> Failure {
            if fd >= 0 { close(fd) }
            unlink(temporary)
            return Failure(description: message)
        }
    }
#endif
