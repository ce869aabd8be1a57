/// Dates as people read them in England: `Mon 27 May 2024`.
public enum DayFormat {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Mon 27 May 2024`.
    public static func long(_ day: Day) -> String {
        let c = day.civil
        return "\(weekdays[day.weekday - 1]) \(c.day) \(months[c.month - 1]) \(c.year)"
    }
}
