/// Something to tell someone about tonight.
public struct AlertEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// First seen amber or red (or seen again after a waiver expired).
        case new
        /// Open again after it was resolved as no longer in the data: the case came back.
        case returned
        /// Was amber, now red.
        case escalated
        /// Still open after the repeat interval.
        case repeated
        /// A step completed late (or late with a recorded exception) since the last run.
        case breached
        /// No longer open.
        case resolved

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var kind: Kind
    public var key: FindingKey
    public var status: Status
    public var rag: RAG
    public var due: Day?
    public var completed: Day?
    public var caseworker: String?
    public var team: String?
    public var resolution: Resolution?
    /// The expired waiver that let a `new` alert through again.
    public var expiredWaiver: Waiver?
    /// For data that cannot be read: which field, and where.
    public var dataToFix: String?
    /// When the alert was first sent (a case back in the data keeps its history).
    public var firstSeen: Day?
    /// Why the case's caseworker could not be sent it (set by `AlertRouting`): it went to the manager.
    public var unroutable: CaseworkerRoute.Problem?

    /// Days past the due date as of `day` (open) or at completion (breached).
    public func daysLate(asOf day: Day) -> Int? {
        guard let due else { return nil }
        let end = completed ?? day
        let late = due.days(to: end)
        return late > 0 ? late : nil
    }
}

/// The outcome of one night: events to route, the state to keep, and the waivers to mention.
public struct AlertNight: Sendable {
    public var events: [AlertEvent] = []
    /// Every record whose content changed (new, updated or resolved): the state writes these.
    public var changed: [AlertRecord] = []
    /// Every record open after tonight, for the managers' and head of service's counts.
    public var open: [AlertRecord] = []
    /// Active waivers whose finding is no longer amber or red: they can be removed.
    public var removableWaivers: [Waiver] = []
    /// Waivers past their end date whose finding is open again.
    public var expiredWaivers: [Waiver] = []
    /// How many alerts were open before tonight, and how many tonight resolved as gone from the data.
    public var openBefore = 0
    public var gone = 0
    /// Open alerts of cases whose row was rejected tonight: kept as they were, untouched.
    public var held: [AlertRecord] = []
    /// Open alerts whose case or clock is missing tonight, left open because the read was partial.
    public var undecided = 0

    /// Whether tonight would resolve as gone more than `share` (0.05 for 5%) of the alerts open before
    /// it: a short export, not cases that left.
    public func resolvesTooManyAsGone(share: Double) -> Bool { gone > 0 && Double(gone) > share * Double(openBefore) }
}

/// What a night is decided with besides the state and the findings: the date, the repeat intervals,
/// the waivers, and how whole tonight's picture is.
public struct NightRules: Sendable {
    public var asOf: Day
    /// An open alert is repeated when this many days have passed since it was last sent.
    public var repeatDays: Int
    /// Whether an open excepted clock (late, with a recorded exception) is repeated too.
    public var repeatExcepted = false
    public var waivers: WaiverBook
    /// Cases a row of which was rejected tonight: their alerts are kept as they were, untouched, and
    /// their findings (from what was left of them) are not used.
    public var held: Set<String> = []
    /// Whether tonight's read lets an alert be resolved as gone from the data: every source read whole
    /// and every rejected row's case named. When not, an alert whose case or clock is missing stays open.
    public var decideGone = true

    public init(asOf: Day, repeatDays: Int = 7, waivers: WaiverBook = WaiverBook()) {
        self.asOf = asOf
        self.repeatDays = repeatDays
        self.waivers = waivers
    }
}

/// The alert life cycle (Alertmanager's ideas, run from cron): new, escalated, repeated, resolved,
/// and a breach reported once. Pure: the state comes in, the night's events and the state to keep
/// go out.
public enum AlertPolicy {
    /// - Parameters:
    ///   - previous: the records kept by earlier runs (open and resolved).
    ///   - current: tonight's findings from `AlertCollector`.
    ///   - labels: the text of `caseworker` and `team` cells by their hash.
    public static func night(
        previous: [FindingKey: AlertRecord], current: [AlertFinding], labels: LabelTable, rules: NightRules
    ) -> AlertNight {
        var byKey: [FindingKey: AlertFinding] = [:]
        byKey.reserveCapacity(current.count)
        for f in current where byKey[f.key] == nil && !rules.held.contains(f.key.subject) { byKey[f.key] = f }
        var night = NightDecisions(previous: previous, labels: labels, rules: rules)
        for f in byKey.values { night.take(f) }
        night.closeMissing(byKey)
        return night.finish(byKey)
    }
}

/// One night being decided, finding by finding, then the alerts whose finding is no longer open.
struct NightDecisions {
    let previous: [FindingKey: AlertRecord]
    let labels: LabelTable
    let rules: NightRules
    var night = AlertNight()

    var asOf: Day { rules.asOf }

    func text(_ h: UInt64?) -> String? { h.flatMap { labels[$0] }.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 } }

    func event(_ kind: AlertEvent.Kind, _ f: AlertFinding, waiver: Waiver? = nil) -> AlertEvent {
        AlertEvent(
            kind: kind, key: f.key, status: f.status, rag: f.rag, due: f.due, completed: f.completed, caseworker: text(f.caseworker),
            team: text(f.team), resolution: nil, expiredWaiver: waiver, dataToFix: f.dataToFix, firstSeen: previous[f.key]?.firstSeen)
    }

    func record(_ f: AlertFinding, firstSeen: Day) -> AlertRecord {
        AlertRecord(
            key: f.key, status: f.status, rag: f.rag, due: f.due, firstSeen: firstSeen, lastSent: asOf, caseworker: text(f.caseworker),
            team: text(f.team))
    }

    mutating func take(_ f: AlertFinding) {
        let waiver = rules.waivers.waiver(subject: f.key.subject, rule: f.key.rule)
        let old = previous[f.key]
        if f.isOpenAlert {
            open(f, old: old, waiver: waiver)
        } else if f.endedLate, f.newBreach || old?.isOpen == true, old?.isOpen ?? true {
            endedLate(f, old: old, waiver: waiver)
        }
    }

    /// An open clock: waived, still open (escalated or repeated when due), or new (or back).
    mutating func open(_ f: AlertFinding, old: AlertRecord?, waiver: Waiver?) {
        if let waiver, waiver.isActive(on: asOf) {
            if var r = old, r.isOpen {
                r.resolved = asOf
                r.resolution = .waived
                night.changed.append(r)
                var e = event(.resolved, f)
                e.resolution = .waived
                night.events.append(e)
            }
            return
        }
        let expired = waiver.flatMap { $0.isActive(on: asOf) ? nil : $0 }
        if let expired { night.expiredWaivers.append(expired) }
        if let r = old, r.isOpen {
            stillOpen(r, f)
            return
        }
        // New, or open again: an alert resolved earlier keeps when it was first seen.
        let r = record(f, firstSeen: old?.firstSeen ?? asOf)
        night.changed.append(r)
        night.open.append(r)
        night.events.append(event(old?.resolution == .gone ? .returned : .new, f, waiver: expired))
    }

    /// An alert open before tonight and still open: escalated when it is worse, repeated when it has
    /// been quiet for the interval (an excepted clock only if so configured).
    mutating func stillOpen(_ old: AlertRecord, _ f: AlertFinding) {
        var r = old
        var kind: AlertEvent.Kind?
        if f.rag > r.rag {
            kind = .escalated
        } else if r.lastSent.days(to: asOf) >= rules.repeatDays, f.status != .excepted || rules.repeatExcepted {
            kind = .repeated
        }
        r.status = f.status
        r.rag = f.rag
        r.due = f.due
        r.caseworker = text(f.caseworker) ?? r.caseworker
        r.team = text(f.team) ?? r.team
        if let kind {
            r.lastSent = asOf
            night.events.append(event(kind, f))
        }
        if r != old { night.changed.append(r) }
        night.open.append(r)
    }

    /// Completed late (or late with a recorded exception): told once, whether or not it was alerted
    /// while open.
    mutating func endedLate(_ f: AlertFinding, old: AlertRecord?, waiver: Waiver?) {
        if let waiver, waiver.isActive(on: asOf), old == nil { return }
        var r = old ?? record(f, firstSeen: asOf)
        r.status = f.status
        r.rag = f.rag
        r.resolved = asOf
        r.resolution = f.ended ? .ended : f.status == .excepted ? .excepted : .late
        night.changed.append(r)
        var e = event(old == nil ? .breached : .resolved, f)
        e.resolution = r.resolution
        night.events.append(e)
    }

    /// Alerts open before tonight whose finding is open no longer: say how they ended. A held case's
    /// alerts, and on a partial read an alert whose finding is missing, stay as they were.
    mutating func closeMissing(_ byKey: [FindingKey: AlertFinding]) {
        for (key, old) in previous where old.isOpen {
            night.openBefore += 1
            if rules.held.contains(key.subject) {
                night.open.append(old)
                night.held.append(old)
                continue
            }
            let f = byKey[key]
            if let f, f.isOpenAlert || f.endedLate { continue }
            if f == nil, !rules.decideGone {
                night.open.append(old)
                night.undecided += 1
                continue
            }
            var r = old
            let resolution: Resolution = f.map { $0.ended ? .ended : $0.status == .met ? .onTime : .cleared } ?? .gone
            if let f {
                r.status = f.status
                r.rag = f.rag
            } else {
                night.gone += 1
            }
            r.resolved = asOf
            r.resolution = resolution
            night.changed.append(r)
            night.events.append(
                AlertEvent(
                    kind: .resolved, key: key, status: f?.status ?? old.status, rag: old.rag, due: old.due, completed: f?.completed,
                    caseworker: f.flatMap { text($0.caseworker) } ?? old.caseworker, team: f.flatMap { text($0.team) } ?? old.team,
                    resolution: resolution, expiredWaiver: nil, firstSeen: old.firstSeen))
        }
    }

    /// The waivers that can go, and everything people read in a stable order.
    mutating func finish(_ byKey: [FindingKey: AlertFinding]) -> AlertNight {
        // An active waiver on something that is not open any more can go (a held case cannot tell).
        let coverable = Set(byKey.values.filter(\.isOpenAlert).map { WaiverBook.key($0.key.subject, $0.key.rule) })
        night.removableWaivers = rules.waivers.waivers.filter {
            $0.isActive(on: asOf) && !coverable.contains(WaiverBook.key($0.subject, $0.rule)) && !rules.held.contains($0.subject)
        }
        // Only the events are ordered (they are what people read); the state is a set.
        night.events.sort { ($0.key, $0.kind) < ($1.key, $1.kind) }
        night.expiredWaivers.sort { ($0.subject, $0.rule) < ($1.subject, $1.rule) }
        night.held.sort { $0.key < $1.key }
        return night
    }
}
