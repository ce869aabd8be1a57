import SendCheckCore

/// A case source's bytes as the CSV readers take them: UTF-8 CSV text. A CSV file is memory-mapped
/// (and read as it is when it is UTF-8), turned into UTF-8 when the configuration names its encoding,
/// and refused with a located error naming the line to add when it is not UTF-8 and no encoding is
/// named. An Excel workbook's sheet is turned into CSV text in memory.
enum SourceBytes {
    /// Calls `body` with the source's bytes and a function releasing those before an offset. Nil, with
    /// the reason, when the source cannot be read.
    static func with<R>(
        _ source: Configuration.CaseSource, spec: CaseFileSpec, schema: Schema, diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, @escaping (Int) -> Void, inout Diagnostics) -> R
    ) -> R? {
        if source.isWorkbook {
            switch Workbook.csv(path: source.path, sheet: source.sheet) {
            case .success(let csv):
                var local = Diagnostics()
                csv.warnings.forEach { local.append($0) }
                let result = csv.bytes.withUnsafeBytes { body($0, { _ in }, &local) }
                diagnostics.append(contentsOf: local)
                return result
            case .failure(let problem):
                diagnostics.append(problem.diagnostic)
                return nil
            }
        }
        var local = Diagnostics()
        let mapped = MappedFile.with(source.path) { bytes, release -> R? in
            if let encoding = source.encoding, encoding != .utf8 {
                let text = SingleByteText.utf8(bytes, from: encoding)
                return text.withUnsafeBytes { body($0, { _ in }, &local) }
            }
            // Another encoding the header reader names (UTF-16, a spreadsheet) is left to it.
            if TextEncoding.problem(bytes, csv: true) == nil, let bad = SingleByteText.firstNonUTF8(bytes) {
                let (at, message) = EncodingCheck.problem(
                    bytes, at: bad, spec: spec, schema: schema, advice: source.encodingAdvice(.windows1252))
                local.error(at, message)
                return nil
            }
            // The check above read every page: let them go again before the rows are read.
            MappedFile.release(bytes, 0..<bytes.count)
            return body(bytes, release, &local)
        }
        switch mapped {
        case .success(let result):
            diagnostics.append(contentsOf: local)
            return result
        case .failure(let problem):
            diagnostics.append(contentsOf: local)
            diagnostics.error(SourceLocation(path: spec.path, line: 1, column: 1), problem.message)
            return nil
        }
    }
}
