/// `sendcheck.yaml`: where the rules and cases are, how a council's headers map to ours, amber
/// windows, the RAG mapping and rules switched off. Paths are relative to the file's folder.
/// See `docs/configuration.md` and the commented `sendcheck.yaml` at the repository root.
public struct Configuration: Sendable {
    /// When the command fails.
    public enum FailOn: String, Sendable, CaseIterable {
        case red, amber, never
    }

    public var path: String
    public var rules: [String] = []
    public var cases: [CaseSource] = []
    /// The mapping for every case file (`columns`, `values`, `constants` at the top level).
    public var mapping = CaseMapping()
    /// Cell conventions for every case file (`nulls`, `placeholder_dates`, `exclude` at the top level).
    public var conventions = CellConventions()
    public var amberDefault: Int?
    public var amberByRule: [String: (days: Int, at: SourceLocation)] = [:]
    public var rag: RAGMapping = .standard
    public var disabled: [(id: String, at: SourceLocation)] = []
    public var failOn: FailOn?
    /// Plan files or folders.
    public var plans: [String] = []
    /// Per rule: a period replacing the rule's limit (meeting cadences are set this way).
    public var limits: [String: (period: Duration, at: SourceLocation)] = [:]
    /// How a plan theme's RAG follows from its actions.
    public var themeRule: PlanBoard.ThemeRule = .worst
    /// Packs switched on or off by id (the advisory national-standards pack, for example).
    public var packs: [String: (on: Bool, at: SourceLocation)] = [:]

    /// SEN2 returns to check and how their persons are referenced (`docs/sen2.md`).
    public var sen2 = SEN2Settings()

    /// The nightly alert job's settings (`alerts:`), if any.
    public var alerts: AlertSettings?

    /// How the board report's file is written (`report:`).
    public var report = ReportSettings()

    public init(path: String) { self.path = path }

    static let keys = [
        "version", "rules", "cases", "plans", "columns", "values", "constants", "amber", "rag", "disable", "fail_on", "limits", "packs",
        "themes", "sen2", "alerts", "nulls", "placeholder_dates", "exclude", "report",
    ]

    /// Parses configuration text. Returns nil (with diagnostics) when it cannot be used.
    public static func parse(_ text: String, path: String, diagnostics: inout Diagnostics) -> Configuration? {
        let before = diagnostics.errorCount
        guard let root = YAMLParser.parse(text, path: path, diagnostics: &diagnostics),
            let m = MappingReader.expectMapping(root, "the configuration", diagnostics: &diagnostics)
        else { return nil }
        let r = MappingReader(m, context: "the configuration", allowed: keys, required: ["version"], diagnostics: &diagnostics)
        PackLoader.checkVersion(r, diagnostics: &diagnostics)
        var config = Configuration(path: path)
        config.rules = (r.scalarList("rules", diagnostics: &diagnostics) ?? []).map(\.text)
        config.mapping = mapping(r, "", shared: true, &diagnostics)
        config.conventions = CellConventions.parse(r, over: CellConventions(), diagnostics: &diagnostics)
        if let node = r["cases"] {
            for item in node.sequence ?? [node] {
                if let source = caseSource(item, shared: config.conventions, diagnostics: &diagnostics) { config.cases.append(source) }
            }
        }
        readAmber(r, into: &config, &diagnostics)
        readRAG(r, into: &config, &diagnostics)
        config.disabled = (r.scalarList("disable", diagnostics: &diagnostics) ?? []).map { ($0.text, $0.location) }
        config.plans = (r.scalarList("plans", diagnostics: &diagnostics) ?? []).map(\.text)
        readLimits(r, into: &config, &diagnostics)
        readThemes(r, into: &config, &diagnostics)
        readPacks(r, into: &config, &diagnostics)
        readSEN2(r, into: &config, &diagnostics)
        if let node = r["alerts"] { config.alerts = AlertSettings.parse(node, diagnostics: &diagnostics) }
        if let node = r["report"] { config.report = ReportSettings.parse(node, diagnostics: &diagnostics) }
        if r["fail_on"] != nil {
            config.failOn = r.choice("fail_on", FailOn.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics)
        }
        return diagnostics.errorCount == before ? config : nil
    }

    /// `columns`, `values` and `constants` of the configuration or of one case source.
    static func mapping(_ r: MappingReader, _ whose: String, shared: Bool, _ diagnostics: inout Diagnostics) -> CaseMapping {
        var out = CaseMapping()
        if let node = r["columns"], let m = MappingReader.expectMapping(node, "'columns'\(whose)", diagnostics: &diagnostics) {
            for (key, value) in m.entries {
                if let split = value.mapping, split["pattern"] != nil {
                    // `"Header": {pattern: ...}`: the key is the export's header, split into fields.
                    let sr = MappingReader(split, context: "the split of '\(key.text)'", allowed: ["pattern"], diagnostics: &diagnostics)
                    if let pattern = sr.scalar("pattern", diagnostics: &diagnostics) {
                        out.splits.append(
                            CaseMapping.Split(
                                header: key.text, pattern: pattern.text, headerAt: key.location, patternAt: pattern.location, shared: shared))
                    }
                    continue
                }
                for item in value.sequence ?? [value] {
                    guard let column = column(item, field: key, whose: whose, shared: shared, &diagnostics) else { continue }
                    out.columns.append(column)
                }
                if value.sequence?.isEmpty == true {
                    diagnostics.error(value.location, "no header is given for '\(key.text)' in 'columns'\(whose)")
                }
            }
        }
        if let node = r["values"], let m = MappingReader.expectMapping(node, "'values'\(whose)", diagnostics: &diagnostics) {
            for (field, codes) in m.entries {
                guard let cm = MappingReader.expectMapping(codes, "the codes of '\(field.text)' under 'values'\(whose)", diagnostics: &diagnostics)
                else { continue }
                var list: [CaseMapping.Code] = []
                for (from, to) in cm.entries {
                    guard let t = to.scalar, !t.isNull else {
                        diagnostics.error(to.location, "'\(from.text)' must map to one of the field's codes, such as 'assess'")
                        continue
                    }
                    list.append(CaseMapping.Code(from: from.text, to: t.text.trimmingSpaces, at: t.location, fieldAt: field.location))
                }
                if list.isEmpty { diagnostics.error(field.location, "no codes are mapped for '\(field.text)' under 'values'\(whose)") }
                out.values[field.text.trimmingSpaces] = list
            }
        }
        if let node = r["constants"], let m = MappingReader.expectMapping(node, "'constants'\(whose)", diagnostics: &diagnostics) {
            for (key, value) in m.entries {
                guard let s = value.scalar, !s.isNull else {
                    diagnostics.error(value.location, "the constant for '\(key.text)' must be a single value")
                    continue
                }
                out.constants.append(CaseMapping.Constant(field: key.text.trimmingSpaces, value: s.text, at: key.location))
            }
        }
        return out
    }

    /// One column feeding `field`: a header, or `{column: "Header", sets: {field: value}}`.
    private static func column(
        _ item: YAMLNode, field: YAMLScalar, whose: String, shared: Bool, _ diagnostics: inout Diagnostics
    ) -> CaseMapping.Column? {
        let name = field.text.trimmingSpaces
        if let s = item.scalar, !s.isNull {
            return CaseMapping.Column(field: name, header: s.text, fieldAt: field.location, headerAt: s.location, shared: shared)
        }
        guard let m = item.mapping else {
            diagnostics.error(
                item.location,
                "the header for '\(field.text)' in 'columns'\(whose) must be a header, a list of headers, or {column: header, sets: {field: value}}")
            return nil
        }
        let c = MappingReader(
            m, context: "a column of '\(field.text)'", allowed: ["column", "sets"], required: ["column"], diagnostics: &diagnostics)
        guard let header = c.scalar("column", diagnostics: &diagnostics) else { return nil }
        var sets: [CaseMapping.Assignment] = []
        if let node = c["sets"], let sm = MappingReader.expectMapping(node, "'sets' of '\(header.text)'", diagnostics: &diagnostics) {
            for (key, value) in sm.entries {
                guard let v = value.scalar, !v.isNull else {
                    diagnostics.error(value.location, "'sets' gives each field one value, such as 'assessment_outcome: issue'")
                    continue
                }
                sets.append(CaseMapping.Assignment(field: key.text.trimmingSpaces, value: v.text, at: key.location))
            }
        }
        return CaseMapping.Column(field: name, header: header.text, fieldAt: field.location, headerAt: header.location, shared: shared, sets: sets)
    }

    static func days(_ s: YAMLScalar, _ diagnostics: inout Diagnostics) -> Int? {
        guard let d = Duration.parse(s.text), let n = d.fixedDays else {
            diagnostics.error(
                s.location, Duration.problem(s.text) ?? "an amber window is a number of days or weeks such as '14 days', not '\(s.text)'")
            return nil
        }
        return n
    }

    /// Checks the shared mapping and each case file's own against the case fields of the loaded packs.
    public func checkMappings(schema: Schema, diagnostics: inout Diagnostics) {
        mapping.validate(schema: schema, diagnostics: &diagnostics)
        conventions.check(schema: schema, diagnostics: &diagnostics)
        for source in cases {
            if !source.mapping.isEmpty {
                mapping.overlaid(by: source.mapping).validate(schema: schema, own: source.mapping, diagnostics: &diagnostics)
            }
            if source.conventions.exclude != conventions.exclude { source.conventions.check(schema: schema, diagnostics: &diagnostics) }
            if let event = source.event, schema.field(event)?.type != .date {
                let dates = schema.fields.filter { $0.type == .date }.map(\.name)
                diagnostics.error(
                    source.eventAt ?? source.at ?? SourceLocation(path: path, line: 1, column: 1),
                    "'\(event)' is not a date field, so it cannot be the event of every row" + Suggestion.hint(for: event, in: dates))
            }
        }
    }

    /// Applies amber windows and disabled rules to a loaded rule set, reporting unknown rule ids.
    public func apply(to ruleSet: RuleSet, diagnostics: inout Diagnostics) -> RuleSet {
        var set = ruleSet
        let ids = Set(set.rules.map(\.id))
        for (id, (_, at)) in amberByRule where !ids.contains(id) {
            diagnostics.error(at, "no rule '\(id)' is loaded" + Suggestion.hint(for: id, in: ids))
        }
        for (id, at) in disabled where !ids.contains(id) {
            diagnostics.error(at, "no rule '\(id)' is loaded" + Suggestion.hint(for: id, in: ids))
        }
        for (id, (_, at)) in limits where !ids.contains(id) {
            diagnostics.error(at, "no rule '\(id)' is loaded" + Suggestion.hint(for: id, in: ids))
        }
        let packIDs = set.packs.map(\.id)
        for (id, (_, at)) in packs where !packIDs.contains(id) {
            diagnostics.error(at, "no pack '\(id)' is loaded" + Suggestion.hint(for: id, in: packIDs))
        }
        let off = Set(disabled.map(\.id))
        let packsOff = Set(packs.filter { !$0.value.on }.map(\.key))
        set.rules = set.rules.filter { !off.contains($0.id) && !packsOff.contains($0.pack) }
        set.packs = set.packs.filter { !packsOff.contains($0.id) }
        for i in set.rules.indices {
            if let (period, _) = limits[set.rules[i].id] {
                if set.rules[i].limits.count == 1, case .period(let own) = set.rules[i].limits[0].limit, own == period { continue }
                set.rules[i].limits = [Rule.LimitCase(condition: nil, limit: .period(period), text: period.description + " (configured)")]
            }
        }
        for i in set.rules.indices {
            if let (days, _) = amberByRule[set.rules[i].id] {
                set.rules[i].amberDays = days
            } else if !set.rules[i].amberFromRule, let d = amberDefault {
                set.rules[i].amberDays = d
            }
        }
        return set
    }
}
