/// Where one value of a subject was written: the source (an index into the run's sources), the row
/// and the column. A finding names where its start and end events came from with it.
public struct Origin: Sendable, Equatable {
    public var source: Int32
    public var line: Int32
    public var column: Int32

    public init(source: Int32, line: Int32, column: Int32) {
        self.source = source
        self.line = line
        self.column = column
    }

    /// No recorded place: the value is the subject's own row's (or a constant's).
    public static let row = Origin(source: -1, line: 0, column: 0)
    public var isRow: Bool { source < 0 }
}

/// Where a joined subject's values came from, when not all from the row `Subject.location` names:
/// per slot (`Origin.row` for the row's own), and per occurrence of each field with a history, in the
/// history's order. Immutable once made, shared by copies of the subject.
public final class Provenance: Sendable {
    public let slots: [Origin]
    public let history: [Int: [Origin]]

    public init(slots: [Origin], history: [Int: [Origin]]) {
        self.slots = slots
        self.history = history
    }
}

extension Subject {
    /// Where the value of `slot` was written (for a field with a history, where its occurrence on
    /// `day` was, when given and found).
    public func origin(of slot: Int, on day: Day? = nil) -> Origin {
        if let provenance {
            if let day, let days = history[slot], let i = days.lastIndex(of: day), let origins = provenance.history[slot], i < origins.count {
                return origins[i]
            }
            if slot < provenance.slots.count, !provenance.slots[slot].isRow { return provenance.slots[slot] }
        }
        let column = recorded?.column(of: slot) ?? 0
        return Origin(source: source, line: Int32(truncatingIfNeeded: location.line), column: Int32(column == 0 ? location.column : column))
    }

    /// Whether the subject has a value for `slot` on `day` (its value, or one occurrence).
    func holds(_ day: Day, in slot: Int) -> Bool {
        if let days = history[slot] { return days.contains(day) }
        return values[slot].day == day
    }
}
