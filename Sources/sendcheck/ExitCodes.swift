import Foundation

/// A write to standard output that failed.
struct OutputFailure: Error {
    var code: Int32

    /// The reader closed the pipe (`sendcheck check | head`): not an error of ours.
    var closedPipe: Bool { code == EPIPE }

    var message: String { "sendcheck: cannot write the report to standard output: \(String(cString: strerror(code)))" }
}

/// The documented exit codes.
enum Exit {
    /// Findings at or above --fail-on, or test failures.
    static let findings: Int32 = 1
    /// The checker could not run.
    static let couldNotRun: Int32 = 2
    /// A usage error (ArgumentParser's own code for one).
    static let usage: Int32 = 64
    /// The report could not be written (a full disk, a closed standard output): `EX_IOERR`.
    static let outputFailed: Int32 = 74
    /// The reader of standard output closed it early (as a process killed by SIGPIPE would report).
    static let closedPipe: Int32 = 141
}
