/// A calendar day in England, stored as the number of days since 1970-01-01.
///
/// sendcheck never uses times of day: every date in the law and in case data is a whole day,
/// so the hot path works on plain integers (see `docs/semantics.md`).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var number: Int

    /// Creates a day from its day number.
    public init(number: Int) { self.number = number }

    /// The day numbers of years -9999...9999, where day arithmetic and `civil` cannot overflow.
    public static let storable = Day.daysFromCivil(-9999, 1, 1)...Day.daysFromCivil(9999, 12, 31)

    /// A day number read from storage (the alert state): nil when outside `storable`, as only a damaged
    /// or hand-edited file holds.
    public init?(stored number: Int) {
        guard Day.storable.contains(number) else { return nil }
        self.number = number
    }

    /// Creates a day from a proleptic Gregorian year, month and day, or returns nil if no such day exists
    /// (or the year is outside -9999...9999, where day arithmetic could overflow).
    public init?(year: Int, month: Int, day: Int) {
        guard (-9999...9999).contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
        self.number = Day.daysFromCivil(year, month, day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    /// The year, month and day of this day.
    public var civil: (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO 8601 form, `2024-03-15`.
    public var description: String { iso }

    /// ISO 8601 form, `2024-03-15`.
    public var iso: String {
        let c = civil
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    /// Monday = 1 ... Sunday = 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let w = (number + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The day `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> Day { Day(number: number + days) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { other.number - number }

    /// Number of days in a month of a year.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether a year is a Gregorian leap year.
    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    @inline(__always)
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
