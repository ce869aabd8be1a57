import Foundation
import SendCheckCore

/// Reads input files for the pure core. Unreadable paths become located diagnostics (`path:1:1`).
public enum FileSource {
    /// Reads a text file.
    public static func text(_ path: String, diagnostics: inout Diagnostics) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), unreadable(path))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "the file is not UTF-8 text")
            return nil
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Memory-maps a file and passes its bytes to `body`, with a function that releases the pages
    /// before an offset once they have been read.
    public static func withBytes<R>(
        _ path: String, diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, @escaping (Int) -> Void, inout Diagnostics) -> R
    ) -> R? {
        var diags = diagnostics
        let result = MappedFile.with(path) { bytes, release in body(bytes, release, &diags) }
        diagnostics = diags
        if result == nil { diagnostics.error(SourceLocation(path: path, line: 1, column: 1), unreadable(path)) }
        return result
    }

    static func unreadable(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        return isDirectory.boolValue ? "this is a folder, not a file" : "the file cannot be read (check its permissions)"
    }

    /// The YAML files a path names: the file itself, or every `.yaml`/`.yml` file below a folder, sorted.
    public static func yamlFiles(_ path: String, diagnostics: inout Diagnostics) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "no such file or folder")
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let items = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return items.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(base)/\($0)" }
    }

    /// The absolute, resolved form of a path, to tell whether two paths name the same file.
    public static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `path` relative to `folder` unless it is absolute.
    public static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty || folder == "." { return path }
        return "\(folder)/\(path)"
    }

    /// The folder part of a path ("." when there is none).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
