/// Reads a case CSV (wide or long layout) into subjects, one at a time, with located diagnostics.
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
        if let problem = TextEncoding.problem(bytes, csv: true) {
            diagnostics.error(SourceLocation(path: path, line: 1, column: 1), problem)
            return nil
        }
        var scanner = CSVScanner(bytes)
        var header: [CSVScanner.Field] = []
        let headerLine: Int
        do {
            guard let l = try scanner.nextRow(into: &header) else {
                diagnostics.error(SourceLocation(path: path, line: 1, column: 1), "the file is empty; expected a header row naming the columns")
                return nil
            }
            headerLine = l
        } catch {
            diagnostics.error(SourceLocation(path: path, line: 1, column: error.column), "the header row cannot be read: \(error.message)")
            return nil
        }
        // A header names columns: a cell of kilobytes means the first row is not a header at all.
        if let long = header.firstIndex(where: { $0.end - $0.start > Self.maximumHeaderBytes }) {
            diagnostics.error(
                SourceLocation(path: path, line: headerLine, column: long + 1),
                "the header's column \(long + 1) is \(header[long].end - header[long].start) bytes long; a header names each column in a few words: is the first row a header?"
            )
            return nil
        }
        let names = header.map { scanner.string($0).trimmingSpaces }
        guard let canonical = Self.resolve(names, mapping: mapping, path: path, headerLine: headerLine, diagnostics: &diagnostics) else {
            return nil
        }
        var seen: [String: Int] = [:]
        for (i, name) in canonical.enumerated() where !name.isEmpty && seen[name] == nil { seen[name] = i }
        let detected = layout ?? (seen["event"] != nil && seen["date"] != nil ? .long : .wide)
        guard let idColumn = seen[schema.idField] else {
            let hint = Suggestion.hint(for: schema.idField, in: names)
            diagnostics.error(
                SourceLocation(path: path, line: headerLine, column: 1),
                "no '\(schema.idField)' column; every case file needs one (map your own header to it in sendcheck.yaml under 'columns')\(hint)")
            return nil
        }
        if let segment, detected == .wide {
            // A segment re-reads the header (to know the columns) and then only its own rows.
            if segment.start > scanner.offset { scanner.seek(to: segment.start, line: segment.line) }
        }
        let context = ReadContext(
            path: path, schema: schema, scanner: scanner, headerNames: names, width: header.count, idColumn: idColumn,
            keepRaw: keepRaw, labelSlots: labels.compactMap { schema.slot(of: $0) }.sorted(), progress: progress,
            limit: detected == .wide ? (segment?.end ?? bytes.count) : bytes.count)
        let constants = Self.constants(mapping, schema: schema)
        let mappedHeaders = Set(mapping.columns.map { $0.header.trimmingSpaces.lowercased() })
        let uses = names.indices.map { i in
            ColumnUse(
                number: i + 1, header: names[i], field: schema.slot(of: canonical[i]) != nil ? canonical[i] : nil,
                mapped: mappedHeaders.contains(names[i].lowercased()))
        }
        var stats: ReadStatistics
        switch detected {
        case .wide:
            var present = [Bool](repeating: false, count: schema.fields.count)
            for name in canonical { if let slot = schema.slot(of: name) { present[slot] = true } }
            for (slot, _) in constants { present[slot] = true }
            var reader = WideCaseReader(
                context, canonical: canonical, mapping: mapping, constants: constants, recorded: FieldPresence(path: path, present: present),
                references: references ?? SubjectReferences(expected: bytes.count / 96))
            stats = reader.read(diagnostics: &diagnostics, body: body)
            stats.recorded = schema.fields.indices.filter { present[$0] }.map { schema.fields[$0].name }
        case .long:
            guard let eventColumn = seen["event"], let dateColumn = seen["date"] else {
                diagnostics.error(SourceLocation(path: path, line: headerLine, column: 1), "the long layout needs 'event' and 'date' columns")
                return nil
            }
            var reader = LongCaseReader(
                context, eventColumn: eventColumn, dateColumn: dateColumn, valueColumn: seen["value"], mapping: mapping, constants: constants)
            stats = reader.read(diagnostics: &diagnostics, body: body)
        }
        stats.layout = detected
        stats.columns = uses
        return stats
    }

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
                    stats.rowsRejected += 1
                    let plural = fields.count == 1 ? "" : "s"
                    if let quoted = fields.firstIndex(where: { scanner.spansLines($0) }) {
                        // A quote that closes lines later swallowed the rows between: reject this line
                        // alone and read the lines after it again, as rows of their own.
                        let closedOn = scanner.line - (scanner.atEnd ? 0 : 1)
                        diagnostics.error(
                            location(rowLine, quoted + 1),
                            "row rejected: it has \(fields.count) field\(plural) but the header has \(width): the quote that opens field \(quoted + 1) "
                                + "closes only on line \(closedOn); this line is rejected and the lines after it are read again as rows")
                        scanner.resumeAfterFirstLineOfRow()
                        continue
                    }
                    diagnostics.error(
                        location(rowLine, min(fields.count, width) + 1),
                        "row rejected: it has \(fields.count) field\(plural) but the header has \(width)")
                    continue
                }
                return rowLine
            } catch {
                stats.rowsRead += 1
                stats.rowsRejected += 1
                if error.unclosedQuote {
                    diagnostics.error(
                        location(scanner.rowStartLine, error.column),
                        "row rejected: the quote that opens field \(error.column) is never closed; this line is rejected and the lines after it are read again as rows"
                    )
                    scanner.resumeAfterFirstLineOfRow()
                    continue
                }
                // A quote that ran on over later lines before the row went wrong: the same recovery.
                let lastLine = scanner.line - (scanner.atEnd ? 0 : 1)
                if lastLine > scanner.rowStartLine {
                    diagnostics.error(
                        location(scanner.rowStartLine, error.column),
                        "row rejected: the quote that opens field \(error.column) runs on to line \(lastLine), where \(error.message); "
                            + "this line is rejected and the lines after it are read again as rows")
                    scanner.resumeAfterFirstLineOfRow()
                    continue
                }
                diagnostics.error(location(line, error.column), "row rejected: \(error.message)")
                if scanner.atEnd { return nil }
            }
        }
    }

    /// The byte range of the subject id in a row, without surrounding spaces.
    func idRange(_ fields: [CSVScanner.Field]) -> (Int, Int) {
        var (lo, hi) = (fields[idColumn].start, fields[idColumn].end)
        let b = scanner.bytes
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
        return (lo, hi)
    }

    /// The longest subject reference, in bytes: references are short pseudonymous codes.
    static let maximumIDBytes = 200

    /// The subject id in a row, or a rejection: a reference is shown in every report, so it must be
    /// UTF-8 text without control characters, and short.
    func id(_ fields: [CSVScanner.Field], line: Int, diagnostics: inout Diagnostics) -> String? {
        let (lo, hi) = idRange(fields)
        let raw = UnsafeRawBufferPointer(rebasing: scanner.bytes[lo..<hi])
        let at = location(line, idColumn + 1)
        guard raw.count <= Self.maximumIDBytes else {
            diagnostics.error(at, "row rejected: '\(schema.idField)' is \(raw.count) bytes long; a reference is at most \(Self.maximumIDBytes)")
            return nil
        }
        // One pass over the bytes: control characters, and anything beyond ASCII, take the slow check.
        if raw.contains(where: { $0 < 0x20 || $0 >= 0x7F }) {
            guard TextEncoding.isValidUTF8(raw) else {
                diagnostics.error(at, "row rejected: '\(schema.idField)' is not valid UTF-8 text (is the file in another encoding?)")
                return nil
            }
            let text = String(decoding: raw, as: UTF8.self)
            if Escaping.needsEscaping(text) {
                diagnostics.error(at, "row rejected: '\(schema.idField)' '\(Escaping.shown(text))' holds a control character")
                return nil
            }
        }
        let id = fields[idColumn].hasEscapes ? scanner.string(fields[idColumn]).trimmingSpaces : String(decoding: raw, as: UTF8.self)
        if id.isEmpty {
            diagnostics.error(at, "row rejected: '\(schema.idField)' is empty")
            return nil
        }
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
