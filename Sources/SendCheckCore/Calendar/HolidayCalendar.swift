/// Bank holidays for working-day arithmetic, loaded from data (`rules/calendars/`).
///
/// A working day is any day other than a Saturday, a Sunday or a listed holiday. Outside the years the
/// calendar covers only weekends are skipped; `covers(_:)` lets callers say so.
public struct HolidayCalendar: Sendable, Equatable {
    /// Calendar name, for example `england-and-wales`.
    public var name: String
    /// First and last year the list is complete for (nil for an empty calendar).
    public var years: ClosedRange<Int>?
    private var holidays: Set<Int>

    /// Creates a calendar from its holidays.
    public init(name: String, years: ClosedRange<Int>?, holidays: [Day]) {
        self.name = name
        self.years = years
        self.holidays = Set(holidays.map(\.number))
    }

    /// An empty calendar: weekends only.
    public static let weekendsOnly = HolidayCalendar(name: "weekends-only", years: nil, holidays: [])

    /// Whether the holiday list is complete for the year of `day`.
    public func covers(_ day: Day) -> Bool { years?.contains(day.civil.year) ?? false }

    /// Whether `day` is a listed holiday.
    public func isHoliday(_ day: Day) -> Bool { holidays.contains(day.number) }

    /// Whether `day` is a working day.
    public func isWorkingDay(_ day: Day) -> Bool { day.weekday <= 5 && !holidays.contains(day.number) }

    /// The day `count` working days after `start` (the start day itself is not counted).
    public func adding(workingDays count: Int, to start: Day) -> Day {
        var day = start
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Number of listed holidays.
    public var count: Int { holidays.count }
}
