import Testing

@testable import SendCheckCore

@Suite("Alert life cycle")
struct AlertPolicyTests {
    static let asOf = Day(year: 2026, month: 12, day: 1)!
    static let cw: UInt64 = 1
    static let team: UInt64 = 2
    static let labels: LabelTable = [cw: "jo@example.gov.uk", team: "North"]

    static func finding(
        _ subject: String, rule: String = "reg5-assessment-decision", status: Status, rag: RAG, due: Day? = nil, completed: Day? = nil,
        ended: Bool = false, newBreach: Bool? = nil
    ) -> AlertFinding {
        AlertFinding(
            key: FindingKey(rule: rule, subject: subject, start: Day(year: 2026, month: 10, day: 1)), rule: 0, status: status, rag: rag,
            due: due ?? Day(year: 2026, month: 12, day: 3), completed: completed, ended: ended, newBreach: newBreach ?? (status == .breached),
            caseworker: cw, team: team)
    }

    /// Runs nights one after another, keeping the state as the store would.
    struct Nights {
        var state: [FindingKey: AlertRecord] = [:]
        var waivers = WaiverBook()

        mutating func run(
            _ day: Day, _ findings: [AlertFinding], repeatDays: Int = 7, held: Set<String> = [], decideGone: Bool = true, repeatExcepted: Bool = false
        ) -> AlertNight {
            var rules = NightRules(asOf: day, repeatDays: repeatDays, waivers: waivers)
            rules.held = held
            rules.decideGone = decideGone
            rules.repeatExcepted = repeatExcepted
            let night = AlertPolicy.night(previous: state, current: findings, labels: labels, rules: rules)
            for r in night.changed { state[r.key] = r }
            return night
        }
    }

    @Test("new, quiet, repeated after the interval, escalated, then resolved on time")
    func lifeCycle() {
        var n = Nights()
        let d = Self.asOf
        let amber = Self.finding("C1", status: .dueSoon, rag: .amber)
        #expect(n.run(d, [amber]).events.map(\.kind) == [.new])
        #expect(n.run(d, [amber]).events.isEmpty, "a second run on the same day sends nothing")
        #expect(n.run(d.adding(days: 1), [amber]).events.isEmpty)
        #expect(n.run(d.adding(days: 7), [amber]).events.map(\.kind) == [.repeated])
        #expect(n.run(d.adding(days: 8), [amber]).events.isEmpty)
        let red = Self.finding("C1", status: .overdue, rag: .red)
        let escalated = n.run(d.adding(days: 9), [red])
        #expect(escalated.events.map(\.kind) == [.escalated])
        #expect(escalated.events.first?.caseworker == "jo@example.gov.uk")
        #expect(n.run(d.adding(days: 10), [red]).events.isEmpty)
        let met = Self.finding("C1", status: .met, rag: .green, completed: d.adding(days: 1))
        let resolved = n.run(d.adding(days: 11), [met])
        #expect(resolved.events.map(\.kind) == [.resolved])
        #expect(resolved.events.first?.resolution == .onTime)
        #expect(n.run(d.adding(days: 12), [met]).events.isEmpty, "resolved once")
        #expect(n.state.values.allSatisfy { !$0.isOpen })
    }

    @Test("done late, ended by a cease, gone from the data: each resolution says which")
    func resolutions() {
        var n = Nights()
        let d = Self.asOf
        let open = ["A", "B", "C", "D"].map { Self.finding($0, status: .overdue, rag: .red) }
        #expect(n.run(d, open).events.count == 4)
        let late = Self.finding("A", status: .breached, rag: .red, completed: d.adding(days: 1))
        let ended = Self.finding("B", status: .breached, rag: .red, completed: d.adding(days: 1), ended: true)
        let cleared = Self.finding("C", status: .pending, rag: .green)
        let night = n.run(d.adding(days: 2), [late, ended, cleared])
        let by = Dictionary(uniqueKeysWithValues: night.events.map { ($0.key.subject, $0) })
        #expect(by["A"]?.kind == .resolved && by["A"]?.resolution == .late)
        #expect(by["B"]?.resolution == .ended)
        #expect(by["C"]?.resolution == .cleared)
        #expect(by["D"]?.resolution == .gone)
        #expect(n.run(d.adding(days: 3), [late, ended, cleared]).events.isEmpty)
    }

    @Test("a step completed late that was never alerted is told once as a breach")
    func breachOnce() {
        var n = Nights()
        let d = Self.asOf
        let late = Self.finding("E", status: .breached, rag: .red, completed: d)
        #expect(n.run(d, [late]).events.map(\.kind) == [.breached])
        #expect(n.run(d.adding(days: 1), [late]).events.isEmpty)
    }

    @Test("an old breach of a case with another open alert is history, not a new breach")
    func oldBreach() {
        var n = Nights()
        let d = Self.asOf
        let open = Self.finding("F", status: .overdue, rag: .red)
        let old = Self.finding("F", rule: "reg13-final-plan", status: .breached, rag: .red, completed: d.adding(days: -300), newBreach: false)
        #expect(n.run(d, [open, old]).events.map(\.kind) == [.new])
        #expect(n.run(d.adding(days: 1), [open, old]).events.isEmpty)
    }

    @Test("a waiver silences until its end date, then the finding alerts again; a waiver on a green finding can go")
    func waivers() {
        var n = Nights()
        let d = Self.asOf
        let at = SourceLocation(path: "waivers.yaml", line: 3, column: 5)
        n.waivers = WaiverBook([
            Waiver(
                subject: "W", rule: "reg5-assessment-decision", reason: "Tribunal stay agreed", owner: "Head of SEND", until: d.adding(days: 2),
                at: at),
            Waiver(
                subject: "G", rule: "reg5-assessment-decision", reason: "Tribunal stay agreed", owner: "Head of SEND", until: d.adding(days: 30),
                at: at),
        ])
        let w = Self.finding("W", status: .overdue, rag: .red)
        let g = Self.finding("G", status: .met, rag: .green)
        let first = n.run(d, [w, g])
        #expect(first.events.isEmpty)
        #expect(first.removableWaivers.map(\.subject) == ["G"])
        #expect(n.run(d.adding(days: 2), [w, g]).events.isEmpty, "the waiver holds on its last day")
        let after = n.run(d.adding(days: 3), [w, g])
        #expect(after.events.map(\.kind) == [.new])
        #expect(after.events.first?.expiredWaiver?.subject == "W")
        #expect(after.expiredWaivers.map(\.subject) == ["W"])
    }

    @Test("an open alert that a new waiver covers is resolved as waived")
    func waivedLater() {
        var n = Nights()
        let d = Self.asOf
        let w = Self.finding("W", status: .overdue, rag: .red)
        _ = n.run(d, [w])
        n.waivers = WaiverBook([
            Waiver(
                subject: "W", rule: "reg5-assessment-decision", reason: "Tribunal stay agreed", owner: "Head of SEND", until: d.adding(days: 30),
                at: SourceLocation(path: "w.yaml", line: 1, column: 1))
        ])
        let night = n.run(d.adding(days: 1), [w])
        #expect(night.events.map(\.kind) == [.resolved])
        #expect(night.events.first?.resolution == .waived)
    }

    @Test("a case whose row was rejected tonight keeps its alerts as they were; read again, it goes on with its history")
    func heldCase() {
        var n = Nights()
        let d = Self.asOf
        let c2 = Self.finding("C0002", rule: "reg13-final-plan", status: .overdue, rag: .red)
        let c3 = Self.finding("C0003", status: .overdue, rag: .red)
        _ = n.run(d, [c2, c3])
        // Tonight C0002's row was rejected: no finding for it (or one from what was left of it).
        let partial = Self.finding("C0002", rule: "reg13-final-plan", status: .pending, rag: .green)
        let held = n.run(d.adding(days: 1), [partial, c3], held: ["C0002"])
        #expect(held.events.isEmpty, "nothing is said of a held case: \(held.events)")
        #expect(held.changed.isEmpty)
        #expect(held.held.map(\.key.subject) == ["C0002"])
        #expect(held.open.count == 2 && held.gone == 0)
        // Fixed the next night: the same alert, first seen on the first night, not new again.
        let fixed = n.run(d.adding(days: 2), [c2, c3])
        #expect(fixed.events.isEmpty)
        #expect(n.state[c2.key]?.firstSeen == d && n.state[c2.key]?.lastSent == d)
        #expect(n.run(d.adding(days: 7), [c2, c3]).events.map(\.kind) == [.repeated, .repeated], "the reminder cycle goes on")
    }

    @Test("on a partial read (a rejected row whose case cannot be told), nothing is resolved as gone")
    func partialRead() {
        var n = Nights()
        let d = Self.asOf
        let open = ["A", "B"].map { Self.finding($0, status: .overdue, rag: .red) }
        _ = n.run(d, open)
        let night = n.run(d.adding(days: 1), [open[0]], decideGone: false)
        #expect(night.events.isEmpty)
        #expect(night.undecided == 1 && night.gone == 0 && night.open.count == 2)
        #expect(n.state[open[1].key]?.isOpen == true)
        let whole = n.run(d.adding(days: 2), [open[0]])
        #expect(whole.events.map(\.resolution) == [.gone], "a complete read decides it")
    }

    @Test("a night that would resolve 14 of 15 open alerts as gone is too many; 1 of 20 is not")
    func tooManyGone() {
        var n = Nights()
        let d = Self.asOf
        let open = (1...15).map { Self.finding("C\($0)", status: .overdue, rag: .red) }
        _ = n.run(d, open)
        var copy = n
        let short = copy.run(d.adding(days: 1), [open[0]])
        #expect(short.gone == 14 && short.openBefore == 15)
        #expect(short.resolvesTooManyAsGone(share: 0.05))
        #expect(!short.resolvesTooManyAsGone(share: 1))
        let twenty = (1...20).map { Self.finding("D\($0)", status: .overdue, rag: .red) }
        var m = Nights()
        _ = m.run(d, twenty)
        #expect(!m.run(d.adding(days: 1), Array(twenty.dropFirst())).resolvesTooManyAsGone(share: 0.05))
    }

    @Test("a case that comes back after it left the data keeps its history: first seen kept, told once as back")
    func comesBack() {
        var n = Nights()
        let d = Self.asOf
        let c = Self.finding("C", status: .overdue, rag: .red)
        _ = n.run(d, [c])
        #expect(n.run(d.adding(days: 3), []).events.first?.resolution == .gone)
        let back = n.run(d.adding(days: 4), [c])
        #expect(back.events.map(\.kind) == [.returned])
        #expect(back.events.first?.firstSeen == d)
        #expect(n.state[c.key]?.firstSeen == d && n.state[c.key]?.isOpen == true)
        #expect(n.run(d.adding(days: 5), [c]).events.isEmpty)
    }

    @Test("an ended clock (an excepted plan issued months ago) is never due soon; an open alert for it is resolved once")
    func endedExcepted() {
        var n = Nights()
        let d = Self.asOf
        let issued = Self.finding(
            "X", rule: "reg13-final-plan", status: .excepted, rag: .amber, completed: d.adding(days: -120), newBreach: false)
        #expect(n.run(d, [issued]).events.isEmpty, "ended long ago: history, not an alert")
        // A state that (before the fix) held it open as due soon is told once that it was done late.
        n.state[issued.key] = AlertRecord(
            key: issued.key, status: .excepted, rag: .amber, due: issued.due, firstSeen: d, lastSent: d, caseworker: "jo@example.gov.uk",
            team: "North")
        let night = n.run(d.adding(days: 1), [issued])
        #expect(night.events.map(\.kind) == [.resolved])
        #expect(night.events.first?.resolution == .excepted)
        #expect(n.run(d.adding(days: 8), [issued]).events.isEmpty, "never repeated")
        let recent = Self.finding("Y", rule: "reg13-final-plan", status: .excepted, rag: .amber, completed: d, newBreach: true)
        let told = n.run(d.adding(days: 9), [recent])
        #expect(told.events.map(\.kind) == [.breached], "completed late with an exception: told once")
        #expect(AlertRouting.section(told.events[0]) == .excepted)
        #expect(n.run(d.adding(days: 20), [recent]).events.isEmpty)
    }

    @Test("an open excepted clock is told once, repeated only when repeat_excepted is set")
    func exceptedRepeat() {
        var n = Nights()
        let d = Self.asOf
        let excepted = Self.finding("E", status: .excepted, rag: .amber)
        let first = n.run(d, [excepted])
        #expect(first.events.map(\.kind) == [.new])
        #expect(AlertRouting.section(first.events[0]) == .excepted)
        #expect(n.run(d.adding(days: 7), [excepted]).events.isEmpty)
        #expect(n.run(d.adding(days: 14), [excepted], repeatExcepted: true).events.map(\.kind) == [.repeated])
    }
}
