/// Reads one of a workbook's small XML parts (the workbook, its relationships, the styles, the
/// shared strings) event by event, through `XMLScanner`, with the attributes of each start tag.
/// A part that is not XML ends in a problem located at the file (`file.xlsx:1:1`) that names the
/// part and the place in it.
struct PartReader {
    enum Event {
        /// A start tag: its name's hash (`XMLScanner.nameHash`), where its attributes are, and
        /// whether it closed itself.
        case open(name: UInt64, attributes: Range<Int>, selfClosing: Bool)
        case close(name: UInt64)
        case text(start: Int, end: Int)
        case end
    }

    let bytes: UnsafeRawBufferPointer
    /// The scanner, for a reader with fast paths of its own (`SharedStrings`).
    var scanner: XMLScanner
    /// The part's name in the archive, for messages.
    let part: String
    /// The workbook's path, for locations.
    let path: String

    init(_ bytes: UnsafeRawBufferPointer, part: String, path: String) {
        self.bytes = bytes
        self.part = part
        self.path = path
        scanner = XMLScanner(bytes)
    }

    mutating func next() throws(WorkbookProblem) -> Event {
        do {
            switch try scanner.next() {
            case .open(let name, let nameStart, let nameLength, let selfClosing):
                let end = scanner.offset - (selfClosing ? 2 : 1)
                return .open(name: name, attributes: (nameStart + nameLength)..<max(nameStart + nameLength, end), selfClosing: selfClosing)
            case .close(let name): return .close(name: name)
            case .text(let start, let end): return .text(start: start, end: end)
            case .end: return .end
            }
        } catch {
            throw WorkbookProblem(
                file: path,
                "\(part) in the workbook is not XML (line \(error.line), column \(error.column): \(error.message)); the workbook is damaged")
        }
    }

    /// The value of the attribute whose local name (after any prefix such as `r:`) is `name`, with
    /// entities decoded; nil when the tag has none.
    func attribute(_ name: StaticString, in region: Range<Int>) -> String? {
        guard let range = attributeRange(name, in: region) else { return nil }
        var out: [UInt8] = []
        CellText.appendXML(UnsafeRawBufferPointer(rebasing: bytes[range]), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An attribute's value as a whole number (nil when absent or not a number of at most 9 digits).
    func integer(_ name: StaticString, in region: Range<Int>) -> Int? {
        guard let range = attributeRange(name, in: region), !range.isEmpty, range.count <= 9 else { return nil }
        var n = 0
        for b in bytes[range] {
            let digit = b &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            n = n * 10 + Int(digit)
        }
        return n
    }

    /// The raw bytes of the attribute's value.
    func attributeRange(_ name: StaticString, in region: Range<Int>) -> Range<Int>? {
        var i = region.lowerBound
        let end = region.upperBound
        while i < end {
            while i < end, XMLScanner.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            var local = i
            while i < end, bytes[i] != UInt8(ascii: "="), !XMLScanner.isSpace(bytes[i]) {
                if bytes[i] == UInt8(ascii: ":") { local = i + 1 }
                i += 1
            }
            let nameEnd = i
            while i < end, XMLScanner.isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "=") { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < end, bytes[i] != quote { i += 1 }
            let valueEnd = i
            i += 1
            if nameEnd > nameStart, Self.same(bytes, local..<nameEnd, name) { return valueStart..<valueEnd }
        }
        return nil
    }

    /// Whether the bytes of `range` are those of `name`.
    static func same(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        for (k, i) in range.enumerated() where bytes[i] != name.utf8Start[k] { return false }
        return true
    }
}
