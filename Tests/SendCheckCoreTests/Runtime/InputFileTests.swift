import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Files that change, never arrive or are not files at all end in a located error, never a crash or
/// a hang (issue: hostile and accidental bad input).
@Suite("Input files")
struct InputFileTests {
    static func temporary(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "sendcheck-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/" + name
    }

    @Test("a mapped file truncated while it is read: no SIGBUS, and nothing read from it is reported")
    func truncatedWhileRead() throws {
        let path = try Self.temporary("cases.csv")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        try Data(repeating: UInt8(ascii: "x"), count: 4 * page).write(to: URL(fileURLWithPath: path))
        var diagnostics = Diagnostics()
        let read: UInt8? = FileSource.withBytes(path, diagnostics: &diagnostics) { bytes, _, _ in
            // Another program truncates the file while it is being read.
            let fd = open(path, O_WRONLY)
            defer { close(fd) }
            _ = ftruncate(fd, off_t(page))
            // Reading past the new end would raise SIGBUS; the guard puts zeros there instead.
            return bytes[3 * page + 10]
        }
        #expect(read == nil)
        #expect(diagnostics.items.map(\.description).first?.hasPrefix("\(path):1:1: error: the file changed while it was read (from") == true)
        // The guard still lets a mapping of an unchanged file be read as usual.
        try Data(repeating: UInt8(ascii: "y"), count: 2 * page).write(to: URL(fileURLWithPath: path))
        var clean = Diagnostics()
        #expect(FileSource.withBytes(path, diagnostics: &clean) { bytes, _, _ in bytes[page + 1] } == UInt8(ascii: "y"))
        #expect(clean.items.isEmpty)
    }

    @Test("a named pipe with no writer is refused at once with the real reason, not waited for")
    func fifo() throws {
        let path = try Self.temporary("pipe.csv")
        #expect(mkfifo(path, 0o600) == 0)
        var diagnostics = Diagnostics()
        let started = Date()
        let read: Int? = FileSource.withBytes(path, diagnostics: &diagnostics) { bytes, _, _ in bytes.count }
        #expect(read == nil)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(diagnostics.items.first?.message.hasPrefix("this is a named pipe (FIFO), not a regular file") == true)
        #expect(FileSource.text(path, diagnostics: &diagnostics) == nil)
    }

    @Test("devices, folders and missing files each get their own reason")
    func notFiles() throws {
        for (path, reason) in [
            ("/dev/zero", "this is a device, not a regular file"), (NSTemporaryDirectory(), "this is a folder, not a file"),
            ("/nonexistent/x.csv", "no such file"),
        ] {
            var diagnostics = Diagnostics()
            #expect(FileSource.text(path, diagnostics: &diagnostics) == nil)
            #expect(diagnostics.items.first?.message.hasPrefix(reason) == true, "\(path): \(diagnostics.items)")
        }
    }

    @Test("YAML text that is UTF-16, invalid UTF-8 or too large is refused with the reason")
    func textEncodings() throws {
        let path = try Self.temporary("sendcheck.yaml")
        try Data("version: 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: path))
        var diagnostics = Diagnostics()
        #expect(FileSource.text(path, diagnostics: &diagnostics) == nil)
        #expect(diagnostics.items.last?.message == "the file is UTF-16 (little-endian), not UTF-8: save it as UTF-8")
        try Data([0x61, 0x3A, 0x20, 0x0A, 0x62, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(FileSource.text(path, diagnostics: &diagnostics) == nil)
        #expect(diagnostics.items.last?.description == "\(path):2:2: error: the file is not valid UTF-8 text here")
        try Data(count: 17 << 20).write(to: URL(fileURLWithPath: path))
        #expect(FileSource.text(path, diagnostics: &diagnostics) == nil)
        #expect(diagnostics.items.last?.message.hasPrefix("the file is larger than 16 MiB") == true)
    }
}
