import Foundation
import SendCheckCore

/// Standard output and error for the commands.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A report buffer that streams to standard output.
    /// Each chunk goes straight to the file descriptor, without a copy into `Data`.
    static func stdoutBuffer() -> OutputBuffer {
        OutputBuffer { bytes in writeAll(STDOUT_FILENO, bytes) }
    }

    /// Writes every byte, resuming after a partial write or an interrupted call; stops on an error
    /// (a closed pipe ends the output, as it does for any command-line tool).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(descriptor, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            next += n
            left -= n
        }
    }

    /// Values kept until the process exits (see `keepUntilExit`); reachable, so a leak checker
    /// does not report them. Written by the command's one thread.
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps a value alive until the process exits, never freeing it. A national result holds
    /// hundreds of thousands of findings; freeing them one by one just before exit took 0.15 s, and
    /// the operating system reclaims the memory at once when the process ends.
    static func keepUntilExit(_ value: consuming some Any) {
        kept.append(value)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints diagnostics to standard error, one `path:line:col: severity: message` per line.
    static func report(_ diagnostics: Diagnostics) {
        guard !diagnostics.items.isEmpty else { return }
        error(diagnostics.items.map(\.description).joined(separator: "\n"))
    }
}

/// The documented exit codes.
enum Exit {
    /// Findings at or above --fail-on, or test failures.
    static let findings: Int32 = 1
    /// The checker could not run.
    static let couldNotRun: Int32 = 2
    /// A usage error (ArgumentParser's own code for one).
    static let usage: Int32 = 64
}
