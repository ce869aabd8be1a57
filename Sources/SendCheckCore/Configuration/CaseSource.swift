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
