/// An RFC 4180 CSV scanner over raw bytes: quoted fields, doubled quotes, commas and line breaks in
/// quotes, LF or CRLF, and a UTF-8 byte-order mark. It creates no strings; fields are byte ranges.
public struct CSVScanner {
    /// One field of a row: a byte range, and whether it holds doubled quotes to undo.
    public struct Field: Sendable {
        public var start: Int
        public var end: Int
        public var hasEscapes: Bool
    }

    /// A problem with the shape of a row (the row is rejected).
    public struct RowError: Error, Sendable {
        public var column: Int
        public var message: String
        /// A quote opened and the file ended before it closed.
        public var unclosedQuote = false
    }

    public let bytes: UnsafeRawBufferPointer
    private var position: Int
    /// Line (1-based) where the next row starts.
    public private(set) var line = 1
    /// Byte offset and line where the row read last began (after any blank lines).
    public private(set) var rowStart = 0
    public private(set) var rowStartLine = 1

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Moves to a row boundary found by `CaseFileReader.segments`.
    public mutating func seek(to offset: Int, line: Int) {
        position = offset
        self.line = line
    }

    /// Byte offset of the next row.
    public var offset: Int { position }

    /// Whether all input has been read.
    public var atEnd: Bool { position >= bytes.count }

    /// Reads the next non-blank row into `fields`. Returns the row's first line, or nil at the end.
    /// Reads the first row as a header into `fields` and returns its line; nil, with an error at
    /// line 1, when the file is empty or the row cannot be read. `naming` says what the header names
    /// ("the columns"); `consequence`, appended to either error, what follows for the run.
    public mutating func headerRow(
        into fields: inout [Field], path: String, naming what: String, consequence: String = "", _ diagnostics: inout Diagnostics
    ) -> Int? {
        do {
            guard let line = try nextRow(into: &fields) else {
                diagnostics.error(
                    SourceLocation(path: path, line: 1, column: 1), "the file is empty; expected a header row naming \(what)\(consequence)")
                return nil
            }
            return line
        } catch {
            diagnostics.error(
                SourceLocation(path: path, line: 1, column: error.column), "the header row cannot be read: \(error.message)\(consequence)")
            return nil
        }
    }

    /// A malformed row throws after its bytes are consumed, so scanning can go on.
    public mutating func nextRow(into fields: inout [Field]) throws(RowError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        // Skip blank lines.
        while position < count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < count else { return nil }
        let rowLine = line
        rowStart = position
        rowStartLine = line
        var failure: RowError?
        while true {
            if position < count, bytes[position] == UInt8(ascii: "\"") {
                // Quoted field.
                position += 1
                let start = position
                var escapes = false
                var closed = false
                while position < count {
                    let b = bytes[position]
                    if b == UInt8(ascii: "\"") {
                        if position + 1 < count, bytes[position + 1] == UInt8(ascii: "\"") {
                            escapes = true
                            position += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == 0x0A { line += 1 }
                    position += 1
                }
                guard closed else {
                    throw RowError(column: fields.count + 1, message: "a quoted field is never closed (missing \")", unclosedQuote: true)
                }
                fields.append(Field(start: start, end: position, hasEscapes: escapes))
                position += 1
                if position < count, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A, bytes[position] != 0x0D, failure == nil {
                    failure = RowError(column: fields.count, message: "unexpected text after a closing quote")
                    while position < count, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A { position += 1 }
                }
            } else {
                let start = position
                // The common case, kept in locals so the byte loop stays in registers.
                var p = position
                if let base = bytes.baseAddress {
                    while p < count {
                        let b = base.load(fromByteOffset: p, as: UInt8.self)
                        if b == 44 || b == 10 { break }  // ',' or '\n'
                        p &+= 1
                    }
                }
                position = p
                var end = position
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                fields.append(Field(start: start, end: end, hasEscapes: false))
            }
            if position < count, bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if position < count, bytes[position] == 0x0D { position += 1 }
            if position < count, bytes[position] == 0x0A {
                position += 1
                line += 1
            }
            break
        }
        if let failure { throw failure }
        return rowLine
    }

    /// Goes back to the line after the first line of the row read last, to read on from there: after
    /// a quote that is never closed (or closes lines later, making a row of the wrong width), only the
    /// row's first line is lost, not every row the quote swallowed.
    public mutating func resumeAfterFirstLineOfRow() {
        var p = rowStart
        while p < bytes.count, bytes[p] != 0x0A { p += 1 }
        position = min(p + 1, bytes.count)
        line = rowStartLine + 1
    }

    /// Whether a field holds a line break (a quoted value over several lines).
    public func spansLines(_ field: Field) -> Bool {
        UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end]).contains(0x0A)
    }

    /// Calls `body` with a field's bytes, with doubled quotes undone.
    public func withField<R>(_ field: Field, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.hasEscapes else { return body(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += raw[i] == UInt8(ascii: "\"") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out.withUnsafeBytes(body)
    }

    /// A field's bytes as written (doubled quotes not undone).
    @inline(__always) public func raw(_ field: Field) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
    }

    /// A field as a string.
    public func string(_ field: Field) -> String {
        withField(field) { String(decoding: $0, as: UTF8.self) }
    }
}
