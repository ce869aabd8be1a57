/// How a council's export maps onto sendcheck's fields: which header feeds which field, the
/// council's own codes for a field's codes, and constants for fields the export does not have
/// (`docs/case-data.md`). Written in `sendcheck.yaml`; every entry keeps where it was written, so a
/// mistake is reported there.
public struct CaseMapping: Sendable, Equatable {
    /// `field: "Header in the export"`.
    public struct Column: Sendable, Equatable {
        public var field: String
        public var header: String
        /// Where the field name and the header were written; nil when made in code.
        public var fieldAt: SourceLocation?
        public var headerAt: SourceLocation?
        /// From the configuration's `columns:` for every file, rather than one file's own.
        public var shared = false

        public init(field: String, header: String, fieldAt: SourceLocation? = nil, headerAt: SourceLocation? = nil, shared: Bool = false) {
            self.field = field
            self.header = header
            self.fieldAt = fieldAt
            self.headerAt = headerAt
            self.shared = shared
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
    /// Per field, the council's codes.
    public var values: [String: [Code]] = [:]
    public var constants: [Constant] = []

    public init(columns: [Column] = [], values: [String: [Code]] = [:], constants: [Constant] = []) {
        self.columns = columns
        self.values = values
        self.constants = constants
    }

    /// A mapping of headers only (`field: header`), as tests and the command line make them.
    public init(_ columns: [String: String]) {
        self.columns = columns.sorted { $0.key < $1.key }.map { Column(field: $0.key, header: $0.value) }
    }

    public var isEmpty: Bool { columns.isEmpty && values.isEmpty && constants.isEmpty }

    /// This mapping (shared by every file) with a file's own on top: the file's entry for a field wins.
    public func overlaid(by own: CaseMapping) -> CaseMapping {
        var out = own
        let ownColumns = Set(own.columns.map(\.field))
        out.columns = columns.filter { !ownColumns.contains($0.field) } + own.columns
        out.values = values.merging(own.values) { _, mine in mine }
        let ownConstants = Set(own.constants.map(\.field))
        out.constants = constants.filter { !ownConstants.contains($0.field) } + own.constants
        return out
    }

    /// The names of the long layout's own columns, which a mapping may also rename.
    public static let layoutColumns = ["event", "date", "value"]

    /// Checks the mapping against the fields of the loaded packs: every target a field (with "did you
    /// mean", and a word when it is written the wrong way round), codes that exist, constants that
    /// read, and no header feeding two fields.
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
        for c in own.columns { [c.fieldAt, c.headerAt].compactMap { $0 }.forEach { places.insert($0) } }
        for codes in own.values.values { (codes.compactMap(\.at) + codes.compactMap(\.fieldAt)).forEach { places.insert($0) } }
        own.constants.compactMap(\.at).forEach { places.insert($0) }
        diagnostics.append(contentsOf: all.items.filter { places.contains($0.location) })
    }

    private func check(schema: Schema, diagnostics: inout Diagnostics) {
        let fields = schema.fields.map(\.name)
        let known = Set(fields + Self.layoutColumns)
        var headers: [String: Column] = [:]
        for c in columns {
            let at = c.fieldAt ?? SourceLocation(path: "configuration", line: 1, column: 1)
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
        }
        let mappedFields = Set(columns.map(\.field))
        for (field, codes) in values.sorted(by: { $0.key < $1.key }) {
            let at = codes.first?.fieldAt ?? codes.first?.at ?? SourceLocation(path: "configuration", line: 1, column: 1)
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
        for c in constants {
            let at = c.at ?? SourceLocation(path: "configuration", line: 1, column: 1)
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

    /// The council's codes for a field, as (code, index of the field's code) for the cell parser.
    func aliases(for field: String, type: ValueType) -> [(String, Int)] {
        guard case .code(let set) = type, let codes = values[field] else { return [] }
        return codes.compactMap { c in set.values.firstIndex(of: c.to.lowercased()).map { (c.from, $0) } }
    }
}
