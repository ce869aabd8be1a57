#if Alerts
    import Foundation

    /// An exclusive lock beside the state file (`STATE.lock`, mode 0600), so two runs never overlap:
    /// the second is refused at once rather than queued behind the first. The kernel releases it if
    /// the process dies.
    public final class RunLock {
        let descriptor: Int32

        public struct Busy: Error, CustomStringConvertible {
            public var description: String
        }

        public init(beside statePath: String) throws {
            let path = statePath + ".lock"
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw Busy(description: "\(path): cannot create the lock: \(String(cString: strerror(errno)))") }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                throw Busy(description: "\(path): another sendcheck alert run holds the lock; this run did nothing")
            }
            // Stored only once held, so a refused lock never runs `deinit`.
            descriptor = fd
        }

        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
#endif
