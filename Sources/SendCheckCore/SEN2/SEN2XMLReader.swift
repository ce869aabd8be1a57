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
    let names: SEN2NameTable

    public init(path: String, personID: String? = nil) {
        self.path = path
        names = SEN2Name.table(personID: personID)
    }

    /// What a read found besides the persons.
    public struct Summary: Sendable {
        public var header = SEN2Header()
        public var persons = 0
        public var requestsLost = 0
        /// Whether the read met nothing irregular (no syntax error, unclosed or misplaced element). A
        /// part read in parallel that is not clean may have been split in a bad place (inside a
        /// comment, say): the caller then reads the whole file again on one core.
        public var clean = true
        /// Whether the return's `</Message>` end tag was read: without it the file is cut short.
        public var messageClosed = false
        /// Whether the read stopped at a syntax error before the end of its bytes.
        public var stoppedEarly = false
        /// The line the read ended on.
        public var endLine = 1

        public init() {}
    }

    /// Reads every person, handing each to `body` with the header read so far. `progress` is told
    /// the offset read up to after each person (the bytes before it are no longer needed). The
    /// person's record is reused for the next one: `body` copies what it keeps.
    public func read(
        _ bytes: UnsafeRawBufferPointer, progress: ((Int) -> Void)? = nil, diagnostics: inout Diagnostics,
        body: (SEN2Header, SEN2Person) -> Void
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
        body: (SEN2Header, SEN2Person) -> Void
    ) -> Summary {
        var pass = SEN2XMLPass(reader: self, whole, segment: segment)
        return pass.run(progress: progress, diagnostics: &diagnostics, body: body)
    }

    /// Problems of a whole return that the reads of its parts cannot see: an encoding that is not
    /// UTF-8 (checked before reading), and a file that ends before its `</Message>`.
    public static func encodingProblem(_ bytes: UnsafeRawBufferPointer) -> String? { TextEncoding.problem(bytes, csv: false) }

    /// The error for a return whose reads (`summaries`, the parts in file order) never met its
    /// `</Message>`: it is cut short, and the persons after the cut are missing. Nil when it ended
    /// properly, or a read stopped at a syntax error (reported where it is).
    public func cutShort(_ summaries: [Summary]) -> (SourceLocation, String)? {
        guard !summaries.contains(where: { $0.messageClosed || $0.stoppedEarly }), let last = summaries.last else { return nil }
        let persons = summaries.reduce(0) { $0 + $1.persons }
        return (
            SourceLocation(path: path, line: last.endLine, column: 1),
            "the file ends here, before the return does (no </Message>): it is cut short; the \(persons) person\(persons == 1 ? "" : "s") "
                + "read are checked, and any after this point are missing"
        )
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

    /// How many line breaks `bytes` hold, 64 bytes a round in four vectors of sixteen: each lane
    /// counts its own line breaks (at most 63 rounds, 252, before they are added up).
    public static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var o = 0
        let n = bytes.count
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        let one = SIMD16<UInt8>(repeating: 1)
        // Each lane counts up to 255 before it is added up: 63 rounds of four vectors at most.
        while o + 64 <= n {
            var lanes = SIMD16<UInt8>()
            var rounds = 0
            while rounds < 63, o &+ 64 <= n {
                for k in 0..<4 {
                    let v = base.loadUnaligned(fromByteOffset: o &+ 16 &* k, as: SIMD16<UInt8>.self)
                    lanes &+= one.replacing(with: 0, where: v .!= newline)
                }
                o &+= 64
                rounds &+= 1
            }
            for i in 0..<16 { count += Int(lanes[i]) }
        }
        while o < n {
            if base.load(fromByteOffset: o, as: UInt8.self) == 0x0A { count += 1 }
            o += 1
        }
        return count
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
