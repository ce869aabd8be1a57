import Foundation
import SendCheckCore
import ZIPFoundation

/// Excel workbooks (`.xlsx`) as case data: a sheet is converted, in memory, to CSV bytes that the
/// case-file readers read as they read a CSV file (line N is the sheet's row N), and written, for
/// tests, examples and benchmarks.
///
/// The file is memory-mapped (a file changed or cut short while it is read is refused, as for CSV),
/// its type checked by its first bytes (`WorkbookFormat`), its ZIP directory read (`ZIPDirectory`),
/// and its parts inflated within `SpreadsheetLimits`; every problem is located at `file.xlsx:1:1`, or
/// at `file.xlsx[Sheet]:row:column` for a cell.
public enum Workbook {
    /// The names of the workbook's sheets, in workbook order.
    public static func sheetNames(path: String) -> Result<[String], WorkbookProblem> {
        open(path) { archive in WorkbookReader.sheetNames(archive, path: path) }
    }

    /// The sheet named `sheet` (the first sheet in workbook order when nil) as CSV; its `path` is
    /// `file.xlsx[Sheet]`, for the CSV reader's locations.
    public static func csv(path: String, sheet: String?) -> Result<SheetCSV, WorkbookProblem> {
        open(path) { archive in WorkbookReader.csv(archive, sheet: sheet, path: path) }
    }

    /// Maps the file and reads its ZIP directory, for `body` to read parts from.
    private static func open<R>(_ path: String, _ body: (ZIPWorkbookArchive) -> Result<R, WorkbookProblem>) -> Result<R, WorkbookProblem> {
        let mapped = MappedFile.with(path) { bytes, _ -> Result<R, WorkbookProblem> in
            if let problem = WorkbookFormat.problem(bytes) { return .failure(WorkbookProblem(file: path, problem)) }
            switch ZIPDirectory.read(bytes) {
            case .failure(let failure):
                return .failure(WorkbookProblem(file: path, "this is not a readable Excel workbook: \(failure.message)"))
            case .success(let directory):
                return body(ZIPWorkbookArchive(bytes: bytes, directory: directory, path: path))
            }
        }
        switch mapped {
        case .success(let result): return result
        case .failure(let problem): return .failure(WorkbookProblem(file: path, problem.message))
        }
    }

    /// Writes the workbook `writer` holds to `path` (replacing any file there) as a `.xlsx` file: its
    /// parts deflated into a ZIP archive with ZIPFoundation (or stored as they are, with `deflate`
    /// false, as a few exporters write them).
    public static func write(_ writer: WorkbookWriter, to path: String, deflate: Bool = true) -> Result<Void, WorkbookProblem> {
        let url = URL(fileURLWithPath: path)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(at: url) }
            let archive = try Archive(url: url, accessMode: .create)
            for part in writer.parts() {
                let bytes = part.bytes
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.stamp,
                    compressionMethod: deflate ? .deflate : .none, bufferSize: 1 << 20
                ) { position, size in
                    let start = Int(position)
                    return Data(bytes[start..<min(bytes.count, start + size)])
                }
            }
            return .success(())
        } catch {
            return .failure(WorkbookProblem(file: path, "the workbook cannot be written: \(error)"))
        }
    }

    /// Every part's modification time: fixed, so that the same workbook makes the same bytes.
    private static let stamp = Date(timeIntervalSince1970: 1_767_225_600)
}
