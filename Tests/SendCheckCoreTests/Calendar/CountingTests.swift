import SendCheckCore
import Testing

/// Every edge of `docs/semantics.md` section 1.
@Suite("Counting rules")
struct CountingTests {
    let calendar = Fixtures.statutory.calendar

    func deadline(_ start: String, _ duration: String) -> String {
        Duration.parse(duration)!.deadline(from: Fixtures.day(start), calendar: calendar).iso
    }

    @Test("weeks exclude the start day: 8 Jan 2024 + 20 weeks is Mon 27 May 2024")
    func weeks() {
        #expect(deadline("2024-01-08", "20 weeks") == "2024-05-27")
        #expect(deadline("2024-01-08", "6 weeks") == "2024-02-19")
        #expect(Fixtures.day("2024-05-27").weekday == 1)
        #expect(deadline("2024-01-08", "15 days") == "2024-01-23")
    }

    @Test(
        "months use the corresponding-date rule",
        arguments: [
            ("2024-03-10", "12 months", "2025-03-09"),
            ("2024-02-29", "12 months", "2025-02-28"),
            ("2024-08-31", "6 months", "2025-02-28"),
            ("2023-08-31", "6 months", "2024-02-29"),
            ("2024-01-31", "1 month", "2024-02-29"),
            ("2024-01-30", "1 month", "2024-02-29"),
            ("2024-01-29", "1 month", "2024-02-28"),
            ("2024-12-15", "12 months", "2025-12-14"),
            ("2024-03-01", "1 year", "2025-02-28"),
        ])
    func months(start: String, duration: String, expected: String) {
        #expect(deadline(start, duration) == expected)
    }

    @Test("calendar addition of months keeps the day, clamped to the month's end")
    func addMonths() {
        #expect(CalendarMath.adding(months: 1, to: Fixtures.day("2024-01-31")).iso == "2024-02-29")
        #expect(CalendarMath.adding(months: -12, to: Fixtures.day("2025-06-30")).iso == "2024-06-30")
        #expect(CalendarMath.adding(months: -12, to: Fixtures.day("2025-02-28")).iso == "2024-02-28")
        #expect(CalendarMath.adding(months: -1, to: Fixtures.day("2024-03-31")).iso == "2024-02-29")
        #expect(CalendarMath.adding(months: 25, to: Fixtures.day("2023-11-30")).iso == "2025-12-30")
    }

    @Test(
        "working days skip weekends and England-and-Wales bank holidays",
        arguments: [
            ("2024-12-20", "3 working days", "2024-12-27"),  // Fri; 25, 26 Dec holidays
            ("2025-04-17", "1 working day", "2025-04-22"),  // Thu before Easter
            ("2022-09-16", "1 working day", "2022-09-20"),  // State Funeral Mon 19 Sep 2022
            ("2020-05-07", "1 working day", "2020-05-11"),  // VE Day Fri 8 May 2020
            ("2024-01-05", "5 working days", "2024-01-12"),
            ("2023-05-05", "1 working day", "2023-05-09"),  // Coronation Mon 8 May 2023
        ])
    func workingDays(start: String, duration: String, expected: String) {
        #expect(deadline(start, duration) == expected)
    }

    @Test("the bundled calendar covers 2014-2030 with 8 or more holidays a year")
    func calendarCoverage() {
        #expect(calendar.name == "england-and-wales")
        #expect(calendar.years == 2014...2030)
        for year in 2014...2030 {
            let count = (0..<366).compactMap { Day(year: year, month: 1, day: 1)?.adding(days: $0) }
                .filter { $0.civil.year == year && calendar.isHoliday($0) }.count
            #expect(count >= 8, "year \(year) has \(count) holidays")
        }
        #expect(calendar.isHoliday(Fixtures.day("2022-06-03")))
        #expect(!calendar.isHoliday(Fixtures.day("2022-05-30")))
    }

    @Test("before 15 February is 14 February (strict); by 15 February is 15 February")
    func fixedDates() throws {
        let strict = """
            version: 1
            kind: rule-pack
            pack: t
            title: t
            subject: case
            id_field: case_id
            fields: {year: number}
            rules:
              - id: strict
                title: t
                citation: t
                certainty: interpretation
                severity: statutory
                from: 2014-09-01
                start: date(year - 1, 9, 1)
                limit: {before: 15 February, year: year}
                message: m
                examples:
                  - {name: strict, as_of: 2026-01-01, given: {year: 2026}, expect: {status: pending, due: 2026-02-14}}
              - id: lenient
                title: t
                citation: t
                certainty: interpretation
                severity: statutory
                from: 2014-09-01
                start: date(year - 1, 9, 1)
                limit: {by: 31 March, year: year}
                message: m
                examples:
                  - {name: lenient, as_of: 2024-01-01, given: {year: 2024}, expect: {status: pending, due: 2024-03-31}}
            """
        let (set, diagnostics) = Fixtures.load(strict)
        #expect(diagnostics.isEmpty)
        let report = ExampleRunner.run(try #require(set))
        #expect(report.failures.map(\.description) == [])
        #expect(report.passed == 2)
    }
}
