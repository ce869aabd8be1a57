import Foundation
import SendCheckCore

/// The composition root: turns command-line inputs into loaded rules, read cases and results.
/// Everything here is I/O around the pure core; commands only map its answers to output and exit codes.
public struct Engine {
    /// What the user asked for, before defaults from configuration.
    ///
    /// Data inputs named here (`cases`, `plans`, `sen2`) are the whole of what is checked: the
    /// configuration's data inputs of every kind are then left out, so `--sen2 FILE` checks that return
    /// alone. The configuration still supplies rules, column mappings and settings.
    public struct Inputs: Sendable {
        public var configPath: String?
        /// Read no configuration at all (`--no-config`), not even ./sendcheck.yaml.
        public var noConfig: Bool
        public var rules: [String]
        public var cases: [String]
        public var layout: CaseLayout?
        public var plans: [String]
        /// SEN2 XML returns or Blade export folders.
        public var sen2: [String]

        public init(
            configPath: String? = nil, noConfig: Bool = false, rules: [String] = [], cases: [String] = [], layout: CaseLayout? = nil,
            plans: [String] = [], sen2: [String] = []
        ) {
            self.configPath = configPath
            self.noConfig = noConfig
            self.rules = rules
            self.cases = cases
            self.layout = layout
            self.plans = plans
            self.sen2 = sen2
        }

        /// Whether any data input is named.
        public var namesData: Bool { !cases.isEmpty || !plans.isEmpty || !sen2.isEmpty }
    }

    /// The default configuration file, looked for in the working folder.
    public static let defaultConfigName = "sendcheck.yaml"

    public private(set) var configuration: Configuration?
    public private(set) var ruleSet: RuleSet?
    public private(set) var caseSources: [Configuration.CaseSource] = []
    /// With several case files: what they let sendcheck check together, joined (set by each read).
    public internal(set) var joinedCoverage: SourceCoverage?
    /// Improvement-plan files or folders.
    public private(set) var planPaths: [String] = []
    /// SEN2 returns (XML files or Blade export folders) and how to read them.
    public private(set) var sen2Paths: [String] = []
    public private(set) var sen2Settings = SEN2Settings()
    /// Plan files that could not be read or loaded in the last `readPlans`.
    public private(set) var unreadablePlans = 0
    /// The rule files the rules were loaded from (also compiled again for parallel workers).
    public private(set) var ruleSources: [RuleSetLoader.Source] = []
    /// Prefix of the paths of the packs compiled into the binary (`bundled:rules/statutory.yaml`).
    public static let bundledPrefix = "bundled:"
    public var diagnostics = Diagnostics()

    /// Loads configuration and rules. Check `ruleSet` (nil when the run cannot go on) and `diagnostics`.
    public init(_ inputs: Inputs) {
        var configPath = inputs.noConfig ? nil : inputs.configPath
        if configPath == nil, !inputs.noConfig, FileManager.default.fileExists(atPath: Self.defaultConfigName) {
            configPath = Self.defaultConfigName
        }
        var rulePaths = inputs.rules
        if let configPath {
            guard let config = Self.loadConfiguration(configPath, diagnostics: &diagnostics) else { return }
            configuration = config
            let folder = FileSource.folder(of: configPath)
            if rulePaths.isEmpty { rulePaths = config.rules.map { FileSource.resolve($0, against: folder) } }
            sen2Settings = config.sen2
            if !inputs.namesData {
                planPaths = config.plans.map { FileSource.resolve($0, against: folder) }
                sen2Paths = config.sen2.returns.map { FileSource.resolve($0, against: folder) }
                caseSources = config.cases.map {
                    var s = $0
                    s.path = FileSource.resolve(s.path, against: folder)
                    s.mapping = config.mapping.overlaid(by: s.mapping)
                    return s
                }
            }
        }
        if inputs.namesData {
            planPaths = inputs.plans
            sen2Paths = inputs.sen2
            caseSources = inputs.cases.map { caseSource(for: $0, layout: inputs.layout, configPath: configPath) }
        }
        // A file named twice (on the command line, or as two spellings of one path) is read once; a
        // workbook's sheets are each a source of their own. A workbook's first sheet is named.
        for i in caseSources.indices where caseSources[i].isWorkbook && caseSources[i].sheet == nil {
            if case .success(let names) = Workbook.sheetNames(path: caseSources[i].path) { caseSources[i].sheet = names.first }
        }
        caseSources = Self.once(caseSources, path: \.displayName, what: "case file", diagnostics: &diagnostics)
        sen2Paths = Self.once(sen2Paths, path: { $0 }, what: "SEN2 return", diagnostics: &diagnostics)
        planPaths = Self.once(planPaths, path: { $0 }, what: "plan path", diagnostics: &diagnostics)
        var sources: [RuleSetLoader.Source] = []
        if rulePaths.isEmpty {
            // No rules named: use the packs compiled into the binary (the same files as rules/).
            sources = BundledRules.files.map { RuleSetLoader.Source(path: Self.bundledPrefix + $0.path, text: $0.text + "\n") }
        }
        for path in rulePaths {
            for file in FileSource.yamlFiles(path, diagnostics: &diagnostics) {
                if let text = FileSource.text(file, diagnostics: &diagnostics) {
                    sources.append(RuleSetLoader.Source(path: file, text: text))
                }
            }
        }
        ruleSources = sources
        guard !diagnostics.hasErrors, var set = RuleSetLoader.load(sources, diagnostics: &diagnostics) else { return }
        if let config = configuration {
            set = config.apply(to: set, diagnostics: &diagnostics)
            if let schema = set.schemas["case"] { config.checkMappings(schema: schema, diagnostics: &diagnostics) }
        }
        if !diagnostics.hasErrors { ruleSet = set }
    }

    /// Each file once, in the order first named; a repeat is a warning, never read or counted twice.
    static func once<T>(_ items: [T], path: (T) -> String, what: String, diagnostics: inout Diagnostics) -> [T] {
        var seen: [String: String] = [:]
        var out: [T] = []
        for item in items {
            let p = path(item)
            let key = FileSource.canonical(p)
            if let first = seen[key] {
                diagnostics.warning(SourceLocation(path: p, line: 1, column: 1), "this \(what) is named twice (also as \(first)): it is read once")
                continue
            }
            seen[key] = p
            out.append(item)
        }
        return out
    }

    /// Why no rule can be checked from a source, and what to map.
    static func uncheckable(_ c: SourceCoverage) -> String {
        let advice =
            "map your export's headers onto sendcheck's field names under 'columns' in sendcheck.yaml "
            + (c.layout == "joined"
                ? "('sendcheck columns FILE' shows how each file's columns map)"
                : "('sendcheck columns \(Escaping.shown(c.path))' shows how each column maps)")
        let what = c.layout == "joined" ? "the case files together" : "this file"
        let started = c.rules.filter { $0.reason != .noStart }
        if !started.isEmpty {
            let needs = started.prefix(4).map { "\($0.rule) needs \($0.missing.joined(separator: ", "))" }.joined(separator: "; ")
            return
                "no rule can be checked from \(what): the clocks it starts cannot be followed (\(needs)\(started.count > 4 ? "; ..." : "")); \(advice)"
        }
        // The fields that would start the most rules, first.
        var counts: [String: Int] = [:]
        for r in c.rules {
            for field in r.missing.flatMap({ $0.components(separatedBy: " or ") }) where !field.contains(" ") { counts[field, default: 0] += 1 }
        }
        let starts = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map(\.key).joined(separator: ", ")
        let headers = c.columns.prefix(8).map { "'\(Escaping.shown($0.header))'" }.joined(separator: ", ")
        let recorded =
            c.layout == "joined"
            ? "they record: " + (c.recorded.isEmpty ? "no field" : c.recorded.joined(separator: ", "))
            : "its columns: " + headers + (c.columns.count > 8 ? ", ..." : "")
        return "no rule can be checked from \(what): none of what \(c.layout == "joined" ? "they record" : "it records") starts a rule's clock "
            + "(\(recorded); clocks start from fields such as \(starts)); \(advice)"
    }

    /// Reads a configuration file. `/dev/null`, an empty file or one of comments only means "no
    /// configuration": every setting at its default.
    static func loadConfiguration(_ path: String, diagnostics: inout Diagnostics) -> Configuration? {
        if path == "/dev/null" { return Configuration(path: path) }
        guard let text = FileSource.text(path, diagnostics: &diagnostics) else { return nil }
        let meaningful = text.utf8.split(separator: UInt8(ascii: "\n")).contains { line in
            let t = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            guard let first = t.first, first != UInt8(ascii: "#") else { return false }
            let word = String(decoding: t.prefix(4), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return word != "---" && word != "..."
        }
        guard meaningful else { return Configuration(path: path) }
        return Configuration.parse(text, path: path, diagnostics: &diagnostics)
    }

    /// A case file named on the command line: with the configuration's layout and mapping for that
    /// file when the configuration names it, else with the shared mapping.
    private func caseSource(for path: String, layout: CaseLayout?, configPath: String?) -> Configuration.CaseSource {
        guard let config = configuration, let configPath else { return Configuration.CaseSource(path: path, layout: layout) }
        let folder = FileSource.folder(of: configPath)
        let wanted = FileSource.canonical(path)
        if let own = config.cases.first(where: { FileSource.canonical(FileSource.resolve($0.path, against: folder)) == wanted }) {
            // Everything the configuration says of the file: its mapping, encoding, sheet, conventions.
            var source = own
            source.path = path
            source.layout = layout ?? own.layout
            source.mapping = config.mapping.overlaid(by: own.mapping)
            return source
        }
        var source = Configuration.CaseSource(path: path, layout: layout, mapping: config.mapping)
        source.conventions = config.conventions
        return source
    }

    /// A private compilation of the same rules (its closures share nothing with `ruleSet`), so that
    /// threads evaluating in parallel do not contend on shared reference counts.
    func compileAgain() -> RuleSet? {
        var ignored = Diagnostics()
        guard var set = RuleSetLoader.load(ruleSources, diagnostics: &ignored) else { return nil }
        if let configuration { set = configuration.apply(to: set, diagnostics: &ignored) }
        return set
    }

    /// Runs a check: reads every case (joined across the case files) and every SEN2 return, and
    /// evaluates every rule as of `options.asOf`, with the plans. Large wide-layout files are read on
    /// every core (see `ParallelCheck`); the result is the same as a sequential read.
    public mutating func check(_ options: CheckOptions, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> CheckResult? {
        guard let ruleSet else { return nil }
        let plans = readPlans()
        var accumulator = CheckAccumulator(ruleSet: ruleSet, options: options)
        let (inputs, coverage) = readSources(
            into: &accumulator, ruleSet: ruleSet, cores: cores, labels: [],
            make: {
                CheckAccumulator(ruleSet: $0, options: options)
            })
        for plan in plans { plan.subjects.forEach { accumulator.add($0) } }
        var result = accumulator.result(ruleSet: ruleSet, inputs: inputs, concurrently: cores > 1 ? onEveryCore : oneAfterAnother)
        result.coverage = coverage
        result.joined = joinedCoverage
        result.complete = complete(inputs: inputs, coverage: coverage)
        return result
    }

    /// Reads every SEN2 return, handing each request's subject to consumers made by `make` (one per
    /// core reading a large return; called on that core's thread). Returns, per return, its counts
    /// and consumers.
    public mutating func readSEN2<C: SubjectConsumer>(
        schema: Schema, cores: Int = ProcessInfo.processInfo.activeProcessorCount, make: (Int) -> C
    ) -> [(ReadStatistics, [C])] {
        var results: [(ReadStatistics, [C])] = []
        if !sen2Paths.isEmpty, ruleSet?.schemas["case"] == nil {
            diagnostics.error(SourceLocation(path: sen2Paths[0], line: 1, column: 1), "no loaded rule pack checks cases (subject: case)")
            return []
        }
        for path in sen2Paths {
            guard let key = SEN2Returns.key(sen2Settings, for: path, diagnostics: &diagnostics) else { continue }
            if let r = SEN2Returns.read(path, schema: schema, settings: sen2Settings, key: key, cores: cores, diagnostics: &diagnostics, make: make) {
                results.append(r)
            }
        }
        return results
    }

    /// The latest reference date of the SEN2 returns (the date their data stands at), if any.
    public func sen2ReferenceDate() -> Day? {
        sen2Paths.compactMap { SEN2Returns.header($0, settings: sen2Settings)?.referenceDate }.max()
    }

    /// Reads every improvement-plan file under `planPaths`.
    public mutating func readPlans() -> [PlanDocument] {
        guard let ruleSet else { return [] }
        let ids = Set(ruleSet.rules.map(\.id))
        var plans: [PlanDocument] = []
        unreadablePlans = 0
        for path in planPaths {
            let before = diagnostics.errorCount
            let files = FileSource.yamlFiles(path, diagnostics: &diagnostics)
            if diagnostics.errorCount > before { unreadablePlans += 1 }
            for file in files {
                guard let text = FileSource.text(file, diagnostics: &diagnostics) else {
                    unreadablePlans += 1
                    continue
                }
                let loader = PlanLoader(path: file, schemas: ruleSet.schemas, ruleIDs: ids)
                if let plan = loader.load(text, diagnostics: &diagnostics) { plans.append(plan) } else { unreadablePlans += 1 }
            }
        }
        return plans
    }

    /// Finds the subjects of the SEN2 returns with a reference (for `explain`).
    public mutating func findSEN2(_ id: String) -> [Subject] {
        guard let schema = ruleSet?.schemas["case"] else { return [] }
        return readSEN2(schema: schema, cores: 1) { _ in SubjectFinder(id: id) }.flatMap { $0.1.flatMap(\.found) }
    }

    /// Finds the subjects with a reference, reading their rows as written (for `explain`).
    public mutating func find(_ id: String) -> [Subject] {
        guard let ruleSet, ruleSet.schemas["case"] != nil, !caseSources.isEmpty else { return [] }
        var finder = SubjectFinder(id: id)
        let schema = ruleSet.schemas["case"]!
        var local = Diagnostics()
        _ = CaseSources(sources: caseSources, schema: schema).read(
            into: &finder, plan: .init(ruleSet: ruleSet, cores: 1, labels: [], keepRaw: true), compile: { ruleSet },
            make: { _ in SubjectFinder(id: id) },
            diagnostics: &local)
        diagnostics.append(contentsOf: local)
        return finder.found
    }
}
