/// One pass of `SEN2XMLReader` over a return or a segment of one: the scanner, the stack of open
/// elements and the record being filled. Its state lives in one value with mutating methods (no
/// closures over local variables), so the compiler checks exclusive access statically and the loop
/// pays nothing per access at run time. Not copyable: it owns its stack of open elements.
struct SEN2XMLPass: ~Copyable {
    /// An open element. Plain values only, so the stack is kept without reference counting.
    struct Frame {
        var hash: UInt64 = 0
        /// Where the name is in the start tag (an end tag with the same bytes closes it without hashing).
        var nameStart = 0
        var nameLength = 0
        var name: SEN2Name?
        var line = 0
        var column = 0
        var textStart = -1
        var textEnd = -1
        var textLine = 0
        var textColumn = 0
        /// Whether the value so far came in several pieces (around a comment, or as CDATA) and is
        /// held, decoded, in `scratch`.
        var pieces = false
        var hasChild = false
        /// The block this element opened in the record being read (-1: none).
        var block = -1
        /// Whether this element and everything inside it are ignored (a block out of place).
        var ignored = false
    }

    /// A start tag's name: its hash, and where its bytes are.
    typealias Tag = (hash: UInt64, nameStart: Int, nameLength: Int)

    /// Deeper nesting is refused: a SEN2 return is about eight deep, and a bound keeps matching end
    /// tags linear on hostile input.
    static let maximumDepth = 256

    let reader: SEN2XMLReader
    let bytes: UnsafeRawBufferPointer
    let segment: SEN2XMLReader.Segment?
    var scanner: XMLScanner
    var summary = SEN2XMLReader.Summary()
    private let frames = FixedBuffer(repeating: Frame(), count: maximumDepth + 1)
    private var depth = 0
    /// The record being filled (a person, or the header) and its open blocks, innermost last.
    private var person = SEN2Person()
    private var header = SEN2Person()
    private var inHeader = false
    private var open: [(block: Int, name: SEN2Name)] = []
    /// A value that came in pieces, decoded so far.
    private var scratch: [UInt8] = []
    private var ignoredDepth = 0
    private var sawMessage = false

    init(reader: SEN2XMLReader, _ whole: UnsafeRawBufferPointer, segment: SEN2XMLReader.Segment?) {
        self.reader = reader
        self.segment = segment
        bytes = segment.map { UnsafeRawBufferPointer(rebasing: whole[..<$0.end]) } ?? whole
        scanner = XMLScanner(bytes, from: segment?.start ?? 0, line: segment?.line ?? 1)
        if let header = segment?.header { summary.header = header }
        person.source = bytes
        header.source = bytes
        open.reserveCapacity(16)
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(path: reader.path, line: line, column: column) }

    /// Reads to the end, handing each person to `body`.
    mutating func run(
        progress: ((Int) -> Void)?, diagnostics: inout Diagnostics, body: (SEN2Header, SEN2Person) -> Void
    ) -> SEN2XMLReader.Summary {
        loop: while true {
            // The commonest shapes first, without an event: after indentation, a start tag `<Name>`
            // or the end tag of the innermost element.
            if depth > 0, !Self.wantsText(frames[depth - 1]) {
                if let tag = scanner.plainStartTag() {
                    guard
                        start(tag, selfClosing: false, progress: progress, diagnostics: &diagnostics, body: body)
                    else { break loop }
                    continue
                }
                if scanner.plainEndTag(of: frames[depth - 1].nameStart, frames[depth - 1].nameLength) {
                    depth -= 1
                    close(frames[depth], progress: progress, body: body)
                    continue
                }
            }
            let event: XMLScanner.Event
            do {
                if depth > 0 {
                    let top = frames[depth - 1]
                    event = try scanner.next(open: (top.nameStart, top.nameLength, top.hash), text: Self.wantsText(top))
                } else {
                    event = try scanner.next(text: false)
                }
            } catch {
                stop(at: error, &diagnostics)
                break loop
            }
            switch event {
            case .end:
                break loop
            case .text(let start, let end):
                text(start, end)
            case .open(let hash, let nameStart, let nameLength, let selfClosing):
                guard start((hash, nameStart, nameLength), selfClosing: selfClosing, progress: progress, diagnostics: &diagnostics, body: body)
                else { break loop }
            case .close(let hash):
                close(hash, progress: progress, diagnostics: &diagnostics, body: body)
            }
        }
        if (0..<depth).contains(where: { frames[$0].name != .message && frames[$0].name != .persons }) { summary.clean = false }
        if !sawMessage && summary.persons == 0 && segment == nil {
            diagnostics.error(location(1, 1), "no SEN2 <Message> here: is this a SEN2 XML return?")
        }
        // A person the file ended inside is not checked: say so, with how much was lost.
        if open.first?.name == .person {
            // Its requests: those read whole, and the one the file ended inside.
            let lost = person.count(of: .requests)
            summary.requestsLost += lost
            let why = summary.stoppedEarly ? "the XML is broken inside this <Person>" : "the file ends inside this <Person>"
            diagnostics.error(
                location(Int(person.blocks[0].line), Int(person.blocks[0].column)), "\(why): it is not checked (\(lost) request(s) not read)")
        }
        summary.endLine = scanner.line
        return summary
    }

    /// A start tag: a value read whole when it is written `<Name>text</Name>`, else a frame pushed
    /// (or, for `<Name/>`, opened and closed). False when nesting is too deep to go on.
    @inline(__always)
    private mutating func start(
        _ tag: Tag, selfClosing: Bool, progress: ((Int) -> Void)?, diagnostics: inout Diagnostics,
        body: (SEN2Header, SEN2Person) -> Void
    ) -> Bool {
        guard depth < Self.maximumDepth else {
            diagnostics.error(
                location(scanner.eventLine, scanner.eventColumn),
                "not XML this reader accepts: elements nested more than \(Self.maximumDepth) deep; the persons before this point are checked, the rest of the file is not read"
            )
            summary.clean = false
            return false
        }
        let name = reader.names[tag.hash]
        // Nearly every element is a value written `<Name>text</Name>`: read it whole, without a
        // frame or the events between.
        if !selfClosing, name?.isBlock != true, let leaf = scanner.leaf(nameStart: tag.nameStart, nameLength: tag.nameLength) {
            if depth > 0 { frames[depth - 1].hasChild = true }
            guard ignoredDepth == 0, let name, name.isRead, let block = open.last?.block else { return true }
            if leaf.plain {
                // The value is its bytes, where they are: nothing to trim, decode or copy.
                inRecord { $0.add(name, to: block, line: leaf.line, column: leaf.column, sourceStart: leaf.start, count: leaf.end - leaf.start) }
            } else {
                addText(name, to: block, leaf.start, leaf.end, line: leaf.line, column: leaf.column)
            }
            return true
        }
        let frame = open(name, tag, progress: progress, diagnostics: &diagnostics, body: body)
        if selfClosing {
            close(frame, progress: progress, body: body)
        } else {
            frames[depth] = frame
            depth += 1
        }
        return true
    }

    /// XML that cannot be read: where the file is cut short (a construct it ends inside, begun on
    /// its last line) or broken syntax; the read stops there.
    private mutating func stop(at error: XMLScanner.SyntaxError, _ diagnostics: inout Diagnostics) {
        let before = summary.persons == 0 && segment == nil ? "nothing in it is checked" : "the persons before this point are checked"
        if error.message.hasPrefix("the file ends"), scanner.line - error.line <= 1 {
            diagnostics.error(location(error.line, error.column), "the file is cut short: \(error.message); \(before)")
        } else {
            diagnostics.error(location(error.line, error.column), "not XML from here: \(error.message); \(before), the rest of the file is not read")
        }
        summary.clean = false
        summary.stoppedEarly = true
    }

    /// Whether character data inside the innermost open element can be part of a value: only in an
    /// element read as a value that holds no other element yet.
    @inline(__always)
    private static func wantsText(_ top: Frame) -> Bool {
        guard let name = top.name, !top.ignored, !top.hasChild else { return false }
        return !name.isBlock && name.isRead
    }

    /// Character data: the first piece is noted where it is; a second piece of one value (after a
    /// comment, or CDATA) joins the pieces themselves, never the markup between them.
    private mutating func text(_ start: Int, _ end: Int) {
        guard depth > 0 else { return }
        let top = depth - 1
        if frames[top].ignored { return }
        if frames[top].textStart < 0 {
            frames[top].textStart = start
            frames[top].textEnd = end
            frames[top].textLine = scanner.eventLine
            frames[top].textColumn = scanner.eventColumn
        } else if !frames[top].hasChild, frames[top].name?.isBlock == false {
            if !frames[top].pieces {
                scratch.removeAll(keepingCapacity: true)
                scanner.appendDecoded(frames[top].textStart, frames[top].textEnd, to: &scratch)
                frames[top].pieces = true
            }
            scanner.appendDecoded(start, end, to: &scratch)
        }
    }

    /// A start tag: the frame to push, with the block it opens (if any) opened in the record.
    private mutating func open(
        _ name: SEN2Name?, _ tag: Tag, progress: ((Int) -> Void)?, diagnostics: inout Diagnostics,
        body: (SEN2Header, SEN2Person) -> Void
    ) -> Frame {
        // A <Person> while one is still open: the earlier one was never closed. End it here rather
        // than lose every person after it.
        if name == .person, ignoredDepth == 0, let at = (0..<depth).last(where: { frames[$0].block >= 0 && frames[$0].name == .person }) {
            diagnostics.warning(
                location(frames[at].line, frames[at].column), "this <Person> is never closed; it ends where the next <Person> begins")
            summary.clean = false
            while depth > at {
                depth -= 1
                close(frames[depth], progress: progress, body: body)
            }
        }
        if depth > 0 { frames[depth - 1].hasChild = true }
        if name == .message { sawMessage = true }
        var frame = Frame(
            hash: tag.hash, nameStart: tag.nameStart, nameLength: tag.nameLength, name: name, line: scanner.eventLine, column: scanner.eventColumn)
        if ignoredDepth > 0 {
            frame.ignored = true
            ignoredDepth += 1
        } else if let name, name.isBlock, name != .message, name != .persons {
            if let parent = Self.parent(of: name), open.last?.name != parent {
                diagnostics.warning(
                    location(frame.line, frame.column),
                    "<\(SEN2XMLReader.display(name))> is not inside <\(SEN2XMLReader.display(parent))>: ignored with everything in it")
                frame.ignored = true
                ignoredDepth += 1
            } else if name == .person || name == .header, !open.isEmpty {
                diagnostics.warning(location(frame.line, frame.column), "<\(SEN2XMLReader.display(name))> inside another block: ignored")
                summary.clean = false
                frame.ignored = true
                ignoredDepth += 1
            } else if name == .person || name == .header {
                inHeader = name == .header
                let (line, column) = (frame.line, frame.column)
                inRecord { $0.reset(name, line: line, column: column) }
                frame.block = 0
                open.append((0, name))
            } else if let parent = open.last?.block {
                let (line, column) = (frame.line, frame.column)
                frame.block = inRecord { $0.open(name, in: parent, line: line, column: column) }
                open.append((frame.block, name))
            }
        }
        return frame
    }

    /// An end tag: closes the element it matches and any left open inside it.
    private mutating func close(
        _ hash: UInt64, progress: ((Int) -> Void)?, diagnostics: inout Diagnostics, body: (SEN2Header, SEN2Person) -> Void
    ) {
        var at = depth - 1
        while at >= 0, frames[at].hash != hash { at -= 1 }
        guard at >= 0 else {
            // A later segment ends with the end tags of blocks opened before it began.
            if segment != nil, depth == 0, let name = reader.names[hash], name == .persons || name == .message {
                if name == .message { summary.messageClosed = true }
                return
            }
            diagnostics.warning(location(scanner.eventLine, scanner.eventColumn), "this end tag matches no open element: ignored")
            summary.clean = false
            return
        }
        while depth > at + 1 {
            depth -= 1
            let unclosed = frames[depth]
            if unclosed.block >= 0 || unclosed.name != nil {
                diagnostics.warning(location(unclosed.line, unclosed.column), "this element is never closed; it ends at the enclosing end tag")
                summary.clean = false
            }
            close(unclosed, progress: progress, body: body)
        }
        depth -= 1
        close(frames[depth], progress: progress, body: body)
    }

    /// Ends an element: a block is finished (a person handed on, a header read), a value is added
    /// to the innermost open block.
    private mutating func close(_ frame: Frame, progress: ((Int) -> Void)?, body: (SEN2Header, SEN2Person) -> Void) {
        if frame.ignored {
            ignoredDepth -= 1
            return
        }
        if frame.name == .message { summary.messageClosed = true }
        if frame.block >= 0 {
            let closed = open.removeLast()
            if closed.name == .person {
                summary.persons += 1
                body(summary.header, person)
                progress?(scanner.offset)
            } else if closed.name == .header {
                summary.header = SEN2Header(header.tree, path: reader.path)
            }
            return
        }
        guard let name = frame.name, !frame.hasChild, !name.isBlock, name.isRead, let block = open.last?.block else { return }
        if frame.pieces {
            // Its pieces, joined and then trimmed (a local copy: `self` is not read while the
            // record is changed).
            let pieces = scratch
            inRecord {
                $0.add(name, to: block, line: frame.line, column: frame.column) { out in
                    let from = out.count
                    out += pieces
                    XMLScanner.trim(&out, from: from)
                }
            }
        } else if frame.textStart >= 0 {
            addText(name, to: block, frame.textStart, frame.textEnd, line: frame.textLine, column: frame.textColumn)
        } else {
            inRecord { $0.add(name, to: block, line: frame.line, column: frame.column) { _ in } }
        }
    }

    /// Adds the value written at `start..<end`, whose text begins at `line`:`column`: trimmed and
    /// decoded, and located at its first character.
    @inline(__always)
    private mutating func addText(_ name: SEN2Name, to block: Int, _ start: Int, _ end: Int, line: Int, column: Int) {
        let at = scanner.firstNonSpace(start, end)
        let (line, column) = Self.position(of: at, in: bytes, text: start, line: line, column: column)
        let scanner = self.scanner
        inRecord { $0.add(name, to: block, line: line, column: column) { scanner.appendValue(start, end, to: &$0) } }
    }

    /// Calls `body` with the record being filled: the header's or the person's.
    @inline(__always)
    private mutating func inRecord<R>(_ body: (inout SEN2Person) -> R) -> R {
        inHeader ? body(&header) : body(&person)
    }

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

    /// Line and column of the value at `offset`, from where its text began (`text`, at `line`:`column`).
    @inline(__always)
    private static func position(of offset: Int, in bytes: UnsafeRawBufferPointer, text: Int, line: Int, column: Int) -> (Int, Int) {
        var line = line
        var lastBreak = -1
        for i in text..<offset where bytes[i] == 0x0A {
            line += 1
            lastBreak = i
        }
        return lastBreak < 0 ? (line, column + offset - text) : (line, offset - lastBreak)
    }
}
