import Foundation
import SendCheckCore

/// Writes a report file whole or not at all: into a temporary file beside it, flushed to the disk,
/// then renamed over the old one. A full disk, a file-size limit (`ulimit -f`) or a crash leaves the
/// previous report exactly as it was, never half a report; a reader never sees one being written.
public enum ReportFile {
    /// Why a report file was not written; the previous file, if any, is unchanged.
    public struct Failure: Error, Sendable {
        /// Whether nothing could be started (no such folder, no permission): a problem with the path,
        /// rather than a write that failed part way.
        public var atStart: Bool
        /// `path:1:1: error: ...`.
        public var message: String
    }

    /// Writes `text` to `path` with the permissions `mode` (exactly, whatever the umask). A symbolic
    /// link is followed, so the file it points at is replaced; a device or a named pipe
    /// (`/dev/stdout`) is written in place, as it cannot be renamed over.
    public static func write(_ text: String, to path: String, mode: Int) -> Failure? {
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        if stat(target, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                return Failure(atStart: true, message: "\(path):1:1: error: cannot create the file: this is a folder")
            }
            if info.st_mode & S_IFMT != S_IFREG { return inPlace(text, path: path) }
        }
        let folder = FileSource.folder(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? target
        var template = Array("\(folder)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            return Failure(atStart: true, message: "\(path):1:1: error: cannot create the file: \(reason(errno)) (in \(folder))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let problem = fill(descriptor, with: text, mode: mode)
        let closed = close(descriptor) == 0 ? nil : errno
        guard let failed = problem ?? closed else {
            if rename(temporary, target) == 0 {
                syncFolder(folder)
                return nil
            }
            let code = errno
            unlink(temporary)
            return Failure(atStart: false, message: "\(path):1:1: error: cannot write the file: \(reason(code)); \(unchanged)")
        }
        unlink(temporary)
        return Failure(atStart: false, message: "\(path):1:1: error: cannot write the file: \(reason(failed)); \(unchanged)")
    }

    static let unchanged = "nothing was replaced: a previous report there is as it was"

    /// Writes every byte, sets the mode and flushes the file to the disk; the `errno` of a failure.
    private static func fill(_ descriptor: Int32, with text: String, mode: Int) -> Int32? {
        var copy = text
        if let code = copy.withUTF8({ writeAll(descriptor, UnsafeRawBufferPointer($0)) }) { return code }
        if fchmod(descriptor, mode_t(mode)) != 0 { return errno }
        if fsync(descriptor) != 0, errno != EINVAL { return errno }
        return nil
    }

    /// A device or a named pipe, written as it is.
    private static func inPlace(_ text: String, path: String) -> Failure? {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return Failure(atStart: true, message: "\(path):1:1: error: cannot create the file: \(reason(errno))") }
        defer { close(descriptor) }
        var copy = text
        guard let code = copy.withUTF8({ writeAll(descriptor, UnsafeRawBufferPointer($0)) }) else { return nil }
        return Failure(atStart: false, message: "\(path):1:1: error: cannot write the file: \(reason(code))")
    }

    /// Writes every byte, resuming after a partial write or an interrupted call; the `errno` of a
    /// failed write (with SIGXFSZ ignored, a file-size limit is `EFBIG` here, not a killed process).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
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

    /// Makes the rename itself durable (best effort: some file systems cannot sync a folder).
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The input among `inputs` that `output` would overwrite (the same file, by device and inode, so
    /// `./a.csv`, a symbolic link or a hard link to it count), or nil. An input that is a folder
    /// stands for every file below it.
    public static func input(overwrittenBy output: String, inputs: [String]) -> String? {
        var info = stat()
        guard stat(output, &info) == 0 else { return nil }
        let identity = (info.st_dev, info.st_ino)
        for input in inputs {
            for file in files(input) {
                var other = stat()
                if stat(file, &other) == 0, (other.st_dev, other.st_ino) == identity { return file }
            }
        }
        return nil
    }

    /// A path's files: itself, or every file below a folder.
    private static func files(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).map { "\(base)/\($0)" }
    }
}

extension Engine {
    /// Every file the run reads: the configuration, rule packs (not the bundled ones), case files,
    /// plans, SEN2 returns and the alert waivers the board report shows. A report must never be
    /// written over one of them.
    public var inputFiles: [String] {
        var out: [String] = []
        if let config = configuration {
            out.append(config.path)
            let folder = FileSource.folder(of: config.path)
            out += (config.alerts?.waivers ?? []).map { FileSource.resolve($0, against: folder) }
        }
        out += ruleSources.map(\.path).filter { !$0.hasPrefix(Self.bundledPrefix) }
        out += caseSources.map(\.path) + planPaths + sen2Paths
        return out
    }
}
