#if Alerts
    import Foundation

    /// An exclusive lock beside the state file (`STATE.lock`, mode 0600), so two runs never overlap:
    /// the second is refused at once rather than queued behind the first. The kernel releases it if
    /// the process dies.
    ///
    /// `Busy` (exit 75) means only that: another run holds the lock. Anything else in the way (no
    /// such folder, a read-only one, a lock that is a symbolic link, a state path that is a device
    /// such as `/dev/null`) is a `Failure` that names the path and what to do, before anything is
    /// created.
    public final class RunLock {
        let descriptor: Int32

        public struct Busy: Error, CustomStringConvertible {
            public var description: String
        }

        public struct Failure: Error, Equatable, CustomStringConvertible {
            public var description: String
        }

        public init(beside statePath: String) throws {
            try Self.checkState(statePath)
            let path = statePath + ".lock"
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
            guard fd >= 0 else { throw Failure(description: "\(path): cannot create the run's lock: \(Self.explain(errno))") }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw Failure(description: "\(path): the run's lock must be a regular file; this is \(Self.kind(info.st_mode)): remove it")
            }
            var locked = flock(fd, LOCK_EX | LOCK_NB)
            while locked != 0 && errno == EINTR { locked = flock(fd, LOCK_EX | LOCK_NB) }
            guard locked == 0 else {
                let error = errno
                close(fd)
                if error == EWOULDBLOCK { throw Busy(description: "\(path): another sendcheck alert run holds the lock; this run did nothing") }
                throw Failure(description: "\(path): cannot take the run's lock: \(String(cString: strerror(error)))")
            }
            // Stored only once held, so a refused lock never runs `deinit`.
            descriptor = fd
        }

        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }

        /// The state's folder must exist, and the state, if it exists, must be a regular file (not a
        /// link, a device or a folder): `--state /dev/null` must not create `/dev/null.lock`.
        static func checkState(_ statePath: String) throws(Failure) {
            let folder = (statePath as NSString).deletingLastPathComponent
            var info = stat()
            if stat(folder.isEmpty ? "." : folder, &info) != 0 {
                throw Failure(description: "\(statePath): the state's folder \(folder) cannot be used: \(explain(errno))")
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw Failure(description: "\(statePath): \(folder) is not a folder") }
            guard lstat(statePath, &info) == 0 else { return }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw Failure(
                    description:
                        "\(statePath): the alert state must be a regular file (the SQLite file sendcheck creates); this is \(kind(info.st_mode))")
            }
        }

        /// An error number in words, with what to do.
        static func explain(_ code: Int32) -> String {
            let system = String(cString: strerror(code))
            switch code {
            case ENOENT: return "no such folder (\(system)): create it, or give another --state"
            case ENOTDIR: return "a part of the path is not a folder (\(system))"
            case EROFS: return "the folder is on a read-only file system (\(system))"
            case EACCES, EPERM: return "the folder cannot be written (\(system)): the user that runs the job needs write access to it"
            case ELOOP: return "it is a symbolic link (\(system)): sendcheck does not follow one here; remove it"
            default: return system
            }
        }

        static func kind(_ mode: mode_t) -> String {
            switch mode & S_IFMT {
            case S_IFLNK: return "a symbolic link"
            case S_IFCHR: return "a character device"
            case S_IFBLK: return "a block device"
            case S_IFDIR: return "a folder"
            case S_IFIFO: return "a named pipe (FIFO)"
            case S_IFSOCK: return "a socket"
            default: return "not a regular file"
            }
        }
    }
#endif
