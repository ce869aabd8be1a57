/// How many rows a case source had, and what became of them. Every row read is either evaluated or
/// rejected with a reason.
public struct ReadStatistics: Sendable, Equatable {
    public var path: String
    public var rowsRead = 0
    public var rowsEvaluated = 0
    public var rowsRejected = 0
    /// Cells that could not be read (the row is evaluated; rules that read the cell are `invalid`).
    public var invalidCells = 0
    /// Subjects made from the rows (equal to rows evaluated for the wide layout).
    public var subjects = 0

    public init(path: String) { self.path = path }

    /// Adds the counts of another part of the same file.
    public mutating func add(_ other: ReadStatistics) {
        rowsRead += other.rowsRead
        rowsEvaluated += other.rowsEvaluated
        rowsRejected += other.rowsRejected
        invalidCells += other.invalidCells
        subjects += other.subjects
    }
}

/// The layout of a case file (`docs/case-data.md`).
public enum CaseLayout: String, Sendable, CaseIterable {
    /// One row per case, one column per field.
    case wide
    /// One row per event: `case_id,event,date[,value]`.
    case long
}
