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
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw Busy(description: "\(path): cannot create the lock: \(String(cString: strerror(errno)))") }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw Busy(description: "\(path): another sendcheck alert run holds the lock; this run did nothing")
            }
        }

        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
#endif
