/// A workbook's shared-string table (`xl/sharedStrings.xml`): the text of every `t="s"` cell, which
/// the cell gives by index. Each string is kept as its CSV field (quoted where needed, see
/// `CellText`), one after another in one array, so writing a cell is one copy.
///
/// A string is the text of its `<t>` elements, rich-text runs (`<r><t>..</t></r>`) joined; phonetic
/// runs (`<rPh>`, the reading of East Asian text) are not part of it.
public struct SharedStrings: Sendable {
    /// The strings' CSV fields, one after another.
    let fields: [UInt8]
    /// Where each string's field ends in `fields` (it starts where the one before ends).
    let ends: [Int]

    /// A workbook without shared strings.
    public static let none = SharedStrings(fields: [], ends: [])

    /// The number of strings.
    public var count: Int { ends.count }

    /// String `index` as a CSV field.
    public func field(_ index: Int) -> [UInt8] {
        Array(fields[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
    }

    /// Reads the table from the bytes of `part` in the workbook at `path`.
    public static func read(_ xml: [UInt8], part: String = "xl/sharedStrings.xml", path: String) throws(WorkbookProblem) -> SharedStrings {
        let out = GrowingBytes(capacity: xml.count / 2 + 16)
        var ends: [Int] = []
        try WorkbookProblem.reading(xml) { (bytes) throws(WorkbookProblem) in
            var reader = PartReader(bytes, part: part, path: path)
            var inString = false
            var inText = false
            var phonetic = 0
            var text: [UInt8] = []
            while true {
                // The commonest string, `<si><t>text</t></si>`, read at once; a string of another
                // shape goes on event by event from where this stopped.
                if !inString, let si = reader.scanner.plainStartTag() {
                    guard si.hash == Names.si else { continue }
                    inString = true
                    text.removeAll(keepingCapacity: true)
                    guard let t = reader.scanner.plainStartTag() else { continue }
                    if t.hash == Names.rPh { phonetic += 1 }
                    guard t.hash == Names.t else { continue }
                    guard let leaf = reader.scanner.leaf(nameStart: t.nameStart, nameLength: t.nameLength) else {
                        inText = true
                        continue
                    }
                    CellText.appendXML(UnsafeRawBufferPointer(rebasing: bytes[leaf.start..<leaf.end]), to: &text)
                    if reader.scanner.plainEndTag(of: si.nameStart, si.nameLength) {
                        CellText.appendField(decoded: text, to: out)
                        ends.append(out.count)
                        inString = false
                    }
                    continue
                }
                switch try reader.next() {
                case .end: return
                case .open(let name, _, let selfClosing):
                    if name == Names.si {
                        inString = !selfClosing
                        text.removeAll(keepingCapacity: true)
                        if selfClosing { ends.append(out.count) }
                    } else if name == Names.t {
                        inText = !selfClosing
                    } else if name == Names.rPh, !selfClosing {
                        phonetic += 1
                    }
                case .close(let name):
                    if name == Names.si, inString {
                        CellText.appendField(decoded: text, to: out)
                        ends.append(out.count)
                        inString = false
                    } else if name == Names.t {
                        inText = false
                    } else if name == Names.rPh {
                        phonetic = max(0, phonetic - 1)
                    }
                case .text(let start, let end):
                    if inString, inText, phonetic == 0 { CellText.appendXML(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), to: &text) }
                }
            }
        }
        return SharedStrings(fields: out.bytes, ends: ends)
    }

    private enum Names {
        static let si = XMLScanner.nameHash("si")
        static let t = XMLScanner.nameHash("t")
        static let rPh = XMLScanner.nameHash("rPh")
    }
}
