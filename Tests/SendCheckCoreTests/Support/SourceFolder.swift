import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// A temporary folder of case files and a `sendcheck.yaml`, checked through the engine as the
/// command line does (the real read: files, encodings, the join, the parallel stream).
struct SourceFolder {
    let path: String

    init(_ files: [String: String], config: String) throws {
        path = NSTemporaryDirectory() + "sendcheck-join-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, Data(text.utf8)) }
        try write("sendcheck.yaml", Data(("version: 1\nrules: [\(Fixtures.path("rules"))]\n" + config).utf8))
    }

    func write(_ name: String, _ data: Data) throws { try data.write(to: URL(fileURLWithPath: path + "/" + name)) }

    /// The engine over this folder's configuration.
    func engine() -> Engine { Engine(Engine.Inputs(configPath: path + "/sendcheck.yaml")) }

    /// A check as of a date (every finding listed), with the diagnostics as `path:line:col: ...` text
    /// relative to the folder.
    func check(asOf: String, since: String? = nil, cores: Int = 1) -> (result: CheckResult?, diagnostics: [String]) {
        var engine = engine()
        let options = CheckOptions(asOf: Fixtures.day(asOf), since: since.map(Fixtures.day), listAll: true)
        let result = engine.ruleSet == nil ? nil : engine.check(options, cores: cores)
        return (result, engine.diagnostics.items.map { $0.description.replacingOccurrences(of: path + "/", with: "") })
    }

    /// (rule, subject, status, due, location, end location) of each listed finding, paths relative to the folder.
    static func lines(_ result: CheckResult?, folder: SourceFolder) -> [String] {
        guard let result else { return [] }
        return result.views.map { v in
            let at = "\(v.path):\(v.line)".replacingOccurrences(of: folder.path + "/", with: "")
            let end = v.endLocation.map { " end " + $0.replacingOccurrences(of: folder.path + "/", with: "") } ?? ""
            return "\(v.rule.id) \(v.subject) \(v.status.rawValue) \(v.finding.due?.iso ?? "-") at \(at)\(end)"
        }
    }
}
