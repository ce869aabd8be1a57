import SendCheckCore

/// An Excel workbook's sheet as CSV text, for the case readers.
enum WorkbookSource {
    struct Problem: Error {
        var message: String
        var location: SourceLocation?
    }

    static func csv(path: String, sheet: String?) -> Result<(bytes: [UInt8], sheet: String), Problem> {
        .failure(Problem(message: "reading .xlsx workbooks is not built yet", location: nil))
    }
}
