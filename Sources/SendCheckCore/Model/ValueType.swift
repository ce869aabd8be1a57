/// The static type of a field or expression, checked when a rule pack is loaded.
public indirect enum ValueType: Equatable, Sendable, CustomStringConvertible {
    case bool
    case int
    case date
    case text
    /// A length of time such as `6 weeks`; only written as a literal.
    case duration
    /// One of a fixed list of words, such as `request_outcome`.
    case code(CodeSet)
    /// A `[...]` list, only on the right of `in`.
    case list(ValueType)
    /// A quoted string not yet matched against a code list or text.
    case string

    public var description: String {
        switch self {
        case .bool: return "true/false"
        case .int: return "number"
        case .date: return "date"
        case .text: return "text"
        case .duration: return "duration"
        case .code(let set): return "code (\(set.name))"
        case .list(let t): return "list of \(t)"
        case .string: return "text"
        }
    }
}

/// The words a code field may hold.
public struct CodeSet: Equatable, Sendable {
    /// The field that owns the list, for messages.
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Index of `word` (compared without regard to case), if it is one of the codes.
    public func index(of word: String) -> Int? {
        values.firstIndex { $0.lowercased() == word.lowercased() }
    }
}

/// A length of time in one unit, as written in rules (`6 weeks`, `12 months`, `3 working days`).
public struct Duration: Equatable, Sendable, CustomStringConvertible {
    /// How a duration is counted.
    public enum Unit: String, Sendable, CaseIterable {
        case days, weeks, months, years
        case workingDays = "working days"
    }

    public var amount: Int
    public var unit: Unit

    /// The longest duration a rule may state, in any unit, as a number: longer ones are refused when
    /// the pack is loaded, so date arithmetic and working-day counting stay bounded (`maximum(of:)`).
    public static let maximumAmount = 36_600

    /// The most of a unit a duration may have: 100 years.
    public static func maximum(of unit: Unit) -> Int {
        switch unit {
        case .days: return 36_600
        case .weeks: return 5_220
        case .months: return 1_200
        case .years: return 100
        case .workingDays: return 26_100
        }
    }

    /// Why a text that reads as a duration is refused, when it is too long (else nil).
    public static func problem(_ text: String) -> String? {
        let parts = text.trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, let n = Int(parts[0]) ?? (parts[0].allSatisfy(\.isNumber) ? Int.max : nil),
            let unit = unit(for: parts.dropFirst().joined(separator: " ").lowercased())
        else { return nil }
        return n > maximum(of: unit)
            ? "'\(text)' is longer than the longest period sendcheck accepts (100 years, \(maximum(of: unit)) \(unit.rawValue))" : nil
    }

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String {
        let word = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(word)"
    }

    /// Parses `6 weeks`, `12 months`, `15 working days`, `1 day`.
    public static func parse(_ text: String) -> Duration? {
        let parts = text.trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 || parts.count == 3, let n = Int(parts[0]), n >= 0 else { return nil }
        let word = parts.dropFirst().joined(separator: " ").lowercased().replacingUnderscores
        guard let unit = unit(for: word), n <= maximum(of: unit) else { return nil }
        return Duration(n, unit)
    }

    /// The unit a word names (singular or plural, `working days` or `working_days`).
    public static func unit(for word: String) -> Unit? {
        switch word.replacingUnderscores {
        case "day", "days": return .days
        case "week", "weeks": return .weeks
        case "month", "months": return .months
        case "year", "years": return .years
        case "working day", "working days": return .workingDays
        default: return nil
        }
    }

    /// Adds the duration to a day as calendar arithmetic (months keep the day-number, clamped).
    public func added(to day: Day, calendar: HolidayCalendar, sign: Int = 1) -> Day {
        switch unit {
        case .days: return day.adding(days: sign * amount)
        case .weeks: return day.adding(days: sign * 7 * amount)
        case .months: return CalendarMath.adding(months: sign * amount, to: day)
        case .years: return CalendarMath.adding(months: sign * 12 * amount, to: day)
        case .workingDays:
            if sign >= 0 { return calendar.adding(workingDays: amount, to: day) }
            var d = day
            var left = amount
            while left > 0 {
                d = d.adding(days: -1)
                if calendar.isWorkingDay(d) { left -= 1 }
            }
            return d
        }
    }

    /// The due date of a time limit of this length counted from `start` (`docs/semantics.md` 1):
    /// days and weeks exclude the start day; months and years use the corresponding-date rule
    /// (a period "starting with" the start date); working days skip weekends and bank holidays.
    public func deadline(from start: Day, calendar: HolidayCalendar) -> Day {
        switch unit {
        case .days: return start.adding(days: amount)
        case .weeks: return start.adding(days: 7 * amount)
        case .months: return CalendarMath.periodEnd(months: amount, startingWith: start)
        case .years: return CalendarMath.periodEnd(months: 12 * amount, startingWith: start)
        case .workingDays: return calendar.adding(workingDays: amount, to: start)
        }
    }

    /// The length in days, for units with a fixed length (amber windows).
    public var fixedDays: Int? {
        switch unit {
        case .days: return amount
        case .weeks: return 7 * amount
        default: return nil
        }
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
