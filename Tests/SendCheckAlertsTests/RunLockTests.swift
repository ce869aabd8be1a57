#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts

    /// The run's lock says "busy" only when another run holds it; anything else in its way is a
    /// located failure, and nothing is created.
    @Suite("Run lock")
    struct RunLockTests {
        @Test("the lock: busy (75) only while another run holds it; anything else in the way is a located failure")
        func lock() throws {
            let folder = try AlertJobTests.Folder()
            let state = folder.path + "/alerts.sqlite"
            do {
                let held = try RunLock(beside: state)
                #expect(throws: RunLock.Busy.self) { _ = try RunLock(beside: state) }
                withExtendedLifetime(held) {}
            }
            #expect(
                throws: RunLock.Failure(
                    description:
                        "\(folder.path)/missing/alerts.sqlite: the state's folder \(folder.path)/missing cannot be used: no such folder (No such file or directory): create it, or give another --state"
                )
            ) {
                _ = try RunLock(beside: folder.path + "/missing/alerts.sqlite")
            }
            #expect(
                throws: RunLock.Failure(
                    description: "/dev/null: the alert state must be a regular file (the SQLite file sendcheck creates); this is a character device")
            ) {
                _ = try RunLock(beside: "/dev/null")
            }
            #expect(!FileManager.default.fileExists(atPath: "/dev/null.lock"))
            let linked = folder.path + "/linked.sqlite"
            symlink("/tmp/elsewhere.lock", linked + ".lock")
            #expect(
                throws: RunLock.Failure(
                    description:
                        "\(linked).lock: cannot create the run's lock: it is a symbolic link (Too many levels of symbolic links): sendcheck does not follow one here; remove it"
                )
            ) {
                _ = try RunLock(beside: linked)
            }
            #expect(!FileManager.default.fileExists(atPath: "/tmp/elsewhere.lock"))
            let piped = folder.path + "/piped.sqlite"
            mkfifo(piped + ".lock", 0o600)
            #expect(
                throws: RunLock.Failure(description: "\(piped).lock: the run's lock must be a regular file; this is a named pipe (FIFO): remove it")
            ) {
                _ = try RunLock(beside: piped)
            }
            let readOnly = folder.path + "/read-only"
            try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
            chmod(readOnly, 0o555)
            defer { chmod(readOnly, 0o755) }
            // Root writes whatever the mode says: the command-line tests mount a read-only folder instead.
            if geteuid() != 0 {
                #expect(throws: RunLock.Failure.self) { _ = try RunLock(beside: readOnly + "/alerts.sqlite") }
            }
        }
    }
#endif
