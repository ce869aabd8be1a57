/// A streaming scanner for the XML of a SEN2 return: start tags, end tags and text, one at a time,
/// over UTF-8 bytes, with the line and column of each. It keeps nothing but its position, so a file
/// of any size is read in constant memory.
///
/// Tolerant by design: names are identified without regard to case or namespace prefix (only the
/// lower-cased local name counts), attributes are skipped, and comments, processing instructions and
/// a DOCTYPE are passed over. CDATA sections are text. What is not XML at all stops the scan with a
/// located error.
public struct XMLScanner {
    public enum Event: Equatable {
        /// `<Name ...>`: the name's identity (see `nameHash`), and whether it closed itself (`<Name/>`).
        case open(name: UInt64, nameStart: Int, nameLength: Int, selfClosing: Bool)
        case close(name: UInt64)
        /// Character data between tags (raw bytes; `text(_:)` decodes entities and trims).
        case text(start: Int, end: Int)
        case end
    }

    public struct SyntaxError: Error, Equatable {
        public var message: String
        public var line: Int
        public var column: Int
    }

    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int
    public private(set) var line = 1
    private var lineStart: Int
    /// Where the last event began.
    public private(set) var eventLine = 1
    public private(set) var eventColumn = 1

    /// A scanner from `start`, which is on line `line` (columns count from that line's first byte).
    public init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, line: Int = 1) {
        self.bytes = bytes
        var o = start
        if o == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { o = 3 }
        offset = o
        var first = start
        while first > 0, bytes[first - 1] != 0x0A { first -= 1 }
        lineStart = start == 0 ? o : first
        self.line = line
    }

    /// The column of `position` on the current line (1-based, in bytes).
    @inline(__always) public func column(of position: Int) -> Int { position - lineStart + 1 }

    /// The identity of an element name: a hash of its local name (after any namespace prefix) with
    /// ASCII letters folded to lower case, eight bytes at a time.
    public static func nameHash(_ name: String) -> UInt64 {
        let bytes = Array(name.utf8) + [UInt8](repeating: 0, count: 8)
        return bytes.withUnsafeBytes { hash($0, 0, name.utf8.count) }
    }

    /// The hash of `bytes[start..<end]` as `nameHash` computes it.
    @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64 {
        var lo = start
        var i = end - 1
        while i >= start {
            if bytes[i] == UInt8(ascii: ":") {
                lo = i + 1
                break
            }
            i -= 1
        }
        return hash(bytes, local: lo, end)
    }

    /// The hash of a local name (no prefix) at `lo..<end`.
    @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer, local lo: Int, _ end: Int) -> UInt64 {
        var h = hashSeed
        guard let base = bytes.baseAddress else { return h | 1 }
        let count = bytes.count
        var p = lo
        while p < end {
            let n = min(8, end - p)
            var w: UInt64
            if p + 8 <= count {
                w = base.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            } else {
                w = 0
                for k in 0..<n { w |= UInt64(base.load(fromByteOffset: p + k, as: UInt8.self)) << (UInt64(k) * 8) }
            }
            h = mix(h, folded(w, n))
            p += 8
        }
        return finish(h, length: end - lo)
    }

    private static let hashSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The first `n` bytes of `w` (1 to 8), A-Z folded to a-z; other name bytes change consistently
    /// on both sides of a comparison.
    @inline(__always) private static func folded(_ w: UInt64, _ n: Int) -> UInt64 {
        let mask: UInt64 = n >= 8 ? ~0 : (1 << (UInt64(n) * 8)) - 1
        return (w & mask) | (0x2020_2020_2020_2020 & mask)
    }

    @inline(__always) private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let m = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        return m ^ (m >> 29)
    }

    @inline(__always) private static func finish(_ h: UInt64, length: Int) -> UInt64 { mix(h, UInt64(length)) | 1 }

    /// The next event, or a syntax error where the bytes stop being XML. `open` is the innermost open
    /// element's name (position and hash): an end tag with the same bytes is matched without hashing.
    /// Without `text`, character data is passed over rather than reported (the caller has no use
    /// for it: indentation between elements, mostly).
    public mutating func next(open: (start: Int, length: Int, hash: UInt64)? = nil, text: Bool = true) throws(SyntaxError) -> Event {
        let n = bytes.count
        if offset < n, bytes[offset] != UInt8(ascii: "<") {
            eventLine = line
            eventColumn = column(of: offset)
            let start = offset
            skipText()
            if text || offset >= n { return .text(start: start, end: offset) }
        }
        eventLine = line
        eventColumn = column(of: offset)
        guard offset < n else { return .end }
        guard offset + 1 < n else { throw fail("the file ends inside a tag") }
        switch bytes[offset + 1] {
        case UInt8(ascii: "/"):
            offset += 2
            if let open, offset + open.length < n, Self.isNameEnd(bytes[offset + open.length]), same(offset, open.start, open.length) {
                offset += open.length
                skip(to: UInt8(ascii: ">"))
                guard offset < n else { throw fail("the file ends inside an end tag") }
                offset += 1
                return .close(name: open.hash)
            }
            let name = scanName()
            skip(to: UInt8(ascii: ">"))
            guard offset < n else { throw fail("the file ends inside an end tag") }
            offset += 1
            return .close(name: name)
        case UInt8(ascii: "?"):
            try skipPast("?>", what: "a processing instruction")
            return try next(open: open, text: text)
        case UInt8(ascii: "!"):
            if matches("<!--", at: offset) {
                try skipPast("-->", what: "a comment")
                return try next(open: open, text: text)
            }
            if matches("<![CDATA[", at: offset) {
                let start = offset + 9
                try skipPast("]]>", what: "a CDATA section")
                return .text(start: start, end: offset - 3)
            }
            skip(to: UInt8(ascii: ">"))
            guard offset < n else { throw fail("the file ends inside a declaration") }
            offset += 1
            return try next(open: open, text: text)
        default:
            offset += 1
            guard offset < n, Self.isNameStart(bytes[offset]) else { throw fail("'<' does not begin a tag") }
            let nameStart = offset
            let name = scanName()
            let nameLength = offset - nameStart
            // Attributes are skipped; a '>' inside a quoted attribute value does not end the tag.
            var quote: UInt8 = 0
            while offset < n {
                let b = bytes[offset]
                if b == 0x0A { newline(at: offset) }
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    break
                }
                offset += 1
            }
            guard offset < n else { throw fail("the file ends inside a start tag") }
            let selfClosing = bytes[offset - 1] == UInt8(ascii: "/")
            offset += 1
            return .open(name: name, nameStart: nameStart, nameLength: nameLength, selfClosing: selfClosing)
        }
    }

    /// Passes over text, then reads a start tag written `<Name>` (no attributes, not empty), the
    /// commonest shape in a return, and returns its name's hash and place. For anything else it
    /// stops at the '<' and returns nil, for `next` to read.
    @inline(__always)
    public mutating func plainStartTag() -> (hash: UInt64, nameStart: Int, nameLength: Int)? {
        skipText()
        guard let base = bytes.baseAddress, offset &+ 2 < bytes.count else { return nil }
        let at = offset
        let first = base.load(fromByteOffset: at &+ 1, as: UInt8.self) | 0x20
        guard base.load(fromByteOffset: at, as: UInt8.self) == UInt8(ascii: "<"), first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z")
        else { return nil }
        offset = at &+ 1
        let hash = scanName()
        guard offset < bytes.count, base.load(fromByteOffset: offset, as: UInt8.self) == UInt8(ascii: ">") else {
            offset = at
            return nil
        }
        eventLine = line
        eventColumn = column(of: at)
        let nameLength = offset &- at &- 1
        offset &+= 1
        return (hash, at &+ 1, nameLength)
    }

    /// At a '<' (after `plainStartTag`): reads an end tag written `</Name>` with exactly the bytes of
    /// the name at `nameStart`, and says whether it did.
    @inline(__always)
    public mutating func plainEndTag(of nameStart: Int, _ nameLength: Int) -> Bool {
        guard isEndTag(at: offset, of: nameStart, nameLength) else { return false }
        eventLine = line
        eventColumn = column(of: offset)
        offset &+= nameLength &+ 3
        return true
    }

    /// Whether `</`, the bytes of the name at `nameStart`, and `>` are at `at`.
    @inline(__always)
    private func isEndTag(at: Int, of nameStart: Int, _ nameLength: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let close = at &+ 2 &+ nameLength
        return close < bytes.count && base.load(fromByteOffset: at, as: UInt8.self) == UInt8(ascii: "<")
            && base.load(fromByteOffset: at &+ 1, as: UInt8.self) == UInt8(ascii: "/")
            && base.load(fromByteOffset: close, as: UInt8.self) == UInt8(ascii: ">") && same(at &+ 2, nameStart, nameLength)
    }

    /// After a start tag whose name is at `nameStart` (`nameLength` bytes), when the element holds
    /// text alone and ends with the same name (`<Name>text</Name>`, the shape of nearly every value
    /// in a return): reads through its end tag and returns where the text is and the line and column
    /// it begins at, and whether it is plain: no entity and no white space at either end, so its
    /// bytes are the value as they are. Otherwise reads nothing and returns nil (the caller goes on
    /// event by event).
    @inline(__always)
    public mutating func leaf(nameStart: Int, nameLength: Int) -> (start: Int, end: Int, line: Int, column: Int, plain: Bool)? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        let start = offset
        var o = start
        var line = self.line
        var lineStart = self.lineStart
        var lt = -1
        // Whether the text holds a byte below '\'' (white space, '&' and a few others): only then
        // are line breaks and ampersands looked for. Values seldom hold one.
        var special = false
        var amp: UInt64 = 0
        while o &+ 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: o, as: UInt64.self)
            let found = ByteWord.matches(word, 0x3C)
            let mask: UInt64 = found == 0 ? ~0 : (found & (0 &- found)) >> 7 &- 1
            if ByteWord.below(word, 0x27) & mask != 0 {
                special = true
                let nl = ByteWord.matches(word, 0x0A) & mask
                amp |= ByteWord.matches(word, 0x26) & mask
                if nl != 0 {
                    line &+= ByteWord.bytes(in: nl)
                    lineStart = o &+ (63 &- nl.leadingZeroBitCount) / 8 &+ 1
                }
            }
            if found != 0 {
                lt = o &+ found.trailingZeroBitCount / 8
                break
            }
            o &+= 8
        }
        guard lt >= 0 else { return nil }
        // The end tag must be `</` and the same name bytes, then `>`.
        guard isEndTag(at: lt, of: nameStart, nameLength) else { return nil }
        let plain = !special || (amp == 0 && (lt == start || (!Self.isSpace(bytes[start]) && !Self.isSpace(bytes[lt - 1]))))
        let result = (start, lt, self.line, column(of: start), plain)
        self.line = line
        self.lineStart = lineStart
        offset = lt + nameLength + 3
        return result
    }

    /// Appends the value of `start..<end` to `out`: surrounding white space removed, then entities
    /// decoded.
    @inline(__always)
    public func appendValue(_ start: Int, _ end: Int, to out: inout [UInt8]) {
        var lo = start
        var hi = end
        while lo < hi, Self.isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, Self.isSpace(bytes[hi - 1]) { hi -= 1 }
        appendDecoded(lo, hi, to: &out)
    }

    /// Appends `start..<end` to `out` with entities decoded, white space kept (one piece of a value).
    @inline(__always)
    public func appendDecoded(_ start: Int, _ end: Int, to out: inout [UInt8]) {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if slice.contains(UInt8(ascii: "&")) { Self.decodeEntities(slice, to: &out) } else { out.append(contentsOf: slice) }
    }

    /// Removes XML white space from both ends of `out[from...]`.
    public static func trim(_ out: inout [UInt8], from: Int) {
        var hi = out.count
        while hi > from, isSpace(out[hi - 1]) { hi -= 1 }
        out.removeSubrange(hi...)
        var lo = from
        while lo < out.count, isSpace(out[lo]) { lo += 1 }
        out.removeSubrange(from..<lo)
    }

    /// Where the first non-space byte of `start..<end` is (for locating a value).
    public func firstNonSpace(_ start: Int, _ end: Int) -> Int {
        var lo = start
        while lo < end, Self.isSpace(bytes[lo]) { lo += 1 }
        return lo
    }

    /// Appends `text` with the five named entities and numeric character references decoded. An
    /// ampersand that begins none of them (or no `;` within ten bytes) is kept as it is.
    static func decodeEntities(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            var semi = i + 1
            while semi < n, semi - i <= 10, text[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < n, semi - i <= 10, let scalar = entity(UnsafeRawBufferPointer(rebasing: text[(i + 1)..<semi])) else {
                out.append(b)
                i += 1
                continue
            }
            out.append(contentsOf: String(Character(scalar)).utf8)
            i = semi + 1
        }
    }

    /// The character an entity's name (between `&` and `;`) stands for.
    private static func entity(_ name: UnsafeRawBufferPointer) -> Unicode.Scalar? {
        let s = String(decoding: name, as: UTF8.self)
        switch s {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let number: UInt32? = s.hasPrefix("#x") ? UInt32(s.dropFirst(2), radix: 16) : s.hasPrefix("#") ? UInt32(s.dropFirst()) : nil
            return number.flatMap(Unicode.Scalar.init)
        }
    }

    /// Moves to the next '<' (or the end), counting line breaks; eight bytes at a time, as text is
    /// mostly indentation and short values.
    @inline(__always) private mutating func skipText() {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        // The commonest text between tags first: one line break, then spaces (indentation).
        if offset &+ 9 <= n, base.load(fromByteOffset: offset, as: UInt8.self) == 0x0A {
            var o = offset &+ 1
            while o &+ 8 <= n {
                let notSpace = base.loadUnaligned(fromByteOffset: o, as: UInt64.self) ^ 0x2020_2020_2020_2020
                if notSpace == 0 {
                    o &+= 8
                    continue
                }
                o &+= notSpace.trailingZeroBitCount &>> 3
                guard base.load(fromByteOffset: o, as: UInt8.self) == UInt8(ascii: "<") else { break }
                line &+= 1
                lineStart = offset &+ 1
                offset = o
                return
            }
        }
        var o = offset
        while o + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: o, as: UInt64.self)
            let lt = ByteWord.matches(word, 0x3C)
            var nl = ByteWord.matches(word, 0x0A)
            if lt != 0 {
                // Only the line breaks before the '<' count here.
                let before = lt.trailingZeroBitCount / 8
                nl &= before == 0 ? 0 : (1 << UInt64(before * 8)) - 1
            }
            if nl != 0 {
                line += ByteWord.bytes(in: nl)
                lineStart = o + (63 - nl.leadingZeroBitCount) / 8 + 1
            }
            if lt != 0 {
                offset = o + lt.trailingZeroBitCount / 8
                return
            }
            o += 8
        }
        while o < n {
            let b = base.load(fromByteOffset: o, as: UInt8.self)
            if b == UInt8(ascii: "<") { break }
            if b == 0x0A {
                line += 1
                lineStart = o + 1
            }
            o += 1
        }
        offset = o
    }

    // MARK: - Scanning helpers

    @inline(__always) private mutating func newline(at position: Int) {
        line += 1
        lineStart = position + 1
    }

    private mutating func scanName() -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        // Locals, not the stored offset: this runs for every start tag. A name ends at white space
        // (or any byte below '!'), '>', '/' or '='; a prefix ends at its ':'. Eight bytes at a time,
        // hashed as they are read unless the name has a prefix (then hashed from its local part).
        let start = offset
        var o = start
        var local = o
        var h = Self.hashSeed
        let n = bytes.count
        while o &+ 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: o, as: UInt64.self)
            // Eight letters (no byte below 'A'): no end and no prefix here.
            let low = ByteWord.below(w, 0x41)
            if low == 0 {
                h = Self.mix(h, Self.folded(w, 8))
                o &+= 8
                continue
            }
            // The commonest end: the first byte below 'A' is the '>' of a start tag, with no prefix
            // before it (a colon is below 'A' too).
            let first = low.trailingZeroBitCount &>> 3
            if local == start, base.load(fromByteOffset: o &+ first, as: UInt8.self) == UInt8(ascii: ">") {
                offset = o &+ first
                if first > 0 { h = Self.mix(h, Self.folded(w, first)) }
                return Self.finish(h, length: offset &- start)
            }
            let stop = ByteWord.below(w, 0x21) | ByteWord.matches(w, 0x3E) | ByteWord.matches(w, 0x2F) | ByteWord.matches(w, 0x3D)
            var colon = ByteWord.matches(w, 0x3A)
            if stop != 0 {
                let at = stop.trailingZeroBitCount / 8
                colon &= at == 0 ? 0 : (1 << UInt64(at * 8)) - 1
                if colon != 0 { local = o + (63 - colon.leadingZeroBitCount) / 8 + 1 }
                offset = o + at
                if local != start { return Self.hash(bytes, local: local, offset) }
                if at > 0 { h = Self.mix(h, Self.folded(w, at)) }
                return Self.finish(h, length: offset - start)
            }
            if colon != 0 { local = o + (63 - colon.leadingZeroBitCount) / 8 + 1 }
            h = Self.mix(h, Self.folded(w, 8))
            o += 8
        }
        while o < n {
            let b = base.load(fromByteOffset: o, as: UInt8.self)
            if b <= 0x20 || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=") { break }
            o += 1
            if b == UInt8(ascii: ":") { local = o }
        }
        offset = o
        return Self.hash(bytes, local: local, o)
    }

    private mutating func skip(to byte: UInt8) {
        while offset < bytes.count, bytes[offset] != byte {
            if bytes[offset] == 0x0A { newline(at: offset) }
            offset += 1
        }
    }

    private mutating func skipPast(_ terminator: StaticString, what: String) throws(SyntaxError) {
        let first = terminator.utf8Start[0]
        while offset < bytes.count {
            let b = bytes[offset]
            if b == 0x0A { newline(at: offset) }
            if b == first, matches(terminator, at: offset) {
                offset += terminator.utf8CodeUnitCount
                return
            }
            offset += 1
        }
        throw fail("the file ends inside \(what)")
    }

    /// Whether `n` bytes at `a` equal those at `b` (both already known to be inside the buffer).
    @inline(__always) private func same(_ a: Int, _ b: Int, _ n: Int) -> Bool {
        guard let base = bytes.baseAddress else { return n == 0 }
        var i = 0
        while i &+ 8 <= n {
            if base.loadUnaligned(fromByteOffset: a &+ i, as: UInt64.self) != base.loadUnaligned(fromByteOffset: b &+ i, as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        // The last few bytes as one masked word, when eight bytes can be read at both places.
        if i < n, a &+ i &+ 8 <= bytes.count, b &+ i &+ 8 <= bytes.count {
            let x = base.loadUnaligned(fromByteOffset: a &+ i, as: UInt64.self) ^ base.loadUnaligned(fromByteOffset: b &+ i, as: UInt64.self)
            return x & ((1 << UInt64((n &- i) &* 8)) &- 1) == 0
        }
        while i < n {
            if base.load(fromByteOffset: a + i, as: UInt8.self) != base.load(fromByteOffset: b + i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    private func matches(_ s: StaticString, at position: Int) -> Bool {
        let count = s.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for i in 0..<count where bytes[position + i] != s.utf8Start[i] { return false }
        return true
    }

    private func fail(_ message: String) -> SyntaxError {
        SyntaxError(message: message, line: eventLine, column: eventColumn)
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    @inline(__always) static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }

    @inline(__always) static func isNameEnd(_ b: UInt8) -> Bool { !isNameByte(b) }

    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }
}
