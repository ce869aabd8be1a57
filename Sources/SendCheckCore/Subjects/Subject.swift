/// One thing rules are checked against: a case (one request or plan) or an improvement-plan action.
///
/// `values` holds one value per schema slot. For event layouts that record a field more than once
/// (every annual review), `history` holds every occurrence of a date field in date order, and
/// `completeHistory` says the list is the whole history rather than the latest value only.
public struct Subject: Sendable {
    public var id: String
    public var kind: String
    /// Where the subject was read (the row of a wide CSV, the first row of a long one).
    public var location: SourceLocation
    public var values: [Value]
    public var history: History
    public var completeHistory: Bool
    /// Which fields the subject's source records at all (nil: every field, as in worked examples).
    /// For a subject joined from several case sources, what they record together.
    public var recorded: FieldPresence?
    /// The index of the source `location` is in, among the run's sources (-1 when not numbered).
    public var source: Int32 = -1
    /// Where values not from `location`'s row came from (a subject joined from several sources).
    public var provenance: Provenance?
    /// The cells as written (header, text, and the field the column feeds, nil when it feeds none),
    /// kept only when a reader is asked to (`explain`, `columns`).
    public var raw: [(name: String, value: String, field: String?)] = []

    public init(
        id: String, kind: String, location: SourceLocation, values: [Value], history: History = [:],
        completeHistory: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.location = location
        self.values = values
        self.history = history
        self.completeHistory = completeHistory
    }

    /// Whether the source records a field at all.
    @inline(__always) public func records(_ slot: Int) -> Bool { recorded?.has(slot) ?? true }

    /// Whether `history` holds every occurrence of a field (an event export records it, or the
    /// whole subject comes from one), so a repeating duty can be checked cycle by cycle.
    @inline(__always) public func hasHistory(_ slot: Int) -> Bool { completeHistory || history[slot] != nil }

    /// The occurrences of a date field on or before `asOf`, in date order, without copying the history
    /// (the evaluator asks this for every repeating duty of every subject).
    public func occurrences(of slot: Int, upTo asOf: Day) -> Days {
        if let list = history[slot] {
            var n = list.count
            while n > 0, list[n - 1] > asOf { n -= 1 }
            return Days(list: list, single: nil, count: n)
        }
        if case .date(let d) = values[slot], d <= asOf { return Days(list: [], single: d, count: 1) }
        return Days(list: [], single: nil, count: 0)
    }

    /// Some occurrences of a date field: a prefix of its history, or its single value.
    public struct Days: RandomAccessCollection {
        let list: [Day]
        let single: Day?
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(i: Int) -> Day { single ?? list[i] }
    }

    /// Every recorded occurrence of a date field, in date order.
    public func occurrences(of slot: Int) -> [Day] {
        if let h = history[slot] { return h }
        if case .date(let d) = values[slot] { return [d] }
        return []
    }
}

/// The fields one case source records (its columns, or the events it contains), or several joined
/// sources record together, and the column each is in on a row of the source subjects are read
/// from. Shared by all the subjects read from that source.
public final class FieldPresence: Sendable {
    public let path: String
    private let present: [Bool]
    /// Per slot, the 1-based column of the source's rows that holds it (0 when none does).
    private let columns: [Int32]
    /// The same as bits (bit `s` for slot `s`) when every recorded slot is below 64, else nil.
    public let bits: UInt64?

    /// The names of the run's sources, by `Origin.source` (the subjects' values may come from any).
    public let sources: [String]

    public init(path: String, present: [Bool], columns: [Int32] = [], sources: [String]? = nil) {
        self.path = path
        self.present = present
        self.columns = columns
        self.sources = sources ?? [path]
        var bits: UInt64? = 0
        for (slot, has) in present.enumerated() where has {
            bits = slot < 64 ? bits.map { $0 | 1 << UInt64(slot) } : nil
        }
        self.bits = bits
    }

    /// Whether the source records what `requirement` (with its `masks`, when it has them) needs.
    @inline(__always) public func meets(_ requirement: FieldRequirement, masks: FieldRequirement.SlotMasks?) -> Bool {
        if let masks, let bits { return masks.isMet(by: bits) }
        return requirement.isMet(by: has)
    }

    @inline(__always) public func has(_ slot: Int) -> Bool { slot < present.count && present[slot] }

    /// The column holding `slot` on a row of the source (0 when none does).
    public func column(of slot: Int) -> Int { slot < columns.count ? Int(columns[slot]) : 0 }

    /// Which slots are recorded, one flag per slot.
    public var flags: [Bool] { present }

    /// The same presence under another path, with `others` recorded too (joined sources).
    public func joined(_ others: [Bool], path: String, sources: [String]) -> FieldPresence {
        var all = present
        for (slot, has) in others.enumerated() where has {
            if slot >= all.count { all += [Bool](repeating: false, count: slot + 1 - all.count) }
            all[slot] = true
        }
        return FieldPresence(path: path, present: all, columns: columns, sources: sources)
    }

    /// The names of the fields recorded, in schema order.
    public func names(in schema: Schema) -> [String] { schema.fields.indices.filter(has).map { schema.fields[$0].name } }
}
