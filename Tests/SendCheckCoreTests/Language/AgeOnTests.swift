import Testing

@testable import SendCheckCore

/// `age_on` answers most ages from the count of days alone; the calendar decides near birthdays.
@Suite("age_on")
struct AgeOnTests {
    @Test("the day-count answer equals the calendar's for every birth date over eight years and ages 0 to 25")
    func dayCountEqualsCalendar() {
        let from = Day(year: 1996, month: 1, day: 1)!
        var mismatches: [String] = []
        // Every birth date from 1996 to 2003 (leap years and 29 February included), each on a spread
        // of days across 25 years, and on the days either side of its birthdays.
        for b in 0..<(8 * 366) {
            let born = from.adding(days: b)
            var days: [Int] = Array(stride(from: -3, through: 25 * 366, by: 37))
            for year in 1...25 { days += [365 * year - 1, 365 * year, 365 * year + year / 4, 365 * year + year / 4 + 1] }
            for d in days {
                let on = born.adding(days: d)
                let fast = AgeOnFunction.age(born: born, on: on)
                let exact = AgeOnFunction.calendarAge(born: born, on: on)
                if fast != exact { mismatches.append("\(born.iso) on \(on.iso): \(fast) vs \(exact)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("birthdays, 29 February and a date before birth")
    func edges() {
        func age(_ b: String, _ d: String) -> Int { AgeOnFunction.age(born: Fixtures.day(b), on: Fixtures.day(d)) }
        #expect(age("2020-07-01", "2025-06-30") == 4)
        #expect(age("2020-07-01", "2025-07-01") == 5)
        #expect(age("2020-02-29", "2025-02-27") == 4)
        #expect(age("2020-02-29", "2025-02-28") == 5)
        #expect(age("2020-02-29", "2024-02-28") == 3)
        #expect(age("2020-02-29", "2024-02-29") == 4)
        #expect(age("2020-03-01", "2020-02-29") == -1)
        #expect(age("2020-03-01", "2020-03-01") == 0)
    }
}
