import Foundation
import SendCheckCore

/// Standard output and error for the commands.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A report buffer that streams to standard output.
    static func stdoutBuffer() -> OutputBuffer {
        OutputBuffer { bytes in bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) } }
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
}
