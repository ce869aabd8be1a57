/// Parses the two date forms case data may use: ISO `2024-03-15` and UK `15/03/2024` (day first).
///
/// Anything else (US order, impossible days such as `31/02/2024`, Excel serial numbers, text) is
/// rejected with a reason, never guessed. Works on raw bytes so CSV cells need no `String`.
public enum DateParser {
    /// Why a cell is not a date.
    public enum Failure: Error, Equatable, Sendable {
        case notADate
        case impossibleDay(year: Int, month: Int, day: Int)

        /// A sentence for diagnostics.
        public func message(for text: String) -> String {
            switch self {
            case .notADate:
                return "'\(text)' is not a date; use ISO 2024-03-15 or UK 15/03/2024"
            case let .impossibleDay(y, m, d):
                return "'\(text)' is not a real day (\(y)-\(m)-\(d) does not exist)"
            }
        }
    }

    /// The day of exactly ten bytes in ISO or UK form, or nil for anything else (then `parse` says
    /// why, or reads what surrounding spaces hid). The hot path of reading case data: no `Result`,
    /// no trimming, one pass over the bytes.
    @inline(__always)
    public static func day(_ bytes: UnsafeRawBufferPointer) -> Day? {
        guard bytes.count == 10, let p = bytes.baseAddress else { return nil }
        @inline(__always) func at(_ i: Int) -> Int { Int(p.load(fromByteOffset: i, as: UInt8.self)) &- 48 }
        // Not a digit: below '0' (negative) or above '9'; one unsigned comparison tests both.
        var bad = false
        @inline(__always) func two(_ i: Int) -> Int {
            let (a, b) = (at(i), at(i + 1))
            bad = bad || UInt(bitPattern: a) > 9 || UInt(bitPattern: b) > 9
            return a * 10 + b
        }
        let y: Int
        let m: Int
        let d: Int
        if at(4) == -3, at(7) == -3 {  // yyyy-mm-dd
            (y, m, d) = (two(0) * 100 + two(2), two(5), two(8))
        } else if at(2) == -1, at(5) == -1 {  // dd/mm/yyyy
            (y, m, d) = (two(6) * 100 + two(8), two(3), two(0))
        } else {
            return nil
        }
        guard !bad else { return nil }
        guard m >= 1, m <= 12, d >= 1, d <= Day.daysIn(year: y, month: m) else { return nil }
        return Day(number: Day.daysFromCivil(y, m, d))
    }

    /// Parses a date from UTF-8 bytes. Leading and trailing spaces are ignored.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Day, Failure> {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        guard hi - lo == 10 else { return .failure(.notADate) }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let v = Int(bytes[lo + i]) &- 48
            return v >= 0 && v < 10 ? v : nil
        }
        @inline(__always) func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                guard let d = digit(i) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        let y: Int
        let m: Int
        let d: Int
        var dayFirst = false
        if bytes[lo + 4] == UInt8(ascii: "-"), bytes[lo + 7] == UInt8(ascii: "-") {
            guard let yy = number(0, 4), let mm = number(5, 2), let dd = number(8, 2) else {
                return .failure(.notADate)
            }
            (y, m, d) = (yy, mm, dd)
        } else if bytes[lo + 2] == UInt8(ascii: "/"), bytes[lo + 5] == UInt8(ascii: "/") {
            guard let dd = number(0, 2), let mm = number(3, 2), let yy = number(6, 4) else {
                return .failure(.notADate)
            }
            (y, m, d) = (yy, mm, dd)
            dayFirst = true
        } else {
            return .failure(.notADate)
        }
        guard (1...12).contains(m) else {
            // 03/15/2024 is most likely month-first (US order): say it is not a date we read.
            return .failure(dayFirst && m > 12 && (1...12).contains(d) ? .notADate : .impossibleDay(year: y, month: m, day: d))
        }
        guard let day = Day(year: y, month: m, day: d) else {
            return .failure(.impossibleDay(year: y, month: m, day: d))
        }
        return .success(day)
    }

    /// Parses a date from a string.
    public static func parse(_ text: String) -> Result<Day, Failure> {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
