/// How a council's export maps onto sendcheck's fields: which header feeds which field (or the first
/// non-empty of several headers), codes a column sets when it is the one used, columns split by a
/// pattern into several fields, the council's own codes for a field's codes, and constants for fields
/// the export does not have (`docs/case-data.md`). Written in `sendcheck.yaml`; every entry keeps where
/// it was written, so a mistake is reported there.
public struct CaseMapping: Sendable, Equatable {
    /// `field: "Header in the export"`. Several columns may feed one field: the first non-empty of
    /// them, in the order written, is used.
    public struct Column: Sendable, Equatable {
        public var field: String
        public var header: String
        /// Where the field name and the header were written; nil when made in code.
        public var fieldAt: SourceLocation?
        public var headerAt: SourceLocation?
        /// From the configuration's `columns:` for every file, rather than one file's own.
        public var shared = false
        /// Values this column sets when it is the one used (`sets: {assessment_outcome: issue}`).
        public var sets: [Assignment] = []

        public init(
            field: String, header: String, fieldAt: SourceLocation? = nil, headerAt: SourceLocation? = nil, shared: Bool = false,
            sets: [Assignment] = []
        ) {
            self.field = field
            self.header = header
            self.fieldAt = fieldAt
            self.headerAt = headerAt
            self.shared = shared
            self.sets = sets
        }
    }

    /// A field's value set by a column (`assessment_outcome: issue`).
    public struct Assignment: Sendable, Equatable {
        public var field: String
        public var value: String
        public var at: SourceLocation?

        public init(field: String, value: String, at: SourceLocation? = nil) {
            self.field = field
            self.value = value
            self.at = at
        }
    }

    /// A column whose cells hold several fields (`2027 Secondary`), split by a pattern with named
    /// groups, each group named after the field it feeds.
    public struct Split: Sendable, Equatable {
        public var header: String
        public var pattern: String
        public var headerAt: SourceLocation?
        public var patternAt: SourceLocation?
        public var shared = false

        public init(header: String, pattern: String, headerAt: SourceLocation? = nil, patternAt: SourceLocation? = nil, shared: Bool = false) {
            self.header = header
            self.pattern = pattern
            self.headerAt = headerAt
            self.patternAt = patternAt
            self.shared = shared
        }

        /// The names of the pattern's named groups (`(?<name>...)`), in order.
        public var groups: [String] { Self.groupNames(pattern) }

        static func groupNames(_ pattern: String) -> [String] {
            var names: [String] = []
            var rest = Substring(pattern)
            while let open = rest.range(of: "(?<") {
                rest = rest[open.upperBound...]
                // `(?<=` and `(?<!` are look-behinds, not names.
                guard let first = rest.first, first != "=", first != "!", let close = rest.firstIndex(of: ">") else { continue }
                names.append(String(rest[..<close]))
                rest = rest[close...]
            }
            return names
        }
    }

    /// The council's code for one of a field's codes (`"Yes": assess`).
    public struct Code: Sendable, Equatable {
        public var from: String
        public var to: String
        /// Where the field's code (`to`) and the field itself were written.
        public var at: SourceLocation?
        public var fieldAt: SourceLocation?

        public init(from: String, to: String, at: SourceLocation? = nil, fieldAt: SourceLocation? = nil) {
            self.from = from
            self.to = to
            self.at = at
            self.fieldAt = fieldAt
        }
    }

    /// A field's value the export does not hold, the same on every row (`assessment_outcome: issue`
    /// for an export whose plan date column only ever holds final plans).
    public struct Constant: Sendable, Equatable {
        public var field: String
        public var value: String
        public var at: SourceLocation?

        public init(field: String, value: String, at: SourceLocation? = nil) {
            self.field = field
            self.value = value
            self.at = at
        }
    }

    public var columns: [Column] = []
    public var splits: [Split] = []
    /// Per field, the council's codes. Under `event`, an event export's own names for events.
    public var values: [String: [Code]] = [:]
    public var constants: [Constant] = []

    public init(columns: [Column] = [], splits: [Split] = [], values: [String: [Code]] = [:], constants: [Constant] = []) {
        self.columns = columns
        self.splits = splits
        self.values = values
        self.constants = constants
    }

    /// A mapping of headers only (`field: header`), as tests and the command line make them.
    public init(_ columns: [String: String]) {
        self.columns = columns.sorted { $0.key < $1.key }.map { Column(field: $0.key, header: $0.value) }
    }

    public var isEmpty: Bool { columns.isEmpty && splits.isEmpty && values.isEmpty && constants.isEmpty }

    /// This mapping (shared by every file) with a file's own on top: the file's entries for a field
    /// (all its columns), a split of the same header, a field's codes and a constant win.
    public func overlaid(by own: CaseMapping) -> CaseMapping {
        var out = own
        let ownColumns = Set(own.columns.map(\.field))
        out.columns = columns.filter { !ownColumns.contains($0.field) } + own.columns
        let ownSplits = Set(own.splits.map { $0.header.trimmingSpaces.lowercased() })
        out.splits = splits.filter { !ownSplits.contains($0.header.trimmingSpaces.lowercased()) } + own.splits
        out.values = values.merging(own.values) { _, mine in mine }
        let ownConstants = Set(own.constants.map(\.field))
        out.constants = constants.filter { !ownConstants.contains($0.field) } + own.constants
        return out
    }

    /// The names of the layouts' own columns, which a mapping may also rename: `event`, `date` and
    /// `value` of the long and events layouts.
    public static let layoutColumns = ["event", "date", "value"]

    /// Checks the mapping against the fields of the loaded packs: every target a field (with "did you
    /// mean", and a word when it is written the wrong way round), codes that exist, constants and
    /// values set by a column that read, patterns that compile, and no header feeding two fields.
    public func validate(schema: Schema, diagnostics: inout Diagnostics) {
        validate(schema: schema, own: nil, diagnostics: &diagnostics)
    }

    /// `validate`, reporting only the problems of `own`'s entries (a file's own mapping over the
    /// shared one, whose problems are reported once, by itself).
    public func validate(schema: Schema, own: CaseMapping?, diagnostics: inout Diagnostics) {
        guard let own else { return check(schema: schema, diagnostics: &diagnostics) }
        var all = Diagnostics()
        check(schema: schema, diagnostics: &all)
        var places = Set<SourceLocation>()
        for c in own.columns { ([c.fieldAt, c.headerAt] + c.sets.map(\.at)).compactMap { $0 }.forEach { places.insert($0) } }
        for s in own.splits { [s.headerAt, s.patternAt].compactMap { $0 }.forEach { places.insert($0) } }
        for codes in own.values.values { (codes.compactMap(\.at) + codes.compactMap(\.fieldAt)).forEach { places.insert($0) } }
        own.constants.compactMap(\.at).forEach { places.insert($0) }
        diagnostics.append(contentsOf: all.items.filter { places.contains($0.location) })
    }

    private func check(schema: Schema, diagnostics: inout Diagnostics) {
        let fields = schema.fields.map(\.name)
        let known = Set(fields + Self.layoutColumns)
        let somewhere = SourceLocation(path: "configuration", line: 1, column: 1)
        var headers: [String: Column] = [:]
        for c in columns {
            let at = c.fieldAt ?? somewhere
            if !known.contains(c.field) {
                let reversed = c.header.trimmingSpaces.lowercased()
                if known.contains(reversed) {
                    diagnostics.error(
                        at,
                        "this mapping is written the wrong way round: the field name comes first, then your header; write '\(reversed): \(c.field)'")
                } else {
                    diagnostics.error(at, "'\(c.field)' is not a field of any loaded rule pack" + Suggestion.hint(for: c.field, in: fields))
                }
                continue
            }
            let key = c.header.trimmingSpaces.lowercased()
            if key.isEmpty {
                diagnostics.error(c.headerAt ?? at, "the header mapped to '\(c.field)' is empty")
            } else if let earlier = headers[key] {
                diagnostics.error(
                    c.headerAt ?? at,
                    "header '\(c.header)' is mapped to both '\(earlier.field)' and '\(c.field)'; one column feeds one field"
                        + (earlier.headerAt.map { " (the first at \($0))" } ?? ""))
            } else {
                headers[key] = c
            }
            checkSets(c, schema: schema, fields: fields, diagnostics: &diagnostics)
        }
        checkSplits(schema: schema, fields: fields, headers: headers, diagnostics: &diagnostics)
        checkValues(schema: schema, fields: fields, diagnostics: &diagnostics)
        let mappedFields = Set(columns.map(\.field) + splits.flatMap(\.groups))
        for c in constants {
            let at = c.at ?? somewhere
            guard let definition = schema.field(c.field) else {
                diagnostics.error(
                    at, "'\(c.field)' under 'constants' is not a field of any loaded rule pack" + Suggestion.hint(for: c.field, in: fields))
                continue
            }
            if mappedFields.contains(c.field) {
                diagnostics.error(at, "'\(c.field)' is both mapped to a column and given a constant; keep one")
            }
            if case .failure(let problem) = definition.parser().parse(c.value) {
                diagnostics.error(at, "the constant for '\(c.field)': \(problem)")
            }
        }
    }

    /// The values a column sets: fields that exist, values that read, and no field both set and mapped.
    private func checkSets(_ c: Column, schema: Schema, fields: [String], diagnostics: inout Diagnostics) {
        let mapped = Set(columns.map(\.field) + splits.flatMap(\.groups))
        for s in c.sets {
            let at = s.at ?? c.fieldAt ?? SourceLocation(path: "configuration", line: 1, column: 1)
            guard let definition = schema.field(s.field) else {
                diagnostics.error(at, "'\(s.field)' under 'sets' is not a field of any loaded rule pack" + Suggestion.hint(for: s.field, in: fields))
                continue
            }
            if mapped.contains(s.field) {
                diagnostics.error(
                    at,
                    "'\(s.field)' is both mapped to a column and set by the column '\(c.header)'; keep one (a column's 'sets' fill a field no column feeds)"
                )
            }
            let parser = definition.parser(aliases: aliases(for: s.field, type: definition.type))
            if case .failure(let problem) = parser.parse(s.value) {
                diagnostics.error(at, "the value '\(s.field)' is set to: \(problem)")
            }
        }
    }

    /// Split columns: a pattern that compiles, named groups that are fields, a header not also mapped.
    private func checkSplits(schema: Schema, fields: [String], headers: [String: Column], diagnostics: inout Diagnostics) {
        var seen = Set<String>()
        for split in splits {
            let at = split.patternAt ?? split.headerAt ?? SourceLocation(path: "configuration", line: 1, column: 1)
            let key = split.header.trimmingSpaces.lowercased()
            if let column = headers[key] {
                diagnostics.error(
                    split.headerAt ?? at, "header '\(split.header)' is both split by a pattern and mapped to '\(column.field)'; keep one")
            }
            if !seen.insert(key).inserted { diagnostics.error(split.headerAt ?? at, "header '\(split.header)' is split twice") }
            if let problem = SplitPattern.problem(split.pattern) {
                diagnostics.error(at, "the pattern for '\(split.header)' does not compile: \(problem)")
                continue
            }
            let groups = split.groups
            if groups.isEmpty {
                diagnostics.error(
                    at, "the pattern for '\(split.header)' has no named group; name each part after its field, as in (?<transfer_year>\\d{4})")
            }
            for group in groups where schema.field(group) == nil {
                diagnostics.error(
                    at, "the pattern's group '\(group)' is not a field of any loaded rule pack" + Suggestion.hint(for: group, in: fields))
            }
        }
    }

    private func checkValues(schema: Schema, fields: [String], diagnostics: inout Diagnostics) {
        for (field, codes) in values.sorted(by: { $0.key < $1.key }) {
            let at = codes.first?.fieldAt ?? codes.first?.at ?? SourceLocation(path: "configuration", line: 1, column: 1)
            if field == "event" {
                // An event export's own names for events: each maps onto a date field.
                let dates = schema.fields.filter { $0.type == .date }.map(\.name)
                for code in codes where !dates.contains(code.to.lowercased()) {
                    diagnostics.error(
                        code.at ?? at, "'\(code.to)' is not a date field, so it cannot be an event" + Suggestion.hint(for: code.to, in: dates))
                }
                continue
            }
            guard let definition = schema.field(field) else {
                diagnostics.error(at, "'\(field)' under 'values' is not a field of any loaded rule pack" + Suggestion.hint(for: field, in: fields))
                continue
            }
            guard case .code(let set) = definition.type else {
                diagnostics.error(at, "'\(field)' is a \(definition.type), not a code field; only codes can be mapped under 'values'")
                continue
            }
            var seen: [String: Code] = [:]
            for code in codes {
                let key = code.from.trimmingSpaces.lowercased()
                if let earlier = seen[key] {
                    diagnostics.error(code.at ?? at, "'\(code.from)' is mapped twice for '\(field)' (to '\(earlier.to)' and '\(code.to)')")
                }
                seen[key] = code
                if !set.values.contains(code.to.lowercased()) {
                    diagnostics.error(
                        code.at ?? at,
                        "'\(code.to)' is not a code of \(field) (expected \(set.values.joined(separator: ", ")))"
                            + Suggestion.hint(for: code.to, in: set.values))
                }
            }
        }
    }

    /// The council's codes for a field, as (code, index of the field's code) for the cell parser.
    func aliases(for field: String, type: ValueType) -> [(String, Int)] {
        guard case .code(let set) = type, let codes = values[field] else { return [] }
        return codes.compactMap { c in set.values.firstIndex(of: c.to.lowercased()).map { (c.from, $0) } }
    }

    /// An event export's own names for events, lower-cased, each with the event (field) it stands for.
    func eventNames() -> [String: String] {
        var out: [String: String] = [:]
        for code in values["event"] ?? [] { out[code.from.trimmingSpaces.lowercased()] = code.to.lowercased() }
        return out
    }
}
