/// The listed findings of a result: the per-rule lists, read one after another in rule-id order.
/// A collection over the lists rather than one merged array, so a national run keeps one copy.
public struct FindingList: Collection, Sendable {
    private let parts: [[Finding]]
    public let count: Int

    public init(_ parts: [[Finding]]) {
        self.parts = parts.filter { !$0.isEmpty }
        count = self.parts.reduce(0) { $0 + $1.count }
    }

    /// A position: which list, and where in it.
    public struct Index: Comparable, Sendable {
        var part: Int
        var offset: Int
        public static func < (a: Index, b: Index) -> Bool { (a.part, a.offset) < (b.part, b.offset) }
    }

    public var startIndex: Index { Index(part: 0, offset: 0) }
    public var endIndex: Index { Index(part: parts.count, offset: 0) }
    public var isEmpty: Bool { count == 0 }

    public subscript(position: Index) -> Finding { parts[position.part][position.offset] }

    /// Iterates the lists directly (cheaper than going through indices for a national report).
    public struct Iterator: IteratorProtocol {
        var parts: IndexingIterator<[[Finding]]>
        var current: IndexingIterator<[Finding]>?

        public mutating func next() -> Finding? {
            while true {
                if let f = current?.next() { return f }
                guard let part = parts.next() else { return nil }
                current = part.makeIterator()
            }
        }
    }

    /// The findings in order, in runs of at most `size`, each run as the slices of the lists it spans.
    public func batches(of size: Int) -> [[ArraySlice<Finding>]] {
        var batches: [[ArraySlice<Finding>]] = []
        var current: [ArraySlice<Finding>] = []
        var room = Swift.max(1, size)
        for part in parts {
            var start = part.startIndex
            while start < part.endIndex {
                let end = Swift.min(part.endIndex, start + room)
                current.append(part[start..<end])
                room -= end - start
                start = end
                if room == 0 {
                    batches.append(current)
                    current = []
                    room = Swift.max(1, size)
                }
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    public func makeIterator() -> Iterator { Iterator(parts: parts.makeIterator(), current: nil) }

    public func index(after i: Index) -> Index {
        i.offset + 1 < parts[i.part].count ? Index(part: i.part, offset: i.offset + 1) : Index(part: i.part + 1, offset: 0)
    }
}
