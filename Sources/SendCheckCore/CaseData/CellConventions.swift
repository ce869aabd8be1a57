/// A source's cell conventions: cells that mean blank (`N/A`), dates that mean "no date"
/// (`01/01/1900`), and rows to leave out (`exclude`). Set at the top level of the configuration,
/// per source, or both (a source's own list replaces the top level's).
public struct CellConventions: Sendable, Equatable {
    /// Cells read as blank, compared without regard to case or surrounding spaces.
    public var nulls: [String] = []
    /// Dates read as blank: exports write them for "no date".
    public var placeholderDates: [Day] = [Day(year: 1900, month: 1, day: 1)!]
    /// Rows whose cell for a field (or layout column) holds one of the values are left out, counted.
    public var exclude: [Exclusion] = []

    public struct Exclusion: Sendable, Equatable {
        public var field: String
        public var values: [String]
        public var at: SourceLocation?
    }

    public init() {}

    /// The top level's `nulls`, `placeholder_dates` and `exclude` (over the defaults), or a source's
    /// (over the top level's).
    static func parse(_ r: MappingReader, over base: CellConventions, diagnostics: inout Diagnostics) -> CellConventions {
        var out = base
        if let list = r.scalarList("nulls", diagnostics: &diagnostics) {
            out.nulls = list.map { $0.text.trimmingSpaces }
            for s in list where s.text.trimmingSpaces.isEmpty {
                diagnostics.error(s.location, "a null value must not be empty: blank cells are blank already")
            }
        }
        if let list = r.scalarList("placeholder_dates", diagnostics: &diagnostics) {
            out.placeholderDates = list.compactMap { s in
                switch DateParser.parse(s.text) {
                case .success(let d): return d
                case .failure(let f):
                    diagnostics.error(s.location, "a placeholder date: " + f.message(for: s.text))
                    return nil
                }
            }
        }
        if let node = r["exclude"], let m = MappingReader.expectMapping(node, "'exclude'", diagnostics: &diagnostics) {
            out.exclude = []
            for (key, value) in m.entries {
                let values = (value.sequence ?? [value]).compactMap(\.scalar)
                if values.isEmpty { diagnostics.error(value.location, "'exclude' lists, per field, the values whose rows are left out") }
                out.exclude.append(Exclusion(field: key.text.trimmingSpaces.lowercased(), values: values.map(\.text), at: key.location))
            }
        }
        return out
    }

    /// The exclusions' fields that are not fields of the schema (nor layout columns), with hints.
    func check(schema: Schema, diagnostics: inout Diagnostics) {
        let known = schema.fields.map(\.name) + CaseMapping.layoutColumns
        for e in exclude where !known.contains(e.field) {
            diagnostics.error(
                e.at ?? SourceLocation(path: "configuration", line: 1, column: 1),
                "'\(e.field)' under 'exclude' is not a field of any loaded rule pack" + Suggestion.hint(for: e.field, in: known))
        }
    }
}
