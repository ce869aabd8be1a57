/// Why a workbook, or a sheet of it, cannot be read as case data: a message and where. The place is
/// `file.xlsx[Sheet]:row:column` for a cell (the sheet's row and column numbers, as the CSV made from
/// it has them), or `file.xlsx:1:1` for the whole file.
public struct WorkbookProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// A problem with the whole file at `path`.
    public init(file path: String, _ message: String) {
        self.init(SourceLocation(path: path, line: 1, column: 1), message)
    }

    /// The problem as an error diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(.error, location, message) }

    /// `path:line:col: error: message`.
    public var description: String { diagnostic.description }
}

/// What a workbook may hold before sendcheck refuses it: Excel's own sheet size, and bounds on the
/// decompressed parts so that a hostile file (a ZIP bomb, a cell of gigabytes, a sheet padded to a
/// billion columns) ends in a located error instead of exhausting memory. Each is far beyond a real
/// council's export.
public enum SpreadsheetLimits {
    /// Columns in a sheet (Excel's limit: column XFD).
    public static let columns = 16_384
    /// Rows in a sheet (Excel's limit).
    public static let rows = 1_048_576
    /// The decompressed XML of the sheet read: 4 GiB (a national export of 640,000 cases is about 300 MiB).
    public static let sheetXMLBytes = 4 << 30
    /// The decompressed shared-string table: 1 GiB.
    public static let sharedStringsBytes = 1 << 30
    /// Each other part read (the workbook, its relationships, the styles): 64 MiB.
    public static let smallPartBytes = 64 << 20
    /// The CSV made from one sheet: 2 GiB, forty times a national export (empty cells padded out to
    /// the header's width count too, so a header that reaches column XFD cannot make terabytes).
    public static let csvBytes = 2 << 30
    /// One cell, or any one tag, of the sheet's XML: 16 MiB (Excel holds at most 32,767 characters
    /// in a cell).
    public static let cellXMLBytes = 16 << 20
    /// Entries in the ZIP archive (a workbook has a few dozen).
    public static let zipEntries = 100_000
}

extension WorkbookProblem {
    /// Calls `body` with the bytes of `array`, passing on the problem it throws (an array's own
    /// `withUnsafeBytes` throws untyped errors).
    static func reading<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(WorkbookProblem) -> R) throws(WorkbookProblem) -> R {
        let result: Result<R, WorkbookProblem> = array.withUnsafeBytes { bytes in
            do throws(WorkbookProblem) {
                return .success(try body(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
