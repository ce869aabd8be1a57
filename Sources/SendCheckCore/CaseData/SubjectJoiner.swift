/// Joins one child's rows across case sources into one subject (`docs/semantics.md` section 2: a case
/// is one child's record across every source), before any rule runs.
///
/// - A field some source records as events (one row per review meeting) has a history: every
///   occurrence from every source, each date once, in date order. One unreadable occurrence makes
///   the field unreadable.
/// - Any other field has one value. When sources disagree, the value of the source with the better
///   priority (lower `priority:`, else listed first) is used, and the other is a located warning. Two
///   rows of one events source disagreeing is not a conflict: the row of the later event counts.
/// - Every value keeps where it was written (`Provenance`), so findings name their events' rows.
///
/// A class, immutable once made: every row of a national file asks it, and a struct holding the index
/// would be copied (its arrays retained and released) at each call.
public final class SubjectJoiner: Sendable {
    let index: CaseIndex
    /// Per source: its rank (lower wins a conflict).
    let ranks: [Int]
    /// Per source: its name in locations.
    let names: [String]
    let schema: Schema
    /// What the sources record together: every joined subject's `recorded`.
    let presence: FieldPresence

    /// Counts per source, gathered while joining: events read twice, and values overruled.
    public struct Tally: Sendable {
        public var duplicateEvents: [Int]
        public var conflicts: [Int]

        public init(sources: Int) {
            duplicateEvents = [Int](repeating: 0, count: sources)
            conflicts = [Int](repeating: 0, count: sources)
        }

        public mutating func add(_ other: Tally) {
            for i in duplicateEvents.indices {
                duplicateEvents[i] += other.duplicateEvents[i]
                conflicts[i] += other.conflicts[i]
            }
        }
    }

    public init(index: CaseIndex, ranks: [Int], names: [String], schema: Schema, presence: FieldPresence) {
        self.index = index
        self.ranks = ranks
        self.names = names
        self.schema = schema
        self.presence = presence
    }

    /// An empty tally for these sources.
    public func tally() -> Tally { Tally(sources: names.count) }

    /// The number of the subject's reference in the index, if the index holds it.
    public func reference(_ bytes: UnsafeRawBufferPointer) -> Int32? { index.isEmpty ? nil : index.find(bytes) }

    /// The references no streamed row claimed (`claimed[r]` false), in the order first met.
    public func unclaimed(_ claimed: [Bool]) -> [Int32] {
        (0..<Int32(index.count)).filter { Int($0) >= claimed.count || !claimed[Int($0)] }
    }

    /// A subject made from the index alone (no streamed row has its reference).
    public func subject(_ r: Int32, part: JoinPart, diagnostics: inout Diagnostics) -> Subject {
        let (source, line) = index.first(r)
        var subject = Subject(
            id: index.reference(r), kind: schema.kind, location: SourceLocation(path: names[Int(source)], line: Int(line), column: 1),
            values: [Value](repeating: .missing, count: schema.fields.count))
        subject.source = source
        subject.recorded = presence
        if let idSlot = schema.slot(of: schema.idField) { subject.values[idSlot] = .text(subject.id) }
        merge(&subject, r, own: false, part: part, diagnostics: &diagnostics)
        return subject
    }

    /// Merges the index's rows of reference `r` into a subject read from a streamed row.
    public func merge(_ subject: inout Subject, _ r: Int32, part: JoinPart, diagnostics: inout Diagnostics) {
        merge(&subject, r, own: true, part: part, diagnostics: &diagnostics)
    }

    /// Who holds a single-valued field taken from the index: the rank, source and row date of its value.
    struct Held {
        var slot: Int
        var rank: Int
        var source: Int32
        var rowDay: Int32
        var origin: Origin
    }

    /// One occurrence of an event, with where it was written and how its source ranks.
    struct Occurrence {
        var slot: Int
        var day: Day
        var origin: Origin
        var rank: Int
    }

    private func merge(_ subject: inout Subject, _ r: Int32, own: Bool, part: JoinPart, diagnostics: inout Diagnostics) {
        if !index.raw.isEmpty, let raw = index.raw[r] { subject.raw += raw }
        let group = index.group(r)
        guard !group.isEmpty else { return }
        let count = subject.values.count
        let ownRank = own && subject.source >= 0 && Int(subject.source) < ranks.count ? ranks[Int(subject.source)] : Int.max
        // Working lists reused subject after subject (a subject has a handful of such fields: searched
        // in order, no hashing, nothing allocated once warm), moved out of the part while in use: a
        // class's properties are checked for exclusive access at every touch.
        var held = part.held
        var occurrences = part.occurrences
        var unreadable = part.unreadable
        var eventSlots = part.eventSlots
        (part.held, part.occurrences, part.unreadable, part.eventSlots) = ([], [], [], [])
        defer { (part.held, part.occurrences, part.unreadable, part.eventSlots) = (held, occurrences, unreadable, eventSlots) }
        held.removeAll(keepingCapacity: true)
        occurrences.removeAll(keepingCapacity: true)
        unreadable.removeAll(keepingCapacity: true)
        eventSlots.removeAll(keepingCapacity: true)
        var tally = part.tally
        part.tally = Tally(sources: 0)
        defer { part.tally = tally }
        for e in group {
            let slot = Int(e.slot)
            guard slot < count else { continue }
            let origin = Origin(source: e.source, line: e.line, column: e.column)
            let rank = ranks[Int(e.source)]
            if index.isEventSlot(slot) {
                if !eventSlots.contains(slot) {
                    // The streamed row's own value of the field is one more occurrence.
                    eventSlots.append(slot)
                    switch subject.values[slot] {
                    case .date(let d) where own: occurrences.append(Occurrence(slot: slot, day: d, origin: .row, rank: ownRank))
                    case .invalid where own: unreadable.append((slot, .row))
                    default: break
                    }
                }
                switch e.value {
                case .date(let d): occurrences.append(Occurrence(slot: slot, day: d, origin: origin, rank: rank))
                case .invalid: if !unreadable.contains(where: { $0.slot == slot }) { unreadable.append((slot, origin)) }
                default: break
                }
                continue
            }
            guard let h = held.firstIndex(where: { $0.slot == slot }) else {
                if subject.values[slot].isMissing || !own {
                    subject.values[slot] = e.value
                    held.append(Held(slot: slot, rank: rank, source: e.source, rowDay: e.rowDay, origin: origin))
                } else {
                    // The streamed row holds the value: the entry agrees, loses or wins against it.
                    held.append(Held(slot: slot, rank: ownRank, source: subject.source, rowDay: 0, origin: .row))
                    settle(&subject, &held[held.count - 1], e, origin: origin, rank: rank, tally: &tally, diagnostics: &diagnostics)
                }
                continue
            }
            settle(&subject, &held[h], e, origin: origin, rank: rank, tally: &tally, diagnostics: &diagnostics)
        }
        settleEvents(&subject, held: held, occurrences: &occurrences, unreadable: unreadable, tally: &tally)
    }

    /// Each event field's history from its occurrences (each date once, the better-ranked source's
    /// row, in date order), an unreadable one invalid, and where every value came from.
    private func settleEvents(
        _ subject: inout Subject, held: [Held], occurrences: inout [Occurrence], unreadable: [(slot: Int, origin: Origin)], tally: inout Tally
    ) {
        var entries: [Provenance.Entry] = []
        entries.reserveCapacity(held.count + occurrences.count + unreadable.count)
        for h in held where !h.origin.isRow { entries.append(Provenance.Entry(slot: Int32(h.slot), day: Int32.min, origin: h.origin)) }
        // Each field's occurrences: each date once (the better-ranked source's row), in date order.
        occurrences.sort { ($0.slot, $0.day, $0.rank) < ($1.slot, $1.day, $1.rank) }
        var i = 0
        let all = occurrences
        while i < all.count {
            let slot = all[i].slot
            var days: [Day] = []
            while i < all.count, all[i].slot == slot {
                let o = all[i]
                i += 1
                if let last = days.last, last == o.day {
                    if o.origin.source == all[i - 2].origin.source, o.origin.source >= 0 { tally.duplicateEvents[Int(o.origin.source)] += 1 }
                    continue
                }
                days.append(o.day)
                if !o.origin.isRow {
                    entries.append(Provenance.Entry(slot: Int32(slot), day: Int32(truncatingIfNeeded: o.day.number), origin: o.origin))
                }
            }
            subject.values[slot] = days.last.map(Value.date) ?? .missing
            subject.history[slot] = days
        }
        for (slot, origin) in unreadable {
            subject.values[slot] = .invalid
            if subject.history[slot] == nil { subject.history[slot] = [] }
            if !origin.isRow { entries.append(Provenance.Entry(slot: Int32(slot), day: Int32.min, origin: origin)) }
        }
        subject.provenance = Provenance(entries)
    }

    /// One more value of a single-valued field someone already holds: the same source's later row
    /// replaces it silently; another source's different value warns, and the better rank keeps it.
    private func settle(
        _ subject: inout Subject, _ holder: inout Held, _ e: CaseIndex.Entry, origin: Origin, rank: Int, tally: inout Tally,
        diagnostics: inout Diagnostics
    ) {
        let slot = holder.slot
        let current = subject.values[slot]
        if holder.source == e.source {
            // Two rows of one events source: the later event's row counts, without a warning.
            if e.rowDay >= holder.rowDay {
                subject.values[slot] = e.value
                holder.origin = origin
                holder.rowDay = e.rowDay
            }
            return
        }
        let wins = rank < holder.rank
        if current != e.value, !current.isInvalid, !e.value.isInvalid {
            let loser = wins ? holder.origin : origin
            let loserSource = wins ? holder.source : e.source
            let winner = wins ? origin : holder.origin
            conflict(
                slot, kept: wins ? e.value : current, overruled: wins ? current : e.value, loser: at(loser, subject: subject, slot: slot),
                winner: at(winner, subject: subject, slot: slot), diagnostics: &diagnostics)
            if loserSource >= 0, Int(loserSource) < tally.conflicts.count { tally.conflicts[Int(loserSource)] += 1 }
        }
        if wins {
            subject.values[slot] = e.value
            holder = Held(slot: slot, rank: rank, source: e.source, rowDay: e.rowDay, origin: origin)
        }
    }

    /// The place an origin names (the subject's own row for `.row`).
    private func at(_ origin: Origin, subject: Subject, slot: Int) -> SourceLocation {
        if origin.isRow {
            let column = subject.recorded?.column(of: slot) ?? 0
            return SourceLocation(path: subject.location.path, line: subject.location.line, column: max(1, column))
        }
        return SourceLocation(path: names[Int(origin.source)], line: Int(origin.line), column: max(1, Int(origin.column)))
    }

    /// A located warning: two sources give one field different values, and which is used.
    private func conflict(_ slot: Int, kept: Value, overruled: Value, loser: SourceLocation, winner: SourceLocation, diagnostics: inout Diagnostics) {
        let field = schema.fields[slot]
        let shown: String
        if field.personal || field.type == .text {
            shown = "\(field.name) differs from \(winner.path):\(winner.line)"
        } else {
            shown = "\(field.name) is \(Self.text(overruled, field)) here, but \(winner.path):\(winner.line) gives \(Self.text(kept, field))"
        }
        diagnostics.warning(
            loser, "\(shown); the value from \(winner.path) is used (it comes first by 'priority', or by the order 'cases' lists the files)")
    }

    /// A value as a message shows it.
    static func text(_ value: Value, _ field: FieldDefinition) -> String {
        switch value {
        case .date(let d): return d.iso
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .code(let c):
            if case .code(let set) = field.type, c < set.values.count { return set.values[c] }
            return "code \(c)"
        case .missing: return "blank"
        case .invalid: return "unreadable"
        case .text: return "another text"
        }
    }
}
