/// Date arithmetic with one documented policy for each kind of period (`docs/semantics.md` section 1).
public enum CalendarMath {
    /// The same day-number `months` months later (earlier when negative); when that day does not
    /// exist in the target month, the last day of that month. 31 Jan + 1 month = 29 Feb 2024.
    public static func adding(months: Int, to day: Day) -> Day {
        let c = day.civil
        let index = c.year * 12 + (c.month - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        let d = min(c.day, Day.daysIn(year: year, month: month))
        return Day(number: Day.daysFromCivil(year, month, d))
    }

    /// The last day of a period "of N months starting with" `start`: the corresponding-date rule.
    ///
    /// The period ends the day before the same day-number N months later; if that day-number does not
    /// exist in the target month, the period ends on the last day of that month.
    /// 10 Mar 2024 + 12 months -> 9 Mar 2025; 29 Feb 2024 + 12 -> 28 Feb 2025; 31 Aug 2024 + 6 -> 28 Feb 2025.
    public static func periodEnd(months: Int, startingWith start: Day) -> Day {
        let c = start.civil
        let index = c.year * 12 + (c.month - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        let last = Day.daysIn(year: year, month: month)
        if c.day > last {
            return Day(number: Day.daysFromCivil(year, month, last))
        }
        return Day(number: Day.daysFromCivil(year, month, c.day) - 1)
    }
}
