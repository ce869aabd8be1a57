/// An English school term, as a board plans annual reviews with schools: autumn (1 September to
/// 31 December), spring (1 January to 31 March) and summer (1 April to 31 August). Real term dates
/// vary by council and by Easter; these bounds give every day one term, so a review falling due in
/// a holiday belongs to the term before it is back (August to summer, the Christmas break to autumn).
public struct SchoolTerm: Sendable, Equatable {
    public enum Name: String, Sendable { case autumn, spring, summer }

    public var name: Name
    public var days: ClosedRange<Day>

    /// The term a day falls in.
    public static func containing(_ day: Day) -> SchoolTerm {
        let (y, m, _) = day.civil
        switch m {
        case 1...3: return SchoolTerm(name: .spring, days: Day(year: y, month: 1, day: 1)!...Day(year: y, month: 3, day: 31)!)
        case 4...8: return SchoolTerm(name: .summer, days: Day(year: y, month: 4, day: 1)!...Day(year: y, month: 8, day: 31)!)
        default: return SchoolTerm(name: .autumn, days: Day(year: y, month: 9, day: 1)!...Day(year: y, month: 12, day: 31)!)
        }
    }

    /// The term after the one `day` falls in.
    public static func next(after day: Day) -> SchoolTerm { containing(containing(day).days.upperBound.adding(days: 1)) }

    /// "the spring term 2027 (1 January to 31 March 2027)".
    public var description: String {
        "the \(name.rawValue) term \(days.lowerBound.civil.year) (\(DayFormat.long(days.lowerBound)) to \(DayFormat.long(days.upperBound)))"
    }
}
