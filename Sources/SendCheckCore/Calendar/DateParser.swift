/// Parses the date forms case data may use: ISO `2024-03-15` and UK `15/03/2024` (day first, one
/// or two digits for day and month), optionally with a time of day, which is dropped.
///
/// Anything else (US order, impossible days such as `31/02/2024`, two-digit years, time zones, Excel
/// serial numbers, text) is rejected with a reason, never guessed. Works on raw bytes so CSV cells need no `String`.
public enum DateParser {
    /// The years a date may fall in: a case's dates, a rule's dates and an as-of date are all within
    /// them; `0000-01-01` or `9999-12-31` is a placeholder or a typing mistake, never guessed at.
    public static let years = 1900...2100

    /// Why a cell is not a date.
    public enum Failure: Error, Equatable, Sendable {
        case notADate
        case impossibleDay(year: Int, month: Int, day: Int)
        /// `5/5/10`: the century would be a guess.
        case twoDigitYear
        /// `2024-03-15T09:30Z`: a day in England cannot be read from another zone's time without a guess.
        case timeZone
        /// `2024-03-15 25:00`.
        case impossibleTime
        /// `0000-01-01`, `9999-12-31`: a placeholder or a mistyped year, not a day of a case.
        case yearOutOfRange(Int)

        /// A sentence for diagnostics.
        public func message(for text: String) -> String {
            switch self {
            case .notADate:
                return "'\(text)' is not a date; use ISO 2024-03-15 or UK 15/03/2024 (a time of day after it is allowed)"
            case .twoDigitYear:
                return "'\(text)' has a two-digit year; write the year in full (15/03/2024), the century is never guessed"
            case .timeZone:
                return "'\(text)' has a time zone; export the local date (2024-03-15 or 15/03/2024), as a day in England"
            case .impossibleTime:
                return "'\(text)' has a time of day that does not exist"
            case .yearOutOfRange(let y):
                return
                    "'\(text)' is in the year \(y), outside \(DateParser.years.lowerBound) to \(DateParser.years.upperBound): a placeholder or a mistyped year?"
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
        guard !bad, years.contains(y) else { return nil }
        guard m >= 1, m <= 12, d >= 1, d <= Day.daysIn(year: y, month: m) else { return nil }
        return Day(number: Day.daysFromCivil(y, m, d))
    }

    /// Parses a date from UTF-8 bytes. Leading and trailing spaces are ignored.
    ///
    /// Accepted: ISO `2024-03-15`, UK `15/03/2024` with one- or two-digit day and month (`5/3/2024`),
    /// and either followed by a time of day, which is read and dropped: `2024-03-15T09:30`,
    /// `2024-03-15 09:30:00`, `15/03/2024 09:30`, seconds optional, fractions of a second allowed.
    /// A time zone (`Z`, `+01:00`), a two-digit year and anything else is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Day, Failure> {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        var reader = Reader(bytes: bytes, at: lo, end: hi)
        let y: Int
        let m: Int
        let d: Int
        var dayFirst = false
        let first = reader.digits()
        if first.count == 4, reader.take(UInt8(ascii: "-")) {
            let mm = reader.digits()
            guard mm.count == 2, reader.take(UInt8(ascii: "-")) else { return .failure(.notADate) }
            let dd = reader.digits()
            guard dd.count == 2 else { return .failure(.notADate) }
            (y, m, d) = (first.value, mm.value, dd.value)
            if !reader.atEnd {
                guard reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: " ")) else { return .failure(.notADate) }
                if let problem = reader.time() { return .failure(problem) }
            }
        } else if (1...2).contains(first.count), reader.take(UInt8(ascii: "/")) {
            let mm = reader.digits()
            guard (1...2).contains(mm.count), reader.take(UInt8(ascii: "/")) else { return .failure(.notADate) }
            let yy = reader.digits()
            if yy.count == 2 { return .failure(.twoDigitYear) }
            guard yy.count == 4 else { return .failure(.notADate) }
            (y, m, d) = (yy.value, mm.value, first.value)
            dayFirst = true
            if !reader.atEnd {
                guard reader.take(UInt8(ascii: " ")) else { return .failure(.notADate) }
                if let problem = reader.time() { return .failure(problem) }
            }
        } else {
            return .failure(.notADate)
        }
        guard reader.atEnd else { return .failure(.notADate) }
        guard (1...12).contains(m) else {
            // 03/15/2024 is most likely month-first (US order): say it is not a date we read.
            return .failure(dayFirst && m > 12 && (1...12).contains(d) ? .notADate : .impossibleDay(year: y, month: m, day: d))
        }
        guard let day = Day(year: y, month: m, day: d) else {
            return .failure(.impossibleDay(year: y, month: m, day: d))
        }
        guard years.contains(y) else { return .failure(.yearOutOfRange(y)) }
        return .success(day)
    }

    /// Reads a date's parts from bytes, left to right.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var at: Int
        let end: Int

        var atEnd: Bool { at >= end }

        /// A run of up to 9 digits: its value and length.
        mutating func digits() -> (value: Int, count: Int) {
            var value = 0
            var count = 0
            while at < end, count < 9 {
                let v = Int(bytes[at]) &- 48
                guard v >= 0, v < 10 else { break }
                value = value * 10 + v
                count += 1
                at += 1
            }
            return (value, count)
        }

        mutating func take(_ b: UInt8) -> Bool {
            guard at < end, bytes[at] == b else { return false }
            at += 1
            return true
        }

        /// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff`; a problem, or nil when it is a time of day.
        mutating func time() -> Failure? {
            let h = digits()
            guard (1...2).contains(h.count), take(UInt8(ascii: ":")) else { return .notADate }
            let mi = digits()
            guard mi.count == 2 else { return .notADate }
            var sec = 0
            if take(UInt8(ascii: ":")) {
                let ss = digits()
                guard ss.count == 2 else { return .notADate }
                sec = ss.value
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    guard digits().count > 0 else { return .notADate }
                }
            }
            if at < end, bytes[at] == UInt8(ascii: "Z") || bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") {
                return .timeZone
            }
            guard h.value < 24, mi.value < 60, sec < 60 else { return .impossibleTime }
            return nil
        }
    }

    /// Parses a date from a string.
    public static func parse(_ text: String) -> Result<Day, Failure> {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
