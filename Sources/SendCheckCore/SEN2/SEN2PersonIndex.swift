/// Finds persons given the same reference twice in a return (the same UPN, ULN or council id on two
/// `<Person>` elements), which would make their requests look like one child's. Holds a 64-bit hash
/// and a line per person (16 bytes each), compared by sorting once the return is read.
public struct SEN2PersonIndex: Sendable {
    private var entries: [(hash: UInt64, line: Int)] = []

    public init() {}

    public mutating func add(_ reference: String, line: Int) {
        var copy = reference
        entries.append((copy.withUTF8 { Value.textHash(UnsafeRawBufferPointer($0)) }, line))
    }

    /// Adds another part's persons (their lines are the file's own).
    public mutating func absorb(_ other: SEN2PersonIndex) { entries += other.entries }

    /// Puts the persons in the order `repeats` needs. Indexes sorted apart (one per core, in
    /// parallel) and then absorbed one after another are merged by the final sort in linear time:
    /// the standard sort finds sorted runs and merges them.
    public mutating func sort() {
        guard entries.count >= RadixSort.minimum else { return entries.sort(by: Self.precedes) }
        RadixSort.sort(&entries) { $0.hash }
        RadixSort.sortRuns(&entries, key: { $0.hash }, by: Self.precedes)
    }

    private static func precedes(_ a: (hash: UInt64, line: Int), _ b: (hash: UInt64, line: Int)) -> Bool {
        a.hash != b.hash ? a.hash < b.hash : a.line < b.line
    }

    /// Each later person whose reference an earlier one had: (its line, the earlier line).
    public consuming func repeats() -> [(line: Int, first: Int)] {
        // Sorted where they are (a national return holds 640,000 of them): no second copy.
        var sorted = entries
        entries = []
        sorted.sort(by: Self.precedes)
        var out: [(Int, Int)] = []
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count, sorted[j].hash == sorted[i].hash {
                out.append((sorted[j].line, sorted[i].line))
                j += 1
            }
            i = j
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
