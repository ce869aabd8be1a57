import Foundation
import SendCheckCore

/// Standard output and error for the commands (writing to standard output: `Console+Output.swift`).
enum Console {
    /// Values kept until the process exits (see `keepUntilExit`); reachable, so a leak checker
    /// does not report them. Written by the command's one thread.
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps a value alive until the process exits, never freeing it. A national result holds
    /// hundreds of thousands of findings; freeing them one by one just before exit took 0.15 s, and
    /// the operating system reclaims the memory at once when the process ends.
    static func keepUntilExit(_ value: consuming some Any) {
        kept.append(value)
    }

    /// A message on standard error (a failure to write it cannot be reported anywhere, so it is not).
    static func error(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        var copy = line
        _ = copy.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }

    /// Prints diagnostics to standard error, one `path:line:col: severity: message` per line.
    static func report(_ diagnostics: Diagnostics) {
        let shown = diagnostics.shown
        guard !shown.isEmpty else { return }
        error(shown.map(\.description).joined(separator: "\n"))
    }
}
