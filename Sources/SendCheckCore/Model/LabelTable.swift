/// The text of label cells (a team's name, a caseworker's address) by the hash subjects hold
/// (`Value.text`): what a report prints for a team, and where an alert is routed.
///
/// A reader keeps the first text it meets for each hash; a parallel read's parts are merged keeping
/// the earlier part's. A council has a handful of labels, but a mapping that puts a reference in
/// `team` makes one per case, so lookups and merges go through a `HashIndex` rather than a
/// `Dictionary` (which hashes its keys again).
public struct LabelTable: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var index = HashIndex()
    /// By the hash's number in `index`.
    private var texts: [String] = []

    public init() {}

    public init(dictionaryLiteral elements: (UInt64, String)...) {
        for (hash, text) in elements { add(hash, text) }
    }

    /// How many labels are held.
    public var count: Int { texts.count }
    public var isEmpty: Bool { texts.isEmpty }

    /// The text of a hash, if held.
    public subscript(hash: UInt64) -> String? { index.find(hash).map { texts[Int($0)] } }

    /// A team's name as a report prints it: `(no team)` for a subject without one (no hash, or the
    /// hash 0 a subject's team is counted under when it has none), `(team)` for a hash with no text.
    public func team(_ hash: UInt64?) -> String {
        guard let hash, hash != 0 else { return "(no team)" }
        return self[hash] ?? "(team)"
    }

    /// Keeps `text` for `hash` unless a text is already held for it; `text` is made only when new.
    public mutating func add(_ hash: UInt64, _ text: @autoclosure () -> String) {
        guard index.insert(hash).added else { return }
        texts.append(text())
    }

    /// Adds another table's labels, keeping this one's text where both hold a hash.
    public mutating func merge(_ other: LabelTable) {
        if isEmpty {
            self = other
            return
        }
        index.reserveCapacity(count + other.count)
        for (i, hash) in other.index.keys.enumerated() { add(hash, other.texts[i]) }
    }

    /// Several tables merged in order (the first's text wins): the first is taken as it is, not copied.
    public static func merged(_ tables: some Sequence<LabelTable>) -> LabelTable {
        var out = LabelTable()
        for table in tables { out.merge(table) }
        return out
    }

    /// Every label's text, in the order added.
    public var values: [String] { texts }

    /// Tables are equal when they hold the same texts for the same hashes, whatever the order.
    public static func == (a: LabelTable, b: LabelTable) -> Bool {
        a.count == b.count && a.index.keys.enumerated().allSatisfy { b[$1] == a.texts[$0] }
    }
}
