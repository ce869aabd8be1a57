extension Configuration {
    /// A case file (or one sheet of a workbook) and how to read it: its layout, encoding, mapping,
    /// the cells that mean "blank", the rows to leave out, and its priority when sources disagree.
    public struct CaseSource: Sendable, Equatable {
        public var path: String
        public var layout: CaseLayout?
        /// The sheet of an `.xlsx` workbook (nil: the first).
        public var sheet: String?
        /// The text encoding of a CSV file; nil means UTF-8, and any other bytes are an error.
        public var encoding: SourceEncoding?
        /// How this file's headers, codes and constants map onto fields (the shared mapping included).
        public var mapping: CaseMapping
        /// Cell conventions and rows to leave out (the configuration's, with this file's own on top).
        public var conventions = CellConventions()
        /// Lower wins when two sources give one field different values; nil: the order listed.
        public var priority: Int?
        /// For the events layout: the event every row records, when the file has no event column.
        public var event: String?
        public var eventAt: SourceLocation?
        /// Where the configuration names this file; nil when it came from the command line.
        public var at: SourceLocation?
        /// Whether the configuration names it as a plain path (`- file.csv`) rather than a mapping.
        public var plain = false

        public init(path: String, layout: CaseLayout? = nil, mapping: CaseMapping = CaseMapping(), at: SourceLocation? = nil) {
            self.path = path
            self.layout = layout
            self.mapping = mapping
            self.at = at
        }

        /// How the source is shown in locations: the path, and `[sheet]` for a workbook's sheet.
        public var displayName: String { sheet.map { "\(path)[\($0)]" } ?? path }

        /// Whether the file is an Excel workbook (by its name).
        public var isWorkbook: Bool { path.lowercased().hasSuffix(".xlsx") || path.lowercased().hasSuffix(".xlsm") }

        /// The line to add to the configuration so this source is read in `encoding`.
        public func encodingAdvice(_ encoding: SourceEncoding) -> String {
            guard let at else {
                return "name the file in sendcheck.yaml under 'cases' as '- {path: \(path), encoding: \(encoding.rawValue)}'"
            }
            if plain {
                return "in \(at.path) line \(at.line), write this source as '- {path: \(path), encoding: \(encoding.rawValue)}'"
            }
            return "add 'encoding: \(encoding.rawValue)' under 'path: \(path)' in \(at.path) (line \(at.line))"
        }
    }

    /// Reads one item of `cases`: a path, or a mapping with the path and how to read it.
    static func caseSource(_ item: YAMLNode, shared: CellConventions, diagnostics: inout Diagnostics) -> CaseSource? {
        if let s = item.scalar {
            var source = CaseSource(path: s.text, at: s.location)
            source.plain = true
            source.conventions = shared
            return source
        }
        guard let cm = MappingReader.expectMapping(item, "each item of 'cases'", diagnostics: &diagnostics) else { return nil }
        let c = MappingReader(
            cm, context: "a case source",
            allowed: [
                "path", "layout", "sheet", "encoding", "priority", "event", "columns", "values", "constants", "nulls", "placeholder_dates",
                "exclude",
            ], required: ["path"], diagnostics: &diagnostics)
        guard let p = c.string("path", diagnostics: &diagnostics) else { return nil }
        var source = CaseSource(path: p, at: c["path"]?.location)
        if c["layout"] != nil { source.layout = c.choice("layout", CaseLayout.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics) }
        source.sheet = c.string("sheet", diagnostics: &diagnostics)
        if let at = c["sheet"]?.location, !source.isWorkbook {
            diagnostics.error(at, "'sheet' is for an Excel workbook (.xlsx); \(p) is read as CSV")
        }
        if c["encoding"] != nil {
            source.encoding = c.choice("encoding", SourceEncoding.allCases.map { ($0.rawValue, $0) }, diagnostics: &diagnostics)
            if let at = c["encoding"]?.location, source.isWorkbook {
                diagnostics.error(at, "a workbook's text is always Unicode: 'encoding' is for CSV files")
            }
        }
        if let (n, at) = c.int("priority", diagnostics: &diagnostics) {
            if n < 1 { diagnostics.error(at, "'priority' must be 1 or more (1 wins over 2)") } else { source.priority = n }
        }
        if let e = c.scalar("event", diagnostics: &diagnostics) {
            source.event = e.text.trimmingSpaces.lowercased()
            source.eventAt = e.location
        }
        source.mapping = mapping(c, " of case source \(p)", shared: false, &diagnostics)
        source.conventions = CellConventions.parse(c, over: shared, diagnostics: &diagnostics)
        if source.event != nil, let layout = source.layout, layout != .events, let at = source.eventAt {
            diagnostics.error(at, "'event' names the event of every row of an events export; set 'layout: events' for this source")
        }
        // An event for every row says what the file is: an events export.
        if source.event != nil, source.layout == nil { source.layout = .events }
        return source
    }
}

/// The text encodings a CSV source may be read in. Excel's "CSV (Comma delimited)" writes Windows-1252.
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
}

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
