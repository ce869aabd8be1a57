import Foundation
import SendCheckCore

/// Today's date in England (Europe/London), the default as-of date, and the time a report is made.
public enum SystemClock {
    /// The time now in England as `2026-12-02 17:41 GMT` (or `BST`), for a report's "generated" line.
    /// `SOURCE_DATE_EPOCH` (seconds since 1970), when set, stands for now, so a report can be reproduced.
    public static func generated() -> String {
        let environment = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        let date = environment.map { Date(timeIntervalSince1970: $0) } ?? Date()
        let zone = TimeZone(identifier: "Europe/London") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let two = { (n: Int?) in String(format: "%02d", n ?? 0) }
        let name = zone.isDaylightSavingTime(for: date) ? "BST" : "GMT"
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) \(name)"
    }

    public static func today() -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(number: 0)
    }
}
