/// Every recorded occurrence of a subject's repeating fields (each review meeting, each decision), by
/// slot. A subject has one or two such fields at most, so a short list searched in order is cheaper
/// than a dictionary (no hashing in the evaluator's hot path), with the same subscript.
public struct History: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [(slot: Int, days: [Day])] = []

    public init() {}

    public init(dictionaryLiteral elements: (Int, [Day])...) {
        for (slot, days) in elements { self[slot] = days }
    }

    public init(_ dictionary: [Int: [Day]]) {
        for (slot, days) in dictionary.sorted(by: { $0.key < $1.key }) { self[slot] = days }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The slots with a history, in the order they were first set.
    public var slots: [Int] { entries.map(\.slot) }

    /// The occurrences of a slot's field, in date order (nil when the field has no history).
    public subscript(slot: Int) -> [Day]? {
        get {
            for e in entries where e.slot == slot { return e.days }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { $0.slot == slot }) {
                if let newValue { entries[i].days = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((slot, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(slot: Int, days: [Day])]> { entries.makeIterator() }
}
