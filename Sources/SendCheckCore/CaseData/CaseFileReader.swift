/// How to read one case file: its name in locations (`export.xlsx[Requests]` for a sheet), its number
/// among the run's sources, its mapping, layout and cell conventions, and for the events layout the
/// event every row records.
public struct CaseFileSpec: Sendable {
    public var path: String
    public var source: Int32
    public var mapping: CaseMapping
    public var layout: CaseLayout?
    public var conventions: CellConventions
    public var event: String?

    public init(
        path: String, source: Int32 = 0, mapping: CaseMapping = CaseMapping(), layout: CaseLayout? = nil,
        conventions: CellConventions = CellConventions(), event: String? = nil
    ) {
        self.path = path
        self.source = source
        self.mapping = mapping
        self.layout = layout
        self.conventions = conventions
        self.event = event
    }
}

/// What a streamed read does besides reading: keep the cells as written (`explain`), keep label texts
/// (team, caseworker), report progress, read one segment, share the references seen, join other sources.
public struct StreamOptions {
    public var keepRaw = false
    public var labels: Set<String> = []
    /// Called now and then with the offset of the next unread byte; bytes before it are no longer needed.
    public var progress: ((Int) -> Void)?
    public var segment: CaseFileReader.Segment?
    public var references: SubjectReferences?
    /// The other sources' rows to merge into each subject, and this part's share of the join.
    public var join: JoinPart?
    /// Warns of events dated after the plan ceased, once per subject as it is read.
    public var afterEnd: AfterEndCheck?

    public init(
        keepRaw: Bool = false, labels: Set<String> = [], progress: ((Int) -> Void)? = nil, segment: CaseFileReader.Segment? = nil,
        references: SubjectReferences? = nil, join: JoinPart? = nil, afterEnd: AfterEndCheck? = nil
    ) {
        self.afterEnd = afterEnd
        self.keepRaw = keepRaw
        self.labels = labels
        self.progress = progress
        self.segment = segment
        self.references = references
        self.join = join
    }
}

/// Reads a case CSV (wide, long or events layout) into subjects, one at a time, with located diagnostics.
///
/// Columns are matched to schema fields by header name (without regard to case or surrounding
/// spaces), after the configuration's column mapping renames a council's own headers. Columns the
/// rules do not use are kept in the file and shown by `explain`, never an error.
public enum CaseFileReader {
    /// Reads `bytes` (the contents of `path`), calling `body` with each subject.
    ///
    /// - Parameters:
    ///   - mapping: the configuration's mapping of this file's headers, codes and constants.
    ///   - layout: the layout, or nil to detect it from the header (`event` and `date` columns mean long).
    ///   - progress: called now and then with the offset of the next unread byte; bytes before it are no
    ///     longer needed (the caller may release them).
    /// - Returns: the row counts; nil when the file cannot be read at all (the diagnostics say why).
    public static func read(
        _ bytes: UnsafeRawBufferPointer, path: String, schema: Schema, mapping: CaseMapping = CaseMapping(),
        layout: CaseLayout? = nil, keepRaw: Bool = false, labels: Set<String> = [], progress: ((Int) -> Void)? = nil,
        segment: Segment? = nil, references: SubjectReferences? = nil, diagnostics: inout Diagnostics,
        body: (Subject) -> Void
    ) -> ReadStatistics? {
        read(
            bytes, CaseFileSpec(path: path, mapping: mapping, layout: layout), schema: schema,
            options: StreamOptions(keepRaw: keepRaw, labels: labels, progress: progress, segment: segment, references: references),
            diagnostics: &diagnostics, body: body)
    }

    /// Reads a file as `spec` says, calling `body` with each subject: a wide file row by row (joined
    /// with `options.join`'s sources), a long or events file once all its rows are gathered.
    public static func read(
        _ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, schema: Schema, options: StreamOptions = StreamOptions(),
        diagnostics: inout Diagnostics, body: (Subject) -> Void
    ) -> ReadStatistics? {
        guard let header = Header.read(bytes, spec, schema: schema, diagnostics: &diagnostics) else { return nil }
        var scanner = header.scanner
        if let segment = options.segment, header.layout == .wide, segment.start > scanner.offset {
            // A segment re-reads the header (to know the columns) and then only its own rows.
            scanner.seek(to: segment.start, line: segment.line)
        }
        let context = header.context(
            scanner, keepRaw: options.keepRaw, labels: options.labels, progress: options.progress,
            limit: header.layout == .wide ? (options.segment?.end ?? bytes.count) : bytes.count)
        guard header.layout == .wide else {
            // Rows of one subject may be anywhere in the file: gather them all, then hand each on.
            var index = CaseIndex()
            var reader = IndexReader(
                context: context, filler: header.filler(spec, skipping: true), filter: header.filter, layout: header.layout, source: spec.source,
                constantEvent: header.constantEvent, mapping: spec.mapping)
            var (stats, present) = reader.read(into: &index, columns: header.present(schema: schema), diagnostics: &diagnostics)
            let sealed = index.sealed()
            let presence = FieldPresence(path: spec.path, present: present, sources: Self.names(spec))
            let joiner = SubjectJoiner(
                index: sealed, ranks: [Int](repeating: 0, count: Int(spec.source) + 1), names: Self.names(spec), schema: schema, presence: presence)
            let part = JoinPart(joiner)
            for r in 0..<Int32(sealed.count) {
                let subject = joiner.subject(r, part: part, diagnostics: &diagnostics)
                options.afterEnd?.check(subject, diagnostics: &diagnostics)
                body(subject)
            }
            stats.duplicateEvents += part.tally.duplicateEvents.reduce(0, +)
            stats.subjects = sealed.count
            return header.finish(stats, present: present, schema: schema)
        }
        let present = header.present(schema: schema)
        let names = options.join?.joiner.names ?? Self.names(spec)
        let own = FieldPresence(path: spec.path, present: present, columns: header.columns(schema: schema), sources: names)
        let recorded = options.join.map { own.joined($0.joiner.presence.flags, path: spec.path, sources: names) } ?? own
        var reader = WideCaseReader(
            context: context, filler: header.filler(spec, skipping: false), filter: header.filter, recorded: recorded,
            references: options.references ?? SubjectReferences(expected: bytes.count / 96), join: options.join, source: spec.source,
            afterEnd: options.afterEnd)
        let stats = reader.read(diagnostics: &diagnostics, body: body)
        return header.finish(stats, present: present, schema: schema)
    }

    /// Reads every row of a file into `index`, to be joined with a streamed file's rows (or emitted
    /// alone). Returns the row counts and which fields the file records; nil when it cannot be read.
    public static func index(
        _ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, schema: Schema, labels: Set<String> = [], keepRaw: Bool = false,
        segment: Segment? = nil, into index: inout CaseIndex, diagnostics: inout Diagnostics
    ) -> (statistics: ReadStatistics, recorded: [Bool])? {
        guard let header = Header.read(bytes, spec, schema: schema, diagnostics: &diagnostics) else { return nil }
        var scanner = header.scanner
        // A segment re-reads the header (to know the columns) and then only its own rows.
        if let segment, segment.start > scanner.offset { scanner.seek(to: segment.start, line: segment.line) }
        let context = header.context(scanner, keepRaw: keepRaw, labels: labels, progress: nil, limit: segment?.end ?? bytes.count)
        var reader = IndexReader(
            context: context, filler: header.filler(spec, skipping: true), filter: header.filter, layout: header.layout, source: spec.source,
            constantEvent: header.constantEvent, mapping: spec.mapping)
        let (stats, present) = reader.read(into: &index, columns: header.present(schema: schema), diagnostics: &diagnostics)
        return (header.finish(stats, present: present, schema: schema), present)
    }

    /// Which fields a file records, from its header alone (nil when it cannot be read).
    public static func recorded(_ bytes: UnsafeRawBufferPointer, _ spec: CaseFileSpec, schema: Schema) -> [Bool]? {
        var ignored = Diagnostics()
        return Header.read(bytes, spec, schema: schema, diagnostics: &ignored)?.present(schema: schema)
    }

    /// Source names for a lone file's joiner: its own at its number.
    private static func names(_ spec: CaseFileSpec) -> [String] { [String](repeating: spec.path, count: Int(spec.source) + 1) }

    /// The mapping's constants as (slot, value); constants that do not read were reported when the
    /// mapping was checked and are left out.
    static func constants(_ mapping: CaseMapping, schema: Schema) -> [(Int, Value)] {
        mapping.constants.compactMap { c in
            guard let slot = schema.slot(of: c.field), case .success(let v) = schema.fields[slot].parser().parse(c.value) else {
                return nil
            }
            return (slot, v)
        }
    }
}

extension CaseFileReader {
    /// The longest header cell, in bytes.
    static let maximumHeaderBytes = 1024
}

/// What both layout readers share.
struct ReadContext {
    let path: String
    let schema: Schema
    var scanner: CSVScanner
    let headerNames: [String]
    let width: Int
    let idColumn: Int
    let keepRaw: Bool
    /// Text fields whose values' text is kept (`ReadStatistics.labels`).
    let labelSlots: [Int]
    let progress: ((Int) -> Void)?
    /// Rows starting at or after this offset belong to another segment.
    let limit: Int

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    /// Rows read since progress was last reported.
    var sinceProgress = 0

    /// Reads rows, rejecting malformed ones, calling `row` with each well-formed row's fields and line.
    mutating func rows(
        stats: inout ReadStatistics, diagnostics: inout Diagnostics,
        _ row: (ReadContext, [CSVScanner.Field], Int, inout Diagnostics) -> Bool
    ) {
        var fields: [CSVScanner.Field] = []
        while let line = nextRow(into: &fields, stats: &stats, diagnostics: &diagnostics) {
            if row(self, fields, line, &diagnostics) { stats.rowsEvaluated += 1 } else { stats.rowsRejected += 1 }
        }
    }

    /// Reads the next well-formed row into `fields` and returns its line; nil after the last row.
    /// Malformed rows on the way are counted and reported as rejected.
    mutating func nextRow(into fields: inout [CSVScanner.Field], stats: inout ReadStatistics, diagnostics: inout Diagnostics) -> Int? {
        while true {
            if let progress {
                sinceProgress += 1
                if sinceProgress == 8192 {
                    sinceProgress = 0
                    progress(scanner.offset)
                }
            }
            let line = scanner.line
            if scanner.offset >= limit { return nil }
            do {
                guard let rowLine = try scanner.nextRow(into: &fields) else { return nil }
                stats.rowsRead += 1
                if fields.count != width {
                    rejectWidth(fields, line: rowLine, stats: &stats, &diagnostics)
                    continue
                }
                return rowLine
            } catch {
                stats.rowsRead += 1
                if rejectUnreadable(error, line: line, fields: fields, stats: &stats, &diagnostics) { return nil }
            }
        }
    }

    /// A row whose width is not the header's, rejected; one whose quoted field ran on over later lines
    /// is this line alone, and the lines after it are read again.
    private mutating func rejectWidth(
        _ fields: [CSVScanner.Field], line rowLine: Int, stats: inout ReadStatistics, _ diagnostics: inout Diagnostics
    ) {
        let plural = fields.count == 1 ? "" : "s"
        let quoted = fields.firstIndex(where: { scanner.spansLines($0) })
        // A stray comma may have moved every cell, the reference's too: only the cells before a
        // stray quote are known to be whole.
        stats.reject(reference: quoted.flatMap { rejectedReference(fields, whole: $0) })
        if let quoted {
            // A quote that closes lines later swallowed the rows between: reject this line
            // alone and read the lines after it again, as rows of their own.
            let closedOn = scanner.line - (scanner.atEnd ? 0 : 1)
            diagnostics.error(
                location(rowLine, quoted + 1),
                "row rejected: it has \(fields.count) field\(plural) but the header has \(width): the quote that opens field \(quoted + 1) "
                    + "closes only on line \(closedOn); this line is rejected and the lines after it are read again as rows")
            scanner.resumeAfterFirstLineOfRow()
            return
        }
        diagnostics.error(
            location(rowLine, min(fields.count, width) + 1),
            "row rejected: it has \(fields.count) field\(plural) but the header has \(width)")
    }

    /// A row the scanner could not read, rejected; whether the file ends there.
    private mutating func rejectUnreadable(
        _ error: CSVScanner.RowError, line: Int, fields: [CSVScanner.Field], stats: inout ReadStatistics, _ diagnostics: inout Diagnostics
    ) -> Bool {
        // The cells before the one that went wrong are whole.
        stats.reject(reference: rejectedReference(fields, whole: error.column - 1))
        if error.unclosedQuote {
            diagnostics.error(
                location(scanner.rowStartLine, error.column),
                "row rejected: the quote that opens field \(error.column) is never closed; this line is rejected and the lines after it are read again as rows"
            )
            scanner.resumeAfterFirstLineOfRow()
            return false
        }
        // A quote that ran on over later lines before the row went wrong: the same recovery.
        let lastLine = scanner.line - (scanner.atEnd ? 0 : 1)
        if lastLine > scanner.rowStartLine {
            diagnostics.error(
                location(scanner.rowStartLine, error.column),
                "row rejected: the quote that opens field \(error.column) runs on to line \(lastLine), where \(error.message); "
                    + "this line is rejected and the lines after it are read again as rows")
            scanner.resumeAfterFirstLineOfRow()
            return false
        }
        diagnostics.error(location(line, error.column), "row rejected: \(error.message)")
        return scanner.atEnd
    }

    /// The reference of a row the filter lets through: nil for a blank or excluded row (counted) or
    /// a row with no usable reference (rejected, with the reason reported).
    func reference(
        _ fields: [CSVScanner.Field], line: Int, filter: RowFilter, stats: inout ReadStatistics, _ diagnostics: inout Diagnostics
    ) -> String? {
        switch filter.verdict(fields, scanner: scanner) {
        case .read: break
        case .blank:
            stats.rowsBlank += 1
            return nil
        case .excluded:
            stats.rowsExcluded += 1
            return nil
        }
        guard let id = self.id(fields, line: line, diagnostics: &diagnostics) else {
            stats.rowsRejected += 1
            return nil
        }
        return id
    }

    /// The byte range of the subject id in a row, without surrounding spaces.
    func idRange(_ fields: [CSVScanner.Field]) -> (Int, Int) {
        var (lo, hi) = (fields[idColumn].start, fields[idColumn].end)
        let b = scanner.bytes
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
        return (lo, hi)
    }

    /// The longest label cell (a team, a caseworker), in characters: a label is a name, a code or an
    /// address, and it is shown in digests and reports.
    static let maximumLabelCharacters = 200

    /// Whether a label cell of the row (`columns`: its column and the field it feeds) is longer than a
    /// label can be; if so the row is rejected, with the cell's location.
    func labelTooLong(_ fields: [CSVScanner.Field], columns: [(column: Int, slot: Int)], line: Int, diagnostics: inout Diagnostics) -> Bool {
        for (column, slot) in columns where column < fields.count && fields[column].end - fields[column].start > Self.maximumLabelCharacters {
            let length = scanner.string(fields[column]).unicodeScalars.count
            guard length > Self.maximumLabelCharacters else { continue }
            diagnostics.error(
                location(line, column + 1),
                "row rejected: '\(schema.fields[slot].name)' is \(length) characters long; a \(schema.fields[slot].name) is at most \(Self.maximumLabelCharacters)"
            )
            return true
        }
        return false
    }

    /// The longest subject reference, in bytes: references are short pseudonymous codes.
    static let maximumIDBytes = 200

    /// The subject id in a row, or a rejection: a reference is shown in every report, so it must be
    /// UTF-8 text without control characters, and short.
    func id(_ fields: [CSVScanner.Field], line: Int, diagnostics: inout Diagnostics) -> String? {
        switch readID(fields) {
        case .id(let id): return id
        case .problem(let message):
            diagnostics.error(location(line, idColumn + 1), "row rejected: " + message)
            return nil
        }
    }

    /// A row's reference cell, read: the reference, or why it cannot be one.
    enum IDCell {
        case id(String)
        case problem(String)
    }

    func readID(_ fields: [CSVScanner.Field]) -> IDCell {
        let (lo, hi) = idRange(fields)
        let raw = UnsafeRawBufferPointer(rebasing: scanner.bytes[lo..<hi])
        guard raw.count <= Self.maximumIDBytes else {
            return .problem("'\(schema.idField)' is \(raw.count) bytes long; a reference is at most \(Self.maximumIDBytes)")
        }
        // One pass over the bytes: control characters, and anything beyond ASCII, take the slow check.
        if raw.contains(where: { $0 < 0x20 || $0 >= 0x7F }) {
            guard TextEncoding.isValidUTF8(raw) else {
                return .problem("'\(schema.idField)' is not valid UTF-8 text (is the file in another encoding?)")
            }
            let text = String(decoding: raw, as: UTF8.self)
            if Escaping.needsEscaping(text) { return .problem("'\(schema.idField)' '\(Escaping.shown(text))' holds a control character") }
        }
        let id = fields[idColumn].hasEscapes ? scanner.string(fields[idColumn]).trimmingSpaces : String(decoding: raw, as: UTF8.self)
        return id.isEmpty ? .problem("'\(schema.idField)' is empty") : .id(id)
    }

    /// The reference of a row rejected for its shape, when its cell is among the first `whole` cells
    /// (those before a stray quote) and reads as a reference; nil when the row's child cannot be told.
    func rejectedReference(_ fields: [CSVScanner.Field], whole: Int) -> String? {
        guard idColumn < min(whole, fields.count), case .id(let id) = readID(fields) else { return nil }
        return id
    }
}

extension CaseFileReader {
    /// A run of whole rows of a file, for reading a file on several cores at once.
    public struct Segment: Sendable, Equatable {
        /// Byte offset of the first row.
        public var start: Int
        /// Rows starting at or after this offset belong to the next segment.
        public var end: Int
        /// Line number of the first row.
        public var line: Int
    }

    /// The layout of a file from its header, as `read` would detect it.
    public static func layout(of bytes: UnsafeRawBufferPointer, mapping: CaseMapping = CaseMapping()) -> CaseLayout {
        var scanner = CSVScanner(bytes)
        var header: [CSVScanner.Field] = []
        guard (try? scanner.nextRow(into: &header)) != nil else { return .wide }
        let renamed = Dictionary(mapping.columns.map { ($0.header.trimmingSpaces.lowercased(), $0.field) }, uniquingKeysWith: { a, _ in a })
        let names = Set(
            header.filter { $0.end - $0.start <= maximumHeaderBytes }.map { n in
                let t = scanner.string(n).trimmingSpaces.lowercased(); return renamed[t] ?? t
            })
        return names.contains("event") && names.contains("date") ? .long : .wide
    }

    /// Splits the rows after the header into up to `count` segments at row boundaries (never inside a
    /// quoted field), with the line number each starts on.
    public static func segments(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Segment] {
        var scanner = CSVScanner(bytes)
        var header: [CSVScanner.Field] = []
        guard (try? scanner.nextRow(into: &header)) != nil else { return [] }
        let first = scanner.offset
        let total = bytes.count
        guard count > 1, total - first > 1 << 16 else { return [Segment(start: first, end: total, line: scanner.line)] }
        var segments: [Segment] = []
        var start = first
        var startLine = scanner.line
        var position = first
        var line = scanner.line
        var inQuotes = false
        for k in 1..<count {
            let target = first + (total - first) * k / count
            // Walk to the target, tracking quotes and lines, then to the next line break outside quotes.
            // Eight bytes at a time while no quote is near: only line breaks need counting there.
            while position < total {
                while position + 8 <= target, !inQuotes {
                    let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    if ByteWord.contains(word, 0x22) { break }
                    line += ByteWord.count(word, 0x0A)
                    position += 8
                }
                let b = bytes[position]
                position += 1
                if b == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if b == 0x0A {
                    line += 1
                    if !inQuotes && position >= target { break }
                }
            }
            guard position < total else { break }
            segments.append(Segment(start: start, end: position, line: startLine))
            start = position
            startLine = line
        }
        segments.append(Segment(start: start, end: total, line: startLine))
        return segments
    }
}

/// The subject references read so far from one file, shared between the segments read in order,
/// so that a repeated reference is rejected however the file is split.
public final class SubjectReferences: @unchecked Sendable {
    var set: ReferenceSet

    public init(expected: Int) { set = ReferenceSet(expected: min(max(expected, 0), 4_000_000)) }

    /// Whether any reference was recorded by two of `parts` (all over the same bytes).
    public static func anyShared(_ parts: [SubjectReferences], in bytes: UnsafeRawBufferPointer) -> Bool {
        ReferenceSet.anyShared(parts.map(\.set), in: bytes)
    }
}
