import Foundation
import SendCheckCore

/// `sendcheck validate`: plan files against the plan format and the plan rules, rule packs against
/// the rule language and their own worked examples. Every problem is a located diagnostic.
public struct Validation {
    public struct Report {
        public var diagnostics = Diagnostics()
        public var files = 0
        /// Files that could not be read at all.
        public var unreadable = 0
    }

    /// Validates `paths` (files or folders) with the engine's rules as of `options.asOf`.
    public static func run(_ paths: [String], engine: Engine, options: CheckOptions, strict: Bool) -> Report {
        var report = Report()
        var plans: [String] = []
        var packs: [RuleSetLoader.Source] = []
        var waivers: [(String, String)] = []
        for path in paths {
            let before = report.diagnostics.errorCount
            let files = FileSource.yamlFiles(path, diagnostics: &report.diagnostics)
            if report.diagnostics.errorCount > before { report.unreadable += 1 }
            for file in files {
                report.files += 1
                guard let text = FileSource.text(file, diagnostics: &report.diagnostics) else {
                    report.unreadable += 1
                    continue
                }
                switch Self.kind(of: text) {
                case "improvement-plan": plans.append(file)
                case "rule-pack", "holiday-calendar": packs.append(RuleSetLoader.Source(path: file, text: text))
                case "waivers": waivers.append((file, text))
                case let kind:
                    report.diagnostics.error(
                        SourceLocation(path: file, line: 1, column: 1),
                        "not a sendcheck file: expected 'kind: improvement-plan', 'kind: rule-pack', 'kind: holiday-calendar' or 'kind: waivers'"
                            + (kind.map { ", not '\($0)'" } ?? ""))
                }
            }
        }
        var ruleSet = engine.ruleSet
        if !packs.isEmpty { ruleSet = validatePacks(packs, engine: engine, into: &report) ?? ruleSet }
        guard let ruleSet else { return report }
        let ids = Set(ruleSet.rules.map(\.id))
        for file in plans {
            guard let text = FileSource.text(file, diagnostics: &report.diagnostics) else { continue }
            let loader = PlanLoader(path: file, schemas: ruleSet.schemas, ruleIDs: ids)
            guard let plan = loader.load(text, diagnostics: &report.diagnostics) else { continue }
            report.diagnostics.append(contentsOf: PlanValidation.diagnostics(for: plan, ruleSet: ruleSet, options: options, strict: strict))
        }
        var book = WaiverBook()
        for (file, text) in waivers {
            let check = WaiverBook.Check(
                rules: ruleSet.rules.map(\.id), asOf: options.asOf, longestMonths: engine.configuration?.alerts?.policy.longestWaiverMonths ?? 12)
            WaiverBook.parse(text, path: file, check: check, into: &book, diagnostics: &report.diagnostics)
        }
        return report
    }

    /// Loads the given packs with the engine's other rule files (so fields shared between packs resolve),
    /// reports the given files' problems, and runs their rules' worked examples.
    private static func validatePacks(_ packs: [RuleSetLoader.Source], engine: Engine, into report: inout Report) -> RuleSet? {
        let given = Set(packs.map(\.path))
        // The configured (or bundled) files, less those being validated: a pack given here replaces the
        // loaded pack of the same id (an edited copy of a bundled pack, wherever it is), or of the same path.
        let givenPacks = Set(packs.compactMap { Self.value(of: "pack", in: $0.text) })
        let others = engine.ruleSources.filter { source in
            let name = source.path.hasPrefix(Engine.bundledPrefix) ? String(source.path.dropFirst(Engine.bundledPrefix.count)) : source.path
            if let id = Self.value(of: "pack", in: source.text), givenPacks.contains(id) { return false }
            return !given.contains { $0 == name || $0.hasSuffix("/" + name) }
        }
        var diagnostics = Diagnostics()
        let set = RuleSetLoader.load(others + packs, diagnostics: &diagnostics)
        report.diagnostics.append(contentsOf: diagnostics.items.filter { given.contains($0.location.path) })
        guard let set else { return nil }
        let examples = ExampleRunner.run(set, only: Set(set.rules.filter { given.contains($0.location.path) }.map(\.id)))
        for failure in examples.failures {
            report.diagnostics.append(Diagnostic(.error, failure.location, "example '\(failure.example)': \(failure.message)", code: failure.rule))
        }
        // Examples test the packs as written; plans are checked with the configuration applied
        // (disabled rules, packs switched off, local limits), as `check` does. Its own problems were
        // reported when the engine loaded it.
        guard let configuration = engine.configuration else { return set }
        var ignored = Diagnostics()
        return configuration.apply(to: set, diagnostics: &ignored)
    }

    /// The `kind:` of a YAML file, read from its top-level lines.
    static func kind(of text: String) -> String? { value(of: "kind", in: text) }

    /// A top-level key's plain value, read from the lines of a YAML file without parsing it (so a file
    /// with errors can still be told apart).
    static func value(of key: String, in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return nil
    }
}
