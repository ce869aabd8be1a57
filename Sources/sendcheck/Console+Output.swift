import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// Every write to standard output is checked: a failure (a full disk, a closed descriptor) throws
/// `OutputFailure`, which ends the run with its own exit code and a message on standard error, never
/// a crash or a lost report with exit 0. A reader that closed the pipe (`| head`) ends it quietly.
extension Console {
    /// Writes a report or message to standard output.
    static func out(_ text: String) throws {
        var copy = text
        try copy.withUTF8 { try check(writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0))) }
    }

    /// A report buffer that streams to standard output (or another descriptor); call `finish(_:)` at
    /// its end. Each chunk goes straight to the file descriptor, without a copy into `Data`.
    static func stdoutBuffer(_ descriptor: Int32 = STDOUT_FILENO) -> OutputBuffer {
        let sink = Sink()
        let buffer = OutputBuffer { bytes in
            guard sink.failed == nil else { return }
            sink.failed = writeAll(descriptor, bytes)
        }
        sinks[ObjectIdentifier(buffer)] = sink
        return buffer
    }

    /// Flushes a buffer from `stdoutBuffer()` and throws if any of its writes failed.
    static func finish(_ buffer: OutputBuffer) throws {
        buffer.finish()
        try check(sinks.removeValue(forKey: ObjectIdentifier(buffer))?.failed)
    }

    /// The first failed write of a buffer (an `errno`), read after the buffer is finished.
    private final class Sink {
        var failed: Int32?
    }

    /// Buffers' sinks, by buffer; used from the command's one thread.
    nonisolated(unsafe) private static var sinks: [ObjectIdentifier: Sink] = [:]

    /// Whether the process started with standard output closed (`>&-`). Its descriptor is then held
    /// by /dev/null, so no file the run opens takes its number, and every write to it fails.
    nonisolated(unsafe) private static var stdoutClosed = false

    /// Holds the three standard descriptors open: one that was closed gets /dev/null, so an input
    /// or output file never takes its number (diagnostics must not land in a data file).
    static func holdStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            if descriptor == STDOUT_FILENO { stdoutClosed = true }
            let held = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if held >= 0, held != descriptor {
                _ = dup2(held, descriptor)
                close(held)
            }
        }
    }

    /// Writes every byte, resuming after a partial write or an interrupted call. Returns the `errno`
    /// of a failed write, or nil when everything was written.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        if descriptor == STDOUT_FILENO, stdoutClosed { return EBADF }
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = SystemCall.write(descriptor, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            next += n
            left -= n
        }
        return nil
    }

    private static func check(_ code: Int32?) throws {
        guard let code else { return }
        throw OutputFailure(code: code)
    }

    /// Writes a report file whole or not at all (`ReportFile`): a path that cannot be created is exit
    /// 2, a write that fails part way (a full disk, a file-size limit) exit 74, and either leaves a
    /// previous file as it was.
    static func write(_ text: String, toFile path: String, mode: Int) throws {
        guard let failure = ReportFile.write(text, to: path, mode: mode) else { return }
        Console.error(Escaping.shown(failure.message, limit: 2000))
        throw ExitCode(failure.atStart ? Exit.couldNotRun : Exit.outputFailed)
    }

    /// Refuses, before any work, an output path that is one of the run's inputs (exit 2).
    static func refuseInput(_ output: String, _ engine: Engine) throws {
        guard let input = ReportFile.input(overwrittenBy: output, inputs: engine.inputFiles) else { return }
        let same = input == output ? "" : " (\(Escaping.shown(input, limit: 1024)))"
        Console.error(
            "\(Escaping.shown(output, limit: 1024)):1:1: error: this file is one of the run's inputs\(same): the report would overwrite it; "
                + "write the report to another file")
        throw ExitCode(Exit.couldNotRun)
    }
}
