/// Reads the XML of a SEN2 return (the 2023, 2024 and 2025 layouts; 2026 uses the 2025 elements)
/// into blocks, one person at a time, so memory does not grow with the file.
///
/// Tolerant as the field needs (`docs/sen2.md`): element names are compared without regard to case or
/// namespace prefix, unknown elements are passed through (their values ignored, what is inside them
/// still read), and every block may repeat. What it cannot use is reported at `file.xml:LINE:COL`:
/// a block outside the block it belongs in, an end tag that matches nothing, a file that stops being
/// XML (the persons before that point are still checked).
public struct SEN2XMLReader: Sendable {
    public let path: String
    private let names: SEN2NameTable

    public init(path: String, personID: String? = nil) {
        self.path = path
        names = SEN2Name.table(personID: personID)
    }

    /// What a read found besides the persons.
    public struct Summary: Sendable {
        public var header = SEN2Header()
        public var persons = 0
        public var requestsLost = 0
        /// The line the read ended on (so the next part's lines follow on from it).
        public var lines = 1
        /// Whether the read met nothing irregular (no syntax error, unclosed or misplaced element). A
        /// part read in parallel that is not clean may have been split in a bad place (inside a
        /// comment, say): the caller then reads the whole file again on one core.
        public var clean = true

        public init() {}
    }

    private struct Frame {
        var hash: UInt64
        /// Where the name is in the start tag (an end tag with the same bytes closes it without hashing).
        var nameStart: Int
        var nameLength: Int
        var name: SEN2Name?
        var line: Int
        var column: Int
        var textStart = -1
        var textEnd = -1
        var textLine = 0
        var textColumn = 0
        /// The value so far when it came in several pieces (around a comment, or as CDATA).
        var pieces: String?
        var hasChild = false
        /// Whether this frame opened a block (pushed on the block stack).
        var opensBlock = false
        /// Whether this element and everything inside it are ignored (a block out of place).
        var ignored = false
    }

    /// Deeper nesting is refused: a SEN2 return is about eight deep, and a bound keeps matching end
    /// tags linear on hostile input.
    static let maximumDepth = 256

    /// The block each block must sit in (nil: anywhere).
    private static func parent(of name: SEN2Name) -> SEN2Name? {
        switch name {
        case .requests: return .person
        case .assessment, .activePlans: return .requests
        case .namedPlan: return .assessment
        case .planDetail: return .namedPlan
        case .placementDetail, .senNeed: return .activePlans
        case .collectionDetails, .source: return .header
        default: return nil
        }
    }

    /// Reads every person, handing each to `body` with the header read so far. `progress` is told
    /// the offset read up to after each person (the bytes before it are no longer needed).
    public func read(
        _ bytes: UnsafeRawBufferPointer, progress: ((Int) -> Void)? = nil, diagnostics: inout Diagnostics,
        body: (SEN2Header, SEN2Block) -> Void
    ) -> Summary {
        read(bytes, segment: nil, progress: progress, diagnostics: &diagnostics, body: body)
    }

    /// A part of a return that begins at a `<Person>` start tag (see `segments`), read with the
    /// return's header: end tags of the enclosing `Persons` and `Message` are expected in it.
    ///
    /// Line numbers in a part count from its `line` (1 unless known): the parts are read at once,
    /// so the lines before a part are only known when the parts before it have been read. The caller
    /// shifts what a part reported by the lines of the parts before it (`Summary.lines`).
    public struct Segment: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var line: Int
        public var header: SEN2Header?
    }

    /// Reads one segment of a return, or the whole of it.
    public func read(
        _ whole: UnsafeRawBufferPointer, segment: Segment?, progress: ((Int) -> Void)? = nil, diagnostics: inout Diagnostics,
        body: (SEN2Header, SEN2Block) -> Void
    ) -> Summary {
        var summary = Summary()
        let bytes = segment.map { UnsafeRawBufferPointer(rebasing: whole[..<$0.end]) } ?? whole
        var scanner = XMLScanner(bytes, from: segment?.start ?? 0, line: segment?.line ?? 1)
        if let header = segment?.header { summary.header = header }
        var frames: [Frame] = []
        var blocks: [SEN2Block] = []
        var ignoredDepth = 0
        var sawMessage = false
        func location(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(path: path, line: line, column: column) }

        func closeBlock(_ frame: Frame) {
            guard var block = blocks.popLast() else { return }
            switch block.name {
            case .person:
                summary.persons += 1
                body(summary.header, block)
                progress?(scanner.offset)
            case .header:
                summary.header = SEN2Header(block, path: path)
            default:
                if blocks.isEmpty { return }
                blocks[blocks.count - 1].children.append(block)
            }
        }

        func close(_ frame: Frame) {
            if frame.ignored {
                ignoredDepth -= 1
                return
            }
            if frame.opensBlock {
                closeBlock(frame)
                return
            }
            guard let name = frame.name, !frame.hasChild, !name.isBlock, name.isRead, !blocks.isEmpty else { return }
            var text = ""
            var line = frame.line
            var column = frame.column
            if let pieces = frame.pieces {
                text = XMLScanner.trimmed(pieces)
            } else if frame.textStart >= 0 {
                text = scanner.text(frame.textStart, frame.textEnd)
                let at = scanner.firstNonSpace(frame.textStart, frame.textEnd)
                (line, column) = Self.position(of: at, in: bytes, from: frame)
            }
            blocks[blocks.count - 1].items.append(SEN2Item(name: name, text: text, line: line, column: column))
        }

        loop: while true {
            let event: XMLScanner.Event
            do {
                event = try scanner.next(open: frames.last.map { ($0.nameStart, $0.nameLength, $0.hash) })
            } catch {
                diagnostics.error(
                    location(error.line, error.column),
                    "not XML from here: \(error.message); the persons before this point are checked, the rest of the file is not read")
                summary.clean = false
                break loop
            }
            switch event {
            case .end:
                break loop
            case .text(let start, let end):
                let top = frames.count - 1
                guard top >= 0, !frames[top].ignored else { continue }
                if frames[top].textStart < 0 {
                    frames[top].textStart = start
                    frames[top].textEnd = end
                    frames[top].textLine = scanner.eventLine
                    frames[top].textColumn = scanner.eventColumn
                } else if !frames[top].hasChild, frames[top].name?.isBlock == false {
                    // A second piece of one value (after a comment, or CDATA): join the pieces
                    // themselves, never the markup between them.
                    if frames[top].pieces == nil {
                        frames[top].pieces = scanner.rawText(frames[top].textStart, frames[top].textEnd)
                    }
                    frames[top].pieces! += scanner.rawText(start, end)
                }
            case .open(let hash, let nameStart, let nameLength, let selfClosing):
                guard frames.count < Self.maximumDepth else {
                    diagnostics.error(
                        location(scanner.eventLine, scanner.eventColumn),
                        "not XML this reader accepts: elements nested more than \(Self.maximumDepth) deep; the persons before this point are checked, the rest of the file is not read"
                    )
                    summary.clean = false
                    break loop
                }
                let name = names[hash]
                // A <Person> while one is still open: the earlier one was never closed. End it here
                // rather than lose every person after it.
                if name == .person, ignoredDepth == 0, let open = frames.lastIndex(where: { $0.opensBlock && $0.name == .person }) {
                    diagnostics.warning(
                        location(frames[open].line, frames[open].column), "this <Person> is never closed; it ends where the next <Person> begins")
                    summary.clean = false
                    while frames.count > open { close(frames.removeLast()) }
                }
                if !frames.isEmpty { frames[frames.count - 1].hasChild = true }
                if name == .message { sawMessage = true }
                var frame = Frame(
                    hash: hash, nameStart: nameStart, nameLength: nameLength, name: name, line: scanner.eventLine, column: scanner.eventColumn)
                if ignoredDepth > 0 {
                    frame.ignored = true
                    ignoredDepth += 1
                } else if let name, name.isBlock, name != .message, name != .persons {
                    if let parent = Self.parent(of: name), blocks.last?.name != parent {
                        diagnostics.warning(
                            location(frame.line, frame.column),
                            "<\(Self.display(name))> is not inside <\(Self.display(parent))>: ignored with everything in it")
                        frame.ignored = true
                        ignoredDepth += 1
                    } else if name == .person || name == .header, !blocks.isEmpty {
                        diagnostics.warning(location(frame.line, frame.column), "<\(Self.display(name))> inside another block: ignored")
                        summary.clean = false
                        frame.ignored = true
                        ignoredDepth += 1
                    } else {
                        frame.opensBlock = true
                        var block = SEN2Block(name: name, line: frame.line, column: frame.column)
                        block.items.reserveCapacity(12)
                        blocks.append(block)
                    }
                }
                if selfClosing { close(frame) } else { frames.append(frame) }
            case .close(let hash):
                guard let at = frames.lastIndex(where: { $0.hash == hash }) else {
                    // A later segment ends with the end tags of blocks opened before it began.
                    if segment != nil, frames.isEmpty, let name = names[hash], name == .persons || name == .message { continue }
                    diagnostics.warning(location(scanner.eventLine, scanner.eventColumn), "this end tag matches no open element: ignored")
                    summary.clean = false
                    continue
                }
                while frames.count > at + 1 {
                    let unclosed = frames.removeLast()
                    if unclosed.opensBlock || unclosed.name != nil {
                        diagnostics.warning(
                            location(unclosed.line, unclosed.column), "this element is never closed; it ends at the enclosing end tag")
                        summary.clean = false
                    }
                    close(unclosed)
                }
                close(frames.removeLast())
            }
        }
        summary.lines = scanner.line
        if frames.contains(where: { $0.name != .message && $0.name != .persons }) { summary.clean = false }
        if !sawMessage && summary.persons == 0 && segment == nil {
            diagnostics.error(location(1, 1), "no SEN2 <Message> here: is this a SEN2 XML return?")
        }
        // A person the file ended inside is not checked: say so, with how much was lost.
        if let open = blocks.first(where: { $0.name == .person }) {
            // Its requests: those read whole, and the one the file ended inside.
            let lost = open.blocks(.requests).count + blocks.count { $0.name == .requests }
            summary.requestsLost += lost
            diagnostics.error(
                location(Int(open.line), Int(open.column)), "the file ends inside this <Person>: it is not checked (\(lost) request(s) not read)")
        }
        return summary
    }

    /// The header of a return, read from the top of its bytes (a header follows `<Message>` directly,
    /// so 64 KiB is ample); empty when there is none.
    public static func header(_ bytes: UnsafeRawBufferPointer, path: String) -> SEN2Header {
        let top = UnsafeRawBufferPointer(rebasing: bytes[..<min(bytes.count, 1 << 16)])
        var ignored = Diagnostics()
        var found: SEN2Header?
        let summary = SEN2XMLReader(path: path).read(top, diagnostics: &ignored) { header, _ in found = found ?? header }
        return found ?? summary.header
    }

    /// Splits a return into `count` parts that each begin at a `<Person>` start tag, so persons can be
    /// read on several cores; the first part holds the header. Fewer parts when the file is small.
    /// Nothing is counted here (a serial pass over the file would hold back every core).
    public static func segments(_ bytes: UnsafeRawBufferPointer, count: Int, header: SEN2Header) -> [Segment] {
        let total = bytes.count
        guard count > 1, total > 1 << 20 else { return [] }
        var starts: [Int] = [0]
        for k in 1..<count {
            guard let at = personTag(in: bytes, from: max(total * k / count, starts.last! + 1)) else { break }
            starts.append(at)
        }
        guard starts.count > 1 else { return [] }
        var segments: [Segment] = []
        for (i, start) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1] : total
            segments.append(Segment(start: start, end: end, line: 1, header: i == 0 ? nil : header))
        }
        return segments
    }

    /// The offset of the next `<Person` start tag (any prefix, any case) at or after `from`.
    static func personTag(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        let target = Array("person".utf8)
        var i = from
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            var j = i + 1
            // Skip a namespace prefix.
            var k = j
            while k < bytes.count, XMLScanner.isNameByte(bytes[k]), bytes[k] != UInt8(ascii: ":") { k += 1 }
            if k < bytes.count, bytes[k] == UInt8(ascii: ":") { j = k + 1 }
            if j + 6 < bytes.count, (0..<6).allSatisfy({ bytes[j + $0] | 0x20 == target[$0] }), !XMLScanner.isNameByte(bytes[j + 6]) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Line and column of the value at `offset`, from where the frame's text began.
    private static func position(of offset: Int, in bytes: UnsafeRawBufferPointer, from frame: Frame) -> (Int, Int) {
        var line = frame.textLine
        var lastBreak = -1
        for i in frame.textStart..<offset where bytes[i] == 0x0A {
            line += 1
            lastBreak = i
        }
        return lastBreak < 0 ? (line, frame.textColumn + offset - frame.textStart) : (line, offset - lastBreak)
    }

    static func display(_ name: SEN2Name) -> String {
        switch name {
        case .requests: return "Requests"
        case .person: return "Person"
        case .assessment: return "Assessment"
        case .namedPlan: return "NamedPlan"
        case .planDetail: return "PlanDetail"
        case .activePlans: return "ActivePlans"
        case .placementDetail: return "PlacementDetail"
        case .senNeed: return "SENneed"
        case .header: return "Header"
        case .collectionDetails: return "CollectionDetails"
        case .source: return "Source"
        default: return name.rawValue
        }
    }
}
