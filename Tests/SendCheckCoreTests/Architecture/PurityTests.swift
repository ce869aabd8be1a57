import Foundation
import Testing

/// The core library is pure: no file system, process, clock, printing or exit (style lesson 1).
@Suite("Architecture")
struct PurityTests {
    static let forbidden = [
        "FileManager", "ProcessInfo", "print(", "exit(", "Date()", "FileHandle", "fatalError(", "URLSession", "import Foundation", "import Glibc",
        "import NIO", "import GRDB",
    ]

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

    /// The pre-commit hook builds with the default traits: nothing it builds may need GRDB or NIO.
    @Test("the alert job's edges build only with the Alerts trait")
    func alertsBehindTheTrait() throws {
        for file in Self.swiftFiles("Sources/SendCheckAlerts") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.hasPrefix("#if Alerts\n"), "\(file) is not wrapped in #if Alerts")
        }
        for folder in ["Sources/sendcheck", "Sources/SendCheckRuntime", "Sources/SendCheckCore"] {
            for file in Self.swiftFiles(folder) {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for module in ["GRDB", "NIOCore", "NIOPosix", "NIOSSL", "NIOHTTP1", "SendCheckAlerts"] where text.contains("import \(module)\n") {
                    #expect(text.hasPrefix("#if Alerts\n"), "\(file) imports \(module) outside #if Alerts")
                }
            }
        }
        let manifest = try String(contentsOfFile: Fixtures.path("Package.swift"), encoding: .utf8)
        for product in ["\"GRDB\"", "\"NIOCore\"", "\"NIOPosix\"", "\"NIOHTTP1\"", "\"NIOSSL\""] {
            let line = manifest.split(separator: "\n").first { $0.contains(".product(name: \(product)") }
            #expect(line?.contains("condition: alerts") == true, "\(product) is not behind the Alerts trait")
        }
    }

    @Test("the C target only computes: it includes nothing beyond integer types and the processor's instructions")
    func cIsPure() throws {
        let base = Fixtures.path("Sources/CSHA256")
        let items = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        let files = items.filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }
        #expect(files.count >= 2)
        let allowed: Set<String> = ["<stdint.h>", "<cpuid.h>", "<immintrin.h>", "\"CSHA256.h\""]
        for file in files {
            let text = try String(contentsOfFile: "\(base)/\(file)", encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("#include") {
                let header = line.dropFirst("#include".count).trimmingCharacters(in: .whitespaces)
                #expect(allowed.contains(header), "\(file) includes \(header)")
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
