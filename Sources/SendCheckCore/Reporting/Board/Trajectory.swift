/// Targets over time: where a trajectory says a figure should be on a day, a straight-line forecast
/// from the last month ends, and whether a figure is on track. Pure arithmetic, stated in the report.
public enum Trajectory {
    /// How the report works these out, in the words it prints under the measures.
    public static let method =
        "Forecast: a straight line fitted by least squares to the figures at the last 12 month ends, extended to the target's date "
        + "(or to 31 March, the end of the financial year, where no target is set); a percentage is kept within 0% and 100%. "
        + "On track: the figure now is at least as good as the trajectory's value for the as-of date (a straight line between its points); "
        + "before the trajectory's first point, the forecast is at least as good as the target."

    /// The trajectory's value on `day`: a straight line between its points (the target last); nil
    /// before its first point, the target's value after its date.
    public static func expected(_ target: ReportTarget, on day: Day) -> Double? {
        let points = target.trajectory
        guard let first = points.first, day >= first.day else { return nil }
        for (a, b) in zip(points, points.dropFirst()) where day <= b.day {
            let span = Double(a.day.days(to: b.day))
            return span == 0 ? b.value : a.value + (b.value - a.value) * Double(a.day.days(to: day)) / span
        }
        return points.last?.value
    }

    /// The least-squares line through the points (day, value), read at `day`; nil with fewer than three
    /// points. A percentage is kept within 0-100, weeks at 0 or more.
    public static func forecast(_ points: [(day: Day, value: Double)], at day: Day, percent: Bool) -> Double? {
        guard points.count >= 3, let origin = points.first?.day else { return nil }
        let xs = points.map { Double(origin.days(to: $0.day)) }
        let ys = points.map(\.value)
        let n = Double(points.count)
        let (mx, my) = (xs.reduce(0, +) / n, ys.reduce(0, +) / n)
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxx == 0 ? 0 : sxy / sxx
        let v = my + slope * (Double(origin.days(to: day)) - mx)
        return percent ? min(100, max(0, v)) : max(0, v)
    }

    /// 31 March on or after `day`: the end of the financial year a board reports on.
    public static func yearEnd(after day: Day) -> Day {
        let y = day.civil.year
        let march = Day(year: y, month: 3, day: 31)!
        return day <= march ? march : Day(year: y + 1, month: 3, day: 31)!
    }

    /// Where `value` stands against `target` as of `asOf`, with the forecast from `monthEnds`.
    public static func progress(
        _ target: ReportTarget, value: Double?, monthEnds: [(day: Day, value: Double)], asOf: Day, percent: Bool, lowerIsBetter: Bool
    ) -> BoardReport.TargetProgress {
        let forecast = Self.forecast(monthEnds, at: target.by, percent: percent)
        let expected = Self.expected(target, on: asOf)
        func meets(_ v: Double, _ goal: Double) -> Bool { lowerIsBetter ? v <= goal + 1e-9 : v >= goal - 1e-9 }
        let show = { (v: Double) in SEN2Measures.Measure.figure(v, unit: percent ? .percent : .weeks) }
        var out = BoardReport.TargetProgress(target: target, expected: expected, forecast: forecast, forecastDay: target.by, onTrack: nil, basis: "")
        if asOf >= target.by {
            guard let value else {
                out.basis = "the target's date has passed, and there is no figure now"
                return out
            }
            out.onTrack = meets(value, target.value)
            out.basis = "the target's date (\(DayFormat.long(target.by))) has passed: \(show(value)) against \(show(target.value))"
        } else if let expected {
            guard let value else {
                out.basis = "no figure now to set against the trajectory's \(show(expected))"
                return out
            }
            out.onTrack = meets(value, expected)
            out.basis = "\(show(value)) now against the trajectory's \(show(expected)) for \(DayFormat.long(asOf))"
        } else if let forecast {
            out.onTrack = meets(forecast, target.value)
            out.basis = "forecast \(show(forecast)) for \(DayFormat.long(target.by)) against the target of \(show(target.value))"
        } else {
            out.basis = "fewer than 3 month ends have a figure: no forecast"
        }
        return out
    }
}
