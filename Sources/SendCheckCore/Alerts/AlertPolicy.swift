/// Something to tell someone about tonight.
public struct AlertEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// First seen amber or red (or seen again after a waiver expired).
        case new
        /// Was amber, now red.
        case escalated
        /// Still open after the repeat interval.
        case repeated
        /// A step completed late since the last run.
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
}

/// The alert life cycle (Alertmanager's ideas, run from cron): new, escalated, repeated, resolved,
/// and a breach reported once. Pure: the state comes in, the night's events and the state to keep
/// go out.
public enum AlertPolicy {
    /// - Parameters:
    ///   - previous: the records kept by earlier runs (open and resolved).
    ///   - current: tonight's findings from `AlertCollector`.
    ///   - labels: the text of `caseworker` and `team` cells by their hash.
    ///   - repeatDays: an open alert is repeated when this many days have passed since it was last sent.
    public static func night(
        previous: [FindingKey: AlertRecord], current: [AlertFinding], labels: [UInt64: String], asOf: Day, repeatDays: Int, waivers: WaiverBook
    ) -> AlertNight {
        var night = AlertNight()
        var byKey: [FindingKey: AlertFinding] = [:]
        byKey.reserveCapacity(current.count)
        for f in current where byKey[f.key] == nil { byKey[f.key] = f }
        func text(_ h: UInt64?) -> String? { h.flatMap { labels[$0] }.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 } }
        func event(_ kind: AlertEvent.Kind, _ f: AlertFinding, waiver: Waiver? = nil) -> AlertEvent {
            AlertEvent(
                kind: kind, key: f.key, status: f.status, rag: f.rag, due: f.due, completed: f.completed, caseworker: text(f.caseworker),
                team: text(f.team), resolution: nil, expiredWaiver: waiver, dataToFix: f.dataToFix)
        }
        for f in byKey.values {
            let waiver = waivers.waiver(subject: f.key.subject, rule: f.key.rule)
            let old = previous[f.key]
            if f.isOpenAlert {
                if let waiver, waiver.isActive(on: asOf) {
                    if var r = old, r.isOpen {
                        r.resolved = asOf
                        r.resolution = .waived
                        night.changed.append(r)
                        var e = event(.resolved, f)
                        e.resolution = .waived
                        night.events.append(e)
                    }
                    continue
                }
                let expired = waiver.flatMap { $0.isActive(on: asOf) ? nil : $0 }
                if let expired { night.expiredWaivers.append(expired) }
                if var r = old, r.isOpen {
                    var kind: AlertEvent.Kind?
                    if f.rag > r.rag {
                        kind = .escalated
                    } else if r.lastSent.days(to: asOf) >= repeatDays {
                        kind = .repeated
                    }
                    let before = r
                    r.status = f.status
                    r.rag = f.rag
                    r.due = f.due
                    r.caseworker = text(f.caseworker) ?? r.caseworker
                    r.team = text(f.team) ?? r.team
                    if let kind {
                        r.lastSent = asOf
                        night.events.append(event(kind, f))
                    }
                    if r != before { night.changed.append(r) }
                    night.open.append(r)
                } else {
                    let r = AlertRecord(
                        key: f.key, status: f.status, rag: f.rag, due: f.due, firstSeen: asOf, lastSent: asOf, caseworker: text(f.caseworker),
                        team: text(f.team))
                    night.changed.append(r)
                    night.open.append(r)
                    night.events.append(event(.new, f, waiver: expired))
                }
            } else if f.status == .breached, f.newBreach || old?.isOpen == true, old == nil || old!.isOpen {
                // Completed late: told once, whether or not it was alerted while open.
                if let waiver, waiver.isActive(on: asOf), old == nil { continue }
                var r =
                    old
                    ?? AlertRecord(
                        key: f.key, status: f.status, rag: f.rag, due: f.due, firstSeen: asOf, lastSent: asOf, caseworker: text(f.caseworker),
                        team: text(f.team))
                r.status = f.status
                r.rag = f.rag
                r.resolved = asOf
                r.resolution = f.ended ? .ended : .late
                night.changed.append(r)
                var e = event(old == nil ? .breached : .resolved, f)
                e.resolution = r.resolution
                night.events.append(e)
            }
        }
        // Open alerts that are open no longer: say how they ended.
        for (key, old) in previous where old.isOpen && !(byKey[key]?.isOpenAlert ?? false) && !(byKey[key].map { $0.status == .breached } ?? false) {
            var r = old
            let f = byKey[key]
            let resolution: Resolution
            if let f {
                if f.ended {
                    resolution = .ended
                } else if f.status == .met {
                    resolution = .onTime
                } else {
                    resolution = .cleared
                }
                r.status = f.status
                r.rag = f.rag
            } else {
                resolution = .gone
            }
            r.resolved = asOf
            r.resolution = resolution
            night.changed.append(r)
            night.events.append(
                AlertEvent(
                    kind: .resolved, key: key, status: f?.status ?? old.status, rag: old.rag, due: old.due, completed: f?.completed,
                    caseworker: f.flatMap { text($0.caseworker) } ?? old.caseworker, team: f.flatMap { text($0.team) } ?? old.team,
                    resolution: resolution, expiredWaiver: nil))
        }
        // An active waiver on something that is not open any more can go.
        let coverable = Set(byKey.values.filter(\.isOpenAlert).map { WaiverBook.key($0.key.subject, $0.key.rule) })
        night.removableWaivers = waivers.waivers.filter { $0.isActive(on: asOf) && !coverable.contains(WaiverBook.key($0.subject, $0.rule)) }
        // Only the events are ordered (they are what people read); the state is a set.
        night.events.sort { ($0.key, $0.kind) < ($1.key, $1.kind) }
        night.expiredWaivers.sort { ($0.subject, $0.rule) < ($1.subject, $1.rule) }
        return night
    }
}
