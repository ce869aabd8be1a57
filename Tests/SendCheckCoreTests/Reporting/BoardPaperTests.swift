import Testing

@testable import SendCheckCore

/// The board paper's first page, its targets, its backlog and its counts of children.
@Suite("Board paper")
struct BoardPaperTests {
    static let asOf = Fixtures.day("2026-01-15")

    // MARK: Targets and trajectories

    static func target(_ value: Double, by: String, trajectory: [(String, Double)] = []) -> ReportTarget {
        var t = ReportTarget(id: "m", location: SourceLocation(path: "c.yaml", line: 1, column: 1), value: value, by: Fixtures.day(by))
        t.trajectory = trajectory.map { (Fixtures.day($0.0), $0.1) } + [(Fixtures.day(by), value)]
        return t
    }

    @Test("a trajectory's value for a day is a straight line between its points: none before the first, the target after the last")
    func trajectoryValue() {
        let t = Self.target(60, by: "2027-03-31", trajectory: [("2026-03-31", 40), ("2026-09-30", 50)])
        #expect(Trajectory.expected(t, on: Fixtures.day("2026-03-30")) == nil)
        #expect(Trajectory.expected(t, on: Fixtures.day("2026-03-31")) == 40)
        // 2026-06-30 is 91 of the 183 days from 31 March to 30 September.
        #expect(abs(Trajectory.expected(t, on: Fixtures.day("2026-06-30"))! - (40 + 10 * 91.0 / 183)) < 1e-9)
        #expect(Trajectory.expected(t, on: Fixtures.day("2027-03-31")) == 60)
        #expect(Trajectory.expected(t, on: Fixtures.day("2028-01-01")) == 60)
    }

    @Test("the forecast is the least-squares line through the month ends, kept within 0-100% for a percentage")
    func forecast() throws {
        let days = BoardReportBuilder.monthEnds(before: Self.asOf)
        // A line rising 2 points a month end: the forecast continues it.
        let rising = days.enumerated().map { ($1, 40.0 + 2 * Double($0)) }
        let next = Fixtures.day("2026-01-31")
        let f = try #require(Trajectory.forecast(rising, at: next, percent: true))
        #expect(abs(f - 64) < 0.2)
        // Values that do not fit a line: through (0, 0), (10, 2), (20, 1) the line is 0.5 + 0.05x, so 2.0 at x = 30.
        let d0 = Fixtures.day("2025-01-01")
        let three = [(d0, 0.0), (d0.adding(days: 10), 2.0), (d0.adding(days: 20), 1.0)]
        #expect(abs(Trajectory.forecast(three, at: d0.adding(days: 30), percent: false)! - 2.0) < 1e-9)
        #expect(Trajectory.forecast(Array(rising.prefix(2)), at: next, percent: true) == nil)
        // Far ahead, a percentage stops at 100 and weeks at 0.
        #expect(Trajectory.forecast(rising, at: Fixtures.day("2030-01-01"), percent: true) == 100)
        let falling = days.enumerated().map { ($1, 30.0 - 3 * Double($0)) }
        #expect(Trajectory.forecast(falling, at: Fixtures.day("2030-01-01"), percent: false) == 0)
        #expect(Trajectory.yearEnd(after: Fixtures.day("2026-01-15")) == Fixtures.day("2026-03-31"))
        #expect(Trajectory.yearEnd(after: Fixtures.day("2026-04-01")) == Fixtures.day("2027-03-31"))
    }

    @Test("on track: against the trajectory's value now, else the forecast against the target, else after the date the figure itself")
    func onTrack() {
        let months = BoardReportBuilder.monthEnds(before: Self.asOf).enumerated().map { ($1, 40.0 + Double($0)) }
        let asOf = Self.asOf
        // The trajectory asks 50 by now: 48 is off track, 52 on.
        let t = Self.target(60, by: "2027-03-31", trajectory: [("2025-03-31", 40), ("2026-03-31", 52)])
        let expected = Trajectory.expected(t, on: asOf)!
        #expect(expected > 49 && expected < 51)
        let off = Trajectory.progress(t, value: 48, monthEnds: months, asOf: asOf, percent: true, lowerIsBetter: false)
        #expect(off.onTrack == false && off.basis.contains("against the trajectory's"))
        #expect(Trajectory.progress(t, value: 52, monthEnds: months, asOf: asOf, percent: true, lowerIsBetter: false).onTrack == true)
        // No trajectory yet: the forecast (rising 1 a month, about 65 by March 2027) against the target.
        let plain = Self.target(60, by: "2027-03-31")
        let byForecast = Trajectory.progress(plain, value: 45, monthEnds: months, asOf: asOf, percent: true, lowerIsBetter: false)
        #expect(byForecast.onTrack == true && byForecast.forecast! > 60 && byForecast.basis.hasPrefix("forecast"))
        #expect(
            Trajectory.progress(Self.target(80, by: "2027-03-31"), value: 45, monthEnds: months, asOf: asOf, percent: true, lowerIsBetter: false)
                .onTrack == false)
        // Lower is better (weeks): 18 against a target of 20 is on track once the date has passed.
        let weeks = Self.target(20, by: "2025-12-31")
        #expect(Trajectory.progress(weeks, value: 18, monthEnds: [], asOf: asOf, percent: false, lowerIsBetter: true).onTrack == true)
        #expect(Trajectory.progress(weeks, value: 22, monthEnds: [], asOf: asOf, percent: false, lowerIsBetter: true).onTrack == false)
        // Too few month ends to forecast, and no trajectory: not known, and it says why.
        let unknown = Trajectory.progress(plain, value: 45, monthEnds: Array(months.prefix(2)), asOf: asOf, percent: true, lowerIsBetter: false)
        #expect(unknown.onTrack == nil && unknown.words == "Not known" && unknown.basis.contains("fewer than 3"))
    }

    @Test("targets are read from 'report:' with the council and the board; mistakes are located errors")
    func settings() throws {
        let text = """
            version: 1
            report:
              council: Northshire County Council
              board: SEND Partnership Board
              targets:
                plans-20-weeks-excluding-exceptions:
                  value: 60%
                  by: 2027-03-31
                  trajectory: {2026-03-31: 45, 2026-09-30: 52.5}
                reg5-assessment-decision: {value: 90, by: 2027-03-31}

            """
        var diagnostics = Diagnostics()
        let parsed = Configuration.parse(text, path: "c.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.description) == [])
        let config = try #require(parsed)
        #expect(config.report.council == "Northshire County Council" && config.report.board == "SEND Partnership Board")
        #expect(config.report.targets.map(\.id) == ["plans-20-weeks-excluding-exceptions", "reg5-assessment-decision"])
        let first = config.report.targets[0]
        #expect(first.value == 60 && first.by == Fixtures.day("2027-03-31"))
        #expect(first.trajectory.map(\.value) == [45, 52.5, 60])
        #expect(first.location.line == 6)
        let bad = """
            version: 1
            report:
              targets:
                plans-20-weeks-excluding-exceptions: {value: lots, by: 2027-03-31}
                decisions-6-weeks: {value: 90}
                reg5-assessment-decision: {value: 90, by: 2027-03-31, trajectory: {2027-06-30: 95, soon: 80}}
                reg13-final-plan: {value: 60, by: 2027-03-31, goal: 70}

            """
        diagnostics = Diagnostics()
        _ = Configuration.parse(bad, path: "c.yaml", diagnostics: &diagnostics)
        let messages = diagnostics.items.map(\.description)
        #expect(
            messages.contains(
                "c.yaml:4:50: error: a value in the target 'plans-20-weeks-excluding-exceptions' must be a number such as 60 (a percentage) or 18.5 (weeks), not 'lots'"
            ))
        #expect(messages.contains { $0.hasPrefix("c.yaml:5:24: error: the target 'decisions-6-weeks' is missing the required key 'by'") })
        #expect(
            messages.contains { $0.hasPrefix("c.yaml:6:72: error: 'trajectory' of the target 'reg5-assessment-decision': 2027-06-30 is not before") })
        #expect(messages.contains { $0.hasPrefix("c.yaml:6:88: error: each key of 'trajectory'") })
        #expect(messages.contains { $0.hasPrefix("c.yaml:7:51: error: unknown key 'goal' in the target 'reg13-final-plan'") })
    }

    @Test("a measure's direction compares the figures as shown: the same to a tenth is no change; lower is better for weeks")
    func direction() {
        let day = Fixtures.day("2026-01-31")
        func measure(_ previous: Double?, _ now: Double?, unit: SEN2Measures.Measure.Unit = .percent) -> BoardReport.KeyMeasure {
            BoardReport.KeyMeasure(
                id: "m", title: "M", unit: unit, stepsUnit: "decisions", value: now, steps: 10, england: nil, englandYear: nil,
                lowerIsBetter: unit == .weeks, previous: previous, points: [(day, now)])
        }
        #expect(measure(45.06, 45.14).direction == "no change")
        #expect(measure(45.04, 45.16).direction == "better")
        #expect(measure(50, 40).direction == "worse")
        #expect(measure(20, 18, unit: .weeks).direction == "better")
        #expect(measure(nil, 40).direction == "–" && measure(40, nil).direction == "–")
        #expect(measure(1, 1).stepUnit == "decision" && measure(45.06, 45.14).shown(45.14) == "45.1%")
    }

    @Test("school terms: autumn to December, spring to March, summer to August; the next term follows the one a day is in")
    func schoolTerms() {
        #expect(SchoolTerm.next(after: Fixtures.day("2026-11-29")).days == Fixtures.day("2027-01-01")...Fixtures.day("2027-03-31"))
        #expect(SchoolTerm.next(after: Fixtures.day("2026-01-15")).name == .summer)
        #expect(SchoolTerm.next(after: Fixtures.day("2026-08-31")).days == Fixtures.day("2026-09-01")...Fixtures.day("2026-12-31"))
        #expect(SchoolTerm.next(after: Fixtures.day("2026-01-15")).description == "the summer term 2026 (Wed 1 Apr 2026 to Mon 31 Aug 2026)")
    }
}
