/// How a workbook counts days: a date in a cell is a number of days (the "serial"), counted from the
/// end of 1899 or from 1 January 1904 (`<workbookPr date1904="1"/>`, once the Mac's default).
///
/// The 1900 system keeps a mistake Lotus 1-2-3 made and Excel copied: it counts a 29 February 1900
/// that never was (serial 60). Serials 1 to 59 are 1 January to 28 February 1900, and from 61 on each
/// serial is one more than the days since 31 December 1899 (61 is 1 March 1900).
public enum ExcelDateSystem: Sendable, Equatable {
    case from1900
    case from1904

    /// The largest serial Excel shows as a date: 31 December 9999.
    public var largestSerial: Int { self == .from1900 ? 2_958_465 : 2_957_003 }

    /// The smallest serial Excel shows as a real date (serial 0 in the 1900 system is "0 January 1900").
    public var smallestSerial: Int { self == .from1900 ? 1 : 0 }

    /// The serial of Excel's phantom 29 February 1900 (1900 system only).
    public static let phantomLeapDay = 60

    /// 1899-12-31, 1899-12-30 and 1904-01-01 as day numbers.
    private static let lastDayOf1899 = Day(year: 1899, month: 12, day: 31)!.number
    private static let dayBeforeLastOf1899 = lastDayOf1899 - 1
    private static let firstDayOf1904 = Day(year: 1904, month: 1, day: 1)!.number

    /// The day a whole serial stands for; nil outside `smallestSerial...largestSerial` and for the
    /// phantom 29 February 1900, which is no day.
    public func day(serial: Int) -> Day? {
        guard serial >= smallestSerial, serial <= largestSerial else { return nil }
        switch self {
        case .from1904: return Day(number: Self.firstDayOf1904 + serial)
        case .from1900:
            if serial < Self.phantomLeapDay { return Day(number: Self.lastDayOf1899 + serial) }
            if serial == Self.phantomLeapDay { return nil }
            return Day(number: Self.dayBeforeLastOf1899 + serial)
        }
    }

    /// The serial of a day; nil before the system's first day or after 9999.
    public func serial(of day: Day) -> Int? {
        let serial: Int
        switch self {
        case .from1904: serial = day.number - Self.firstDayOf1904
        case .from1900:
            let plain = day.number - Self.lastDayOf1899
            serial = plain < Self.phantomLeapDay ? plain : plain + 1
        }
        guard serial >= smallestSerial, serial <= largestSerial else { return nil }
        return serial
    }
}
