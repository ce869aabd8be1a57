/// How many rows a case source had, and what became of them. Every row read is evaluated, rejected
/// with a reason, or skipped and counted (blank rows, footer rows and rows `exclude` names).
public struct ReadStatistics: Sendable, Equatable {
    public var path: String
    public var rowsRead = 0
    public var rowsEvaluated = 0
    public var rowsRejected = 0
    /// Cells that could not be read (the row is evaluated; rules that read the cell are `invalid`).
    public var invalidCells = 0
    /// Rows with no non-blank cell (spreadsheet leftovers): skipped and counted, not rejected.
    public var rowsBlank = 0
    /// Footer rows (`Total`, `Grand Total`) and rows `exclude` names: skipped and counted, never cases.
    public var rowsExcluded = 0
    /// Cells read as blank because they hold a configured null value (`N/A`).
    public var nullCells = 0
    /// Dates read as blank because they are a placeholder (`01/01/1900`).
    public var placeholderDates = 0
    /// Events read twice (the same event on the same date for one subject): counted once.
    public var duplicateEvents = 0
    /// Values of this source another source overruled (they disagreed; the other has the better priority).
    public var conflicts = 0
    /// Subjects made from the rows (equal to rows evaluated for the wide layout).
    public var subjects = 0
    /// Whether part of the file could not be read at all (a return cut short or broken): what is
    /// missing cannot be counted, so the run must not pass as complete.
    public var incomplete = false
    /// How the file was read: its layout, and what each column fed.
    public var layout: CaseLayout?
    public var columns: [ColumnUse] = []
    /// The fields the file records (columns, events present, constants), in schema order.
    public var recorded: [String] = []
    /// The text of label values (a team's name, a caseworker's address) by the hash subjects hold,
    /// kept when a reader is asked to (reports group by team, alerts route to caseworkers).
    public var labels = LabelTable()
    /// The references of rejected rows whose reference could be read, at most
    /// `maximumRejectedReferences`: those children's pictures are partial tonight, so the alert job
    /// keeps their alerts as they were.
    public var rejectedReferences: [String] = []

    /// The most references of rejected rows kept; beyond it, rejected rows are counted only.
    public static let maximumRejectedReferences = 1000

    public init(path: String) { self.path = path }

    /// Whether every rejected row is named in `rejectedReferences`. When not (a reference that could
    /// not be read, a SEN2 request lost, more rejections than are kept), some child's picture is
    /// partial and nobody can say whose: nothing may be taken as gone from the data.
    public var everyRejectedRowNamed: Bool { rejectedReferences.count == rowsRejected }

    /// Counts a rejected row, keeping its reference when it could be read.
    mutating func reject(reference: String?) {
        rowsRejected += 1
        if let reference, rejectedReferences.count < Self.maximumRejectedReferences { rejectedReferences.append(reference) }
    }

    /// Adds the counts of another part of the same file.
    public mutating func add(_ other: ReadStatistics) {
        rowsRead += other.rowsRead
        rowsEvaluated += other.rowsEvaluated
        rowsRejected += other.rowsRejected
        invalidCells += other.invalidCells
        rowsBlank += other.rowsBlank
        rowsExcluded += other.rowsExcluded
        nullCells += other.nullCells
        placeholderDates += other.placeholderDates
        duplicateEvents += other.duplicateEvents
        conflicts += other.conflicts
        subjects += other.subjects
        incomplete = incomplete || other.incomplete
        if layout == nil { layout = other.layout }
        if columns.isEmpty { columns = other.columns }
        if recorded.isEmpty { recorded = other.recorded }
        labels.merge(other.labels)
        rejectedReferences += other.rejectedReferences.prefix(max(0, Self.maximumRejectedReferences - rejectedReferences.count))
    }
}

/// What one column of a case file fed.
public struct ColumnUse: Sendable, Equatable {
    /// 1-based, as spreadsheet users count.
    public var number: Int
    public var header: String
    /// The field the column feeds; nil when no loaded rule reads it (kept for `explain`).
    public var field: String?
    /// Whether the configuration's mapping named it (rather than the header being the field's name).
    public var mapped: Bool

    public init(number: Int, header: String, field: String?, mapped: Bool) {
        self.number = number
        self.header = header
        self.field = field
        self.mapped = mapped
    }
}

/// The layout of a case file (`docs/case-data.md`).
public enum CaseLayout: String, Sendable, CaseIterable {
    /// One row per case, one column per field.
    case wide
    /// One row per event: `case_id,event,date[,value]`.
    case long
    /// One row per event in the council's own shape: a reference and a date column, the event a
    /// constant or a column mapped onto event names, other mapped columns read with it.
    case events

    /// Whether rows are grouped by reference (one subject from many rows).
    public var isEventLayout: Bool { self != .wide }
}
