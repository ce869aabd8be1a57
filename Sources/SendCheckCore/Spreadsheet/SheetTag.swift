/// One tag of a sheet's XML, found in bytes that may end before the tag does (the XML arrives in
/// chunks): where its name is, where its local name starts (after a prefix such as `x:`), where its
/// `>` is, and whether it closed itself. The functions return nil when the bytes end first, for the
/// caller to wait for more.
struct SheetTag {
    var nameStart: Int
    var localStart: Int
    var nameEnd: Int
    /// The index of the tag's `>`.
    var end: Int
    var selfClosing: Bool

    /// The tag at `lt` (a `<`, followed by a name or by `/` and a name); nil when the bytes end
    /// before its `>`, a tag without a name when the `<` begins none.
    @inline(__always)
    static func at(_ b: UnsafeRawBufferPointer, _ lt: Int) -> SheetTag? {
        let n = b.count
        var i = lt + 1
        if i < n, b[i] == UInt8(ascii: "/") { i += 1 }
        let nameStart = i
        var local = i
        while i < n {
            let c = b[i]
            if c <= 0x20 || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") { break }
            if c == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        let nameEnd = i
        // The '>', passing over quoted attribute values (a '>' may stand in one).
        var quote: UInt8 = 0
        while i < n {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: ">") {
                return SheetTag(nameStart: nameStart, localStart: local, nameEnd: nameEnd, end: i, selfClosing: b[i - 1] == UInt8(ascii: "/"))
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            }
            i += 1
        }
        return nil
    }

    /// Where the name of the start tag at `lt` has its local part (after any prefix) and ends; nil
    /// when the bytes end first.
    @inline(__always)
    static func name(_ b: UnsafeRawBufferPointer, at lt: Int) -> (local: Int, end: Int)? {
        var i = lt + 1
        var local = i
        let n = b.count
        while i < n {
            let c = b[i]
            if c <= 0x20 || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") { return (local, i) }
            if c == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        return nil
    }

    /// Whether the tag has a name at all.
    var hasName: Bool { nameEnd > localStart }

    /// Whether the tag's local name is `name`.
    @inline(__always)
    func isNamed(_ b: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard nameEnd - localStart == count else { return false }
        for k in 0..<count where b[localStart + k] != name.utf8Start[k] { return false }
        return true
    }

    /// The local name's length and first byte, to tell the few names a sheet uses apart cheaply.
    @inline(__always) func local(_ b: UnsafeRawBufferPointer) -> (length: Int, first: UInt8) {
        (nameEnd - localStart, nameEnd > localStart ? b[localStart] : 0)
    }

    /// Where the attributes are: after the name, before `>` or `/>`.
    var attributes: Range<Int> { nameEnd..<max(nameEnd, selfClosing ? end - 1 : end) }

    /// The next attribute in `range` from `i`: its local name's and value's byte ranges, and where the
    /// one after it starts; nil when there are no more.
    @inline(__always)
    static func attribute(_ b: UnsafeRawBufferPointer, from start: Int, to end: Int) -> (name: Range<Int>, value: Range<Int>, next: Int)? {
        var i = start
        while i < end, b[i] <= 0x20 { i += 1 }
        guard i < end else { return nil }
        var local = i
        while i < end, b[i] != UInt8(ascii: "="), b[i] > 0x20 {
            if b[i] == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        let nameEnd = i
        while i < end, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "'") { i += 1 }
        guard i < end else { return nil }
        let quote = b[i]
        i += 1
        let valueStart = i
        while i < end, b[i] != quote { i += 1 }
        return (local..<nameEnd, valueStart..<min(i, end), i + 1)
    }

    /// The first `byte` at or after `from`; nil when there is none.
    @inline(__always)
    static func find(_ byte: UInt8, _ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        let n = b.count
        while i < n {
            if b[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Where `text` next begins at or after `from`; nil when it does not occur.
    static func find(_ text: StaticString, _ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        let count = text.utf8CodeUnitCount
        let first = text.utf8Start[0]
        var i = from
        while let at = find(first, b, from: i) {
            guard at + count <= b.count else { return nil }
            var same = true
            for k in 1..<count where b[at + k] != text.utf8Start[k] {
                same = false
                break
            }
            if same { return at }
            i = at + 1
        }
        return nil
    }

    /// Whether `text` is at `at` (false when the bytes end before it could be).
    static func starts(_ b: UnsafeRawBufferPointer, _ at: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard at + count <= b.count else { return false }
        for k in 0..<count where b[at + k] != text.utf8Start[k] { return false }
        return true
    }
}
