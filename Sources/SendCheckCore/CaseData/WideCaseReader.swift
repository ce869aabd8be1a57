/// The wide layout, streamed: one row per case, one column per field (`docs/case-data.md`). Each
/// row becomes a subject at once; when other sources are joined to this one, the index's rows of the
/// same reference are merged into it first (`SubjectJoiner`).
struct WideCaseReader {
    var context: ReadContext
    let filler: RowFiller
    let filter: RowFilter
    let recorded: FieldPresence
    let references: SubjectReferences
    let join: JoinPart?
    let source: Int32
    let afterEnd: AfterEndCheck?

    init(
        context: ReadContext, filler: RowFiller, filter: RowFilter, recorded: FieldPresence, references: SubjectReferences, join: JoinPart?,
        source: Int32, afterEnd: AfterEndCheck?
    ) {
        self.afterEnd = afterEnd
        self.context = context
        self.filler = filler
        self.filter = filter
        self.recorded = recorded
        self.references = references
        self.join = join
        self.source = source
    }

    /// The reference of a row that is read, and where it is in the row: nil for a blank or excluded
    /// row (counted), a row with no usable reference, a reference on an earlier row, or a label too
    /// long (rejected, with the reason reported).
    private func accepted(
        _ fields: [CSVScanner.Field], line: Int, labelColumns: [(column: Int, slot: Int)], stats: inout ReadStatistics,
        _ diagnostics: inout Diagnostics
    ) -> (String, Int, Int)? {
        guard let id = context.reference(fields, line: line, filter: filter, stats: &stats, &diagnostics) else { return nil }
        let (lo, hi) = context.idRange(fields)
        guard references.set.insert(context.scanner.bytes, start: lo, end: hi) == nil else {
            diagnostics.error(
                context.location(line, context.idColumn + 1),
                "row rejected: \(context.schema.idField) '\(id)' appears on an earlier row of this file")
            stats.reject(reference: id)
            return nil
        }
        if !labelColumns.isEmpty, context.labelTooLong(fields, columns: labelColumns, line: line, diagnostics: &diagnostics) {
            stats.reject(reference: id)
            return nil
        }
        return (id, lo, hi)
    }

    mutating func read(diagnostics: inout Diagnostics, body: (Subject) -> Void) -> ReadStatistics {
        var stats = ReadStatistics(path: context.path)
        let kind = context.schema.kind
        let fieldCount = context.schema.fields.count
        var labels = LabelTable()
        let labelColumns = context.labelSlots.compactMap { slot in filler.plan.slots.firstIndex(of: slot).map { (column: $0, slot: slot) } }
        var subject = Subject(
            id: "", kind: kind, location: context.location(1, 1), values: [Value](repeating: .missing, count: fieldCount))
        subject.recorded = recorded
        subject.source = source
        // A plain loop rather than a closure: a subject captured by a closure is copied at every call.
        var fields: [CSVScanner.Field] = []
        while let line = context.nextRow(into: &fields, stats: &stats, diagnostics: &diagnostics) {
            guard let (id, lo, hi) = accepted(fields, line: line, labelColumns: labelColumns, stats: &stats, &diagnostics) else { continue }
            // One subject is reused row after row; if the body keeps it, copy-on-write keeps that copy intact.
            subject.id = id
            subject.location.line = line
            let scanner = context.scanner
            subject.values.withUnsafeMutableBufferPointer { values in
                for i in 0..<fieldCount { values[i] = .missing }
                filler.fill(values, fields, line: line, id: id, scanner: scanner, stats: &stats, diagnostics: &diagnostics)
            }
            for (column, slot) in labelColumns {
                if case .text(let h) = subject.values[slot] { labels.add(h, context.scanner.string(fields[column]).trimmingSpaces) }
            }
            if context.keepRaw {
                let feeds = filler.plan.feeds
                subject.raw = fields.enumerated().map { (context.headerNames[$0.offset], scanner.string($0.element), feeds[$0.offset].first) }
            }
            if let join {
                if !subject.history.isEmpty { subject.history = History() }
                subject.provenance = nil
                if let r = join.joiner.reference(UnsafeRawBufferPointer(rebasing: scanner.bytes[lo..<hi])) {
                    join.joiner.merge(&subject, r, part: join, diagnostics: &diagnostics)
                    join.claimed.append(r)
                }
            }
            afterEnd?.check(subject, diagnostics: &diagnostics)
            body(subject)
            stats.rowsEvaluated += 1
        }
        stats.labels = labels
        stats.subjects = stats.rowsEvaluated
        return stats
    }
}

/// One streamed part's share of a join: the joiner (shared, only read), and the references this part
/// claimed and what it counted (written by the one thread reading the part, read after it finished).
public final class JoinPart: @unchecked Sendable {
    public let joiner: SubjectJoiner
    public internal(set) var claimed: [Int32] = []
    public internal(set) var tally: SubjectJoiner.Tally
    /// The joiner's working lists, reused subject after subject.
    var held: [SubjectJoiner.Held] = []
    var occurrences: [SubjectJoiner.Occurrence] = []
    var unreadable: [(slot: Int, origin: Origin)] = []
    var eventSlots: [Int] = []

    public init(_ joiner: SubjectJoiner) {
        self.joiner = joiner
        tally = joiner.tally()
    }
}
