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
/// one entry per value taken from elsewhere, and per occurrence of a field's history written
/// elsewhere. Immutable once made, shared by copies of the subject.
public final class Provenance: Sendable {
    public struct Entry: Sendable {
        public var slot: Int32
        /// The occurrence's day number, or `Int32.min` for the field's single value.
        public var day: Int32
        public var origin: Origin

        public init(slot: Int32, day: Int32, origin: Origin) {
            self.slot = slot
            self.day = day
            self.origin = origin
        }
    }

    public let entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// Where the value of `slot` came from, if not from the subject's row.
    public func origin(of slot: Int) -> Origin? {
        for e in entries where e.slot == slot && e.day == Int32.min { return e.origin }
        return nil
    }

    /// Where the occurrence of `slot` on `day` was written, if not on the subject's row.
    public func origin(of slot: Int, on day: Day) -> Origin? {
        let number = Int32(truncatingIfNeeded: day.number)
        for e in entries where e.slot == slot && e.day == number { return e.origin }
        return nil
    }
}

extension Subject {
    /// Where the value of `slot` was written (for a field with a history, where its occurrence on
    /// `day` was, when given and found).
    public func origin(of slot: Int, on day: Day? = nil) -> Origin {
        if let provenance {
            if let day, history[slot] != nil {
                if let origin = provenance.origin(of: slot, on: day) { return origin }
            } else if let origin = provenance.origin(of: slot) {
                return origin
            }
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
