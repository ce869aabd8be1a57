import Foundation
import Testing

/// The core library is pure: no file system, process, clock, printing or exit (style lesson 1).
@Suite("Architecture")
struct PurityTests {
    static let forbidden = ["FileManager", "ProcessInfo", "print(", "exit(", "Date()", "FileHandle", "fatalError(", "URLSession"]

    static func swiftFiles(_ folder: String) -> [String] {
        let base = Fixtures.path(folder)
        let items = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return items.filter { $0.hasSuffix(".swift") }.map { "\(base)/\($0)" }
    }

    @Test("Sources/SendCheckCore uses no I/O, clock or exit")
    func coreIsPure() throws {
        let files = Self.swiftFiles("Sources/SendCheckCore")
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for word in Self.forbidden where text.contains(word) {
                Issue.record("\(file) mentions \(word)")
            }
        }
    }

    @Test("every command file stays small (thin executable)")
    func thinCommands() throws {
        for file in Self.swiftFiles("Sources/sendcheck") {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
            #expect(lines <= 90, "\(file) has \(lines) lines")
        }
    }
}
