/// The rows of the case sources that are not read as a stream, gathered by reference: every value a
/// row gives and every event, with where it was written (`docs/case-data.md`, "How files join").
///
/// Built source by source (`add`), then `sealed()` groups the entries by reference, keeping within
/// each reference the order they were added. A sealed index is only read, so the threads joining a
/// streamed file's rows may share it.
public struct CaseIndex: Sendable {
    /// One value or event of one row.
    struct Entry: Sendable {
        var value: Value
        var ref: Int32
        var line: Int32
        /// The row's event date (events layouts): of two rows of one source, the later one's value counts.
        var rowDay: Int32
        var slot: Int32
        var column: Int32
        var source: Int32
        /// An occurrence of an event (one of a field's history) rather than the field's single value.
        var occurrence: Bool
    }

    var references = ReferenceTable()
    private(set) var entries: [Entry] = []
    /// Per reference: the source and line it was first met on.
    private(set) var firstSeen: [(source: Int32, line: Int32)] = []
    /// After sealing: the entries of reference `r` are `entries[starts[r]..<starts[r + 1]]`.
    private(set) var starts: [Int32] = []
    /// Per slot: whether some source records it as events (it then has a history).
    private(set) var eventSlots: [Bool] = []
    /// Per reference, its rows' cells as written (header or event, text), kept only for `explain`.
    var raw: [Int32: [(name: String, value: String, field: String?)]] = [:]

    public init() {}

    /// How many references the index holds.
    public var count: Int { references.count }

    /// Whether the index holds no reference at all.
    public var isEmpty: Bool { references.count == 0 }

    /// The number of a reference, adding it (first met at `source`, `line`) when new.
    mutating func reference(_ bytes: UnsafeRawBufferPointer, source: Int32, line: Int32) -> Int32 {
        let (number, added) = references.intern(bytes)
        if added { firstSeen.append((source, line)) }
        return number
    }

    /// Adds one value (or event occurrence) of a row.
    mutating func add(_ entry: Entry) {
        if entry.occurrence {
            let slot = Int(entry.slot)
            if slot >= eventSlots.count { eventSlots += [Bool](repeating: false, count: slot + 1 - eventSlots.count) }
            eventSlots[slot] = true
        }
        entries.append(entry)
    }

    /// Adds the entries of an index read from a later part of the same sources (another core read it),
    /// as if its rows had been added after this one's: its references are numbered here, first met
    /// where they were first met there.
    public mutating func absorb(_ other: CaseIndex) {
        var numbers = [Int32](repeating: 0, count: other.count)
        for r in 0..<Int32(other.count) {
            let (number, added) = other.references.withBytes(of: r) { references.intern($0) }
            if added { firstSeen.append(other.firstSeen[Int(r)]) }
            numbers[Int(r)] = number
        }
        entries.reserveCapacity(entries.count + other.entries.count)
        for var e in other.entries {
            e.ref = numbers[Int(e.ref)]
            add(e)
        }
        for (r, cells) in other.raw { raw[numbers[Int(r)], default: []] += cells }
    }

    /// The index with its entries grouped by reference (a stable counting sort: within a reference,
    /// the order they were added).
    public func sealed() -> CaseIndex {
        var out = self
        let n = references.count
        var starts = [Int32](repeating: 0, count: n + 1)
        for e in entries { starts[Int(e.ref) + 1] += 1 }
        for r in 0..<n { starts[r + 1] += starts[r] }
        var next = starts
        var grouped = entries
        for e in entries {
            grouped[Int(next[Int(e.ref)])] = e
            next[Int(e.ref)] += 1
        }
        out.entries = grouped
        out.starts = starts
        return out
    }

    /// The entries of reference `r` (sealed index only).
    func group(_ r: Int32) -> ArraySlice<Entry> { entries[Int(starts[Int(r)])..<Int(starts[Int(r) + 1])] }

    /// The number of a reference, if the index holds it.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int32? { references.find(bytes) }

    /// A reference's text.
    func reference(_ r: Int32) -> String { references.string(r) }

    /// Whether some source records `slot` as events.
    func isEventSlot(_ slot: Int) -> Bool { slot < eventSlots.count && eventSlots[slot] }

    /// Where a reference was first met.
    func first(_ r: Int32) -> (source: Int32, line: Int32) { firstSeen[Int(r)] }
}
