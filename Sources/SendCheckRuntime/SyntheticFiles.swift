import Foundation
import SendCheckCore

/// Synthetic data written to files (`sendcheck generate`).
public enum SyntheticFiles {
    /// The cases as a council's three exports of the same children, with the configuration that
    /// joins them (`SyntheticSplit`), in `folder`. Returns why it could not, if it could not.
    public static func writeSplit(_ folder: String, count: Int, generator: inout SyntheticCases) -> String? {
        var wide = ""
        generator.generate(count: count) { wide += $0 }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var handles: [String: FileHandle] = [:]
            for name in [SyntheticSplit.names.requests, SyntheticSplit.names.meetings, SyntheticSplit.names.ceases] {
                guard FileManager.default.createFile(atPath: folder + "/" + name, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder + "/" + name])
                }
                handles[name] = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/" + name))
            }
            SyntheticSplit.split(wide) { name, text in handles[name]?.write(Data(text.utf8)) }
            for handle in handles.values { try handle.close() }
            try SyntheticSplit.configuration.write(toFile: folder + "/" + SyntheticSplit.names.config, atomically: true, encoding: .utf8)
            return nil
        } catch {
            return error.localizedDescription
        }
    }

    /// A Blade export of the synthetic SEN2 return the XML would hold (generated, read, written per
    /// module) in `folder`. Returns why it could not, if it could not.
    public static func writeBlade(_ folder: String, count: Int, seed: UInt64, year: Int) -> String? {
        var generator = SyntheticSEN2(seed: seed, year: year)
        var xml = ""
        generator.generate(count: count) { xml += $0 }
        var writer = SEN2BladeWriter()
        var diagnostics = Diagnostics()
        var header = SEN2Header()
        let bytes = Array(xml.utf8)
        let summary = bytes.withUnsafeBytes { raw in
            SEN2XMLReader(path: "generated.xml").read(raw, diagnostics: &diagnostics) { h, person in
                header = h
                writer.add(person: person.tree)
            }
        }
        if summary.persons == 0 { header = summary.header }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in writer.files(exported: header.referenceDate ?? SystemClock.today(), header: header) {
                try file.text.write(toFile: folder + "/" + file.name, atomically: true, encoding: .utf8)
            }
            return nil
        } catch {
            return error.localizedDescription
        }
    }

    /// The cases as an Excel workbook of one sheet ("Cases"), as a case-management system exports
    /// them: dates as dates, numbers as numbers, codes and references as text. Returns why it could
    /// not be written, if it could not.
    public static func writeWorkbook(_ path: String, count: Int, generator: inout SyntheticCases) -> String? {
        var writer = WorkbookWriter()
        do { try writer.addSheet("Cases") } catch { return error.message }
        var header = true
        var pending = ""
        func add(_ line: Substring) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { cell -> WorkbookCell? in
                if cell.isEmpty { return nil }
                if header { return .text(String(cell)) }
                if case .success(let day) = DateParser.parse(String(cell)) { return .date(day) }
                if let n = Int(cell) { return .number(Double(n)) }
                return .text(String(cell))
            }
            writer.addRow(cells)
            header = false
        }
        generator.generate(count: count) { chunk in
            pending += chunk
            guard let last = pending.lastIndex(of: "\n") else { return }
            for line in pending[..<last].split(separator: "\n") { add(line) }
            pending = String(pending[pending.index(after: last)...])
        }
        if !pending.isEmpty { add(Substring(pending)) }
        if case .failure(let problem) = Workbook.write(writer, to: path) { return problem.message }
        return nil
    }
}
