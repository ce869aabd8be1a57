import Foundation
import SendCheckCore

/// Reads input files for the pure core. Unreadable paths become located diagnostics (`path:1:1`).
public enum FileSource {
    /// Reads a text file (configuration, rule pack, plan): a regular file of at most 16 MiB, UTF-8,
    /// with or without a byte-order mark.
    public static func text(_ path: String, diagnostics: inout Diagnostics) -> String? {
        let bytes: [UInt8]
        switch InputFile.readAll(path) {
        case .failure(let problem):
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem.message)
            return nil
        case .success(let b): bytes = b
        }
        if let encoding = TextEncoding.unsupported(bytes[...]) {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "the file is \(encoding), not UTF-8: save it as UTF-8")
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = TextEncoding.firstInvalidUTF8(bytes[...])
            diagnostics.error(SourceLocation(path: path, line: line, column: column), "the file is not valid UTF-8 text here")
            return nil
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Memory-maps a file and passes its bytes to `body`, with a function that releases the pages
    /// before an offset once they have been read. Nil, with the reason, when the file cannot be read
    /// or changed while it was read.
    public static func withBytes<R>(
        _ path: String, diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, @escaping (Int) -> Void, inout Diagnostics) -> R
    ) -> R? {
        var diags = Diagnostics()
        switch MappedFile.with(path, { bytes, release in body(bytes, release, &diags) }) {
        case .success(let result):
            diagnostics.append(contentsOf: diags)
            return result
        case .failure(let problem):
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem.message)
            return nil
        }
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
