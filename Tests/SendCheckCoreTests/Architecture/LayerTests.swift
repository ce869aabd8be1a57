import Foundation
import Testing

/// SendCheckCore's folders are layers: each uses only types declared in the folders below it
/// (docs/architecture.md draws them). The test reads the sources: the types each folder declares at
/// the top level, and the type names each file mentions outside comments and string literals. A use
/// of a type from a folder higher up is a cycle in the making, and fails with the names that make it.
@Suite("Architecture: layers")
struct LayerTests {
    /// Bottom first. A folder may use the folders before it, never one after it.
    static let layers = [
        "Memory", "Sorting", "Hashing", "Calendar", "Formatting", "Diagnostics", "YAML", "XML", "Wire", "Model", "Language",
        "Subjects", "Rules", "CaseData", "Loading", "Evaluation", "Plans", "SEN2", "Spreadsheet", "Alerts", "Configuration",
        "Reporting", "Synthetic", "Bundled",
    ]

    static let root = Fixtures.path("Sources/SendCheckCore")

    /// (folder, file name, text) of every Swift file of the core.
    static func sources() throws -> [(folder: String, file: String, text: String)] {
        try PurityTests.swiftFiles("Sources/SendCheckCore").map { path in
            let relative = String(path.dropFirst(root.count + 1))
            return (String(relative.split(separator: "/")[0]), relative, try String(contentsOfFile: path, encoding: .utf8))
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else {
            Issue.record("not a regular expression: \(pattern)")
            return []
        }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static let modifiers = #"(?:@\w+(?:\([^)]*\))? )*(?:(?:public|internal|fileprivate|private|final|indirect|nonisolated) )*"#
    static let kinds = #"(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)"#

    /// Per folder, the folders whose types it uses, each with the names that use them.
    static func uses() throws -> [String: [String: Set<String>]] {
        let files = try sources()
        var owners: [String: Set<String>] = [:]
        for f in files {
            for name in matches("^" + modifiers + kinds, in: f.text) { owners[name, default: []].insert(f.folder) }
        }
        var out: [String: [String: Set<String>]] = [:]
        for f in files {
            // A file's own nested types (`Diagnostic.Severity`) are not the top-level ones of that name.
            let nested = Set(matches(#"^\s+"# + modifiers + kinds, in: f.text))
            var text = f.text.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: #"\"\"\"[\s\S]*?\"\"\""#, with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: #""(?:[^"\\\n]|\\.)*""#, with: "", options: .regularExpression)
            for name in Set(matches(#"\b([A-Z]\w*)\b"#, in: text)).subtracting(nested) {
                guard let owner = owners[name], owner.count == 1, let folder = owner.first, folder != f.folder else { continue }
                out[f.folder, default: [:]][folder, default: []].insert("\(name) in \(f.file)")
            }
        }
        return out
    }

    @Test("every folder of the core has a place in the layers")
    func everyFolderPlaced() throws {
        let folders = Set(try Self.sources().map(\.folder))
        #expect(folders.subtracting(Self.layers).isEmpty, "folders not in LayerTests.layers: \(folders.subtracting(Self.layers).sorted())")
        #expect(Set(Self.layers).subtracting(folders).isEmpty, "layers with no folder: \(Set(Self.layers).subtracting(folders).sorted())")
    }

    @Test("each folder uses only the folders below it (no cycle)")
    func noUpwardUse() throws {
        let uses = try Self.uses()
        #expect(uses["Evaluation"]?["Rules"] != nil, "the reading of the sources finds the uses it should")
        for (folder, used) in uses {
            guard let level = Self.layers.firstIndex(of: folder) else { continue }
            for (other, names) in used {
                guard let otherLevel = Self.layers.firstIndex(of: other), otherLevel > level else { continue }
                Issue.record("\(folder) uses \(other), a layer above it: \(names.sorted().prefix(5).joined(separator: ", "))")
            }
        }
    }

    @Test("the reading finds an upward use when there is one")
    func detectsUpwardUse() {
        // Model below Rules: a mention of RuleSet in Model would be one.
        let text = "struct X { var rules: RuleSet }"
        #expect(Set(Self.matches(#"\b([A-Z]\w*)\b"#, in: text)).contains("RuleSet"))
        #expect(Self.matches("^" + Self.modifiers + Self.kinds, in: "public final class Evaluator: Sendable {") == ["Evaluator"])
        #expect(Self.matches(#"^\s+"# + Self.modifiers + Self.kinds, in: "    public enum Severity: String {") == ["Severity"])
    }
}
