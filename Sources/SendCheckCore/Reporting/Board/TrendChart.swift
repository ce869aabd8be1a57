/// A line chart of one trend as SVG, drawn here (no chart library at run time): one point per month
/// end, each labelled with its value, a title and a description for screen readers. The same values
/// are also given as a table beside the chart, so nothing is only in the picture.
public enum TrendChart {
    public static let width = 640
    public static let height = 220

    /// The chart's SVG element.
    public static func svg(_ trend: BoardReport.Trend, id: String) -> String {
        let (w, h) = (Double(width), Double(height))
        let (left, right, top, bottom) = (48.0, 30.0, 24.0, 40.0)
        let values = trend.points.compactMap(\.value)
        let top100 = trend.isPercent ? 100.0 : niceCeiling(values.max() ?? 0)
        let plotW = w - left - right
        let plotH = h - top - bottom
        let n = max(trend.points.count - 1, 1)
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(n) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (top100 == 0 ? 0 : v / top100)) }
        let titleID = "\(id)-title"
        let descID = "\(id)-desc"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
        out += "aria-labelledby=\"\(titleID) \(descID)\" class=\"chart\">\n"
        out += "<title id=\"\(titleID)\">\(XMLText.escape(trend.title))</title>\n"
        out += "<desc id=\"\(descID)\">\(XMLText.escape(describe(trend)))</desc>\n"
        // Gridlines and the y axis: 0, half and the top.
        for fraction in [0.0, 0.5, 1.0] {
            let v = top100 * fraction
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(w - right))\" y2=\"\(f(y(v)))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(label(v, percent: trend.isPercent))</text>\n"
        }
        // The line, broken where a month has no value.
        var path = ""
        var pen = false
        for (i, p) in trend.points.enumerated() {
            guard let v = p.value else {
                pen = false
                continue
            }
            path += (pen ? " L" : " M") + "\(f(x(i))) \(f(y(v)))"
            pen = true
        }
        if !path.isEmpty { out += "<path d=\"\(path.dropFirst())\" class=\"line\"/>\n" }
        for (i, p) in trend.points.enumerated() {
            let (day, value) = p
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(h - bottom + 16))\" class=\"axis\" text-anchor=\"middle\">\(monthLabel(day))</text>"
            guard let v = value else { continue }
            out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3\" class=\"point\"/>"
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(y(v) - 8))\" class=\"value\" text-anchor=\"middle\">\(label(v, percent: trend.isPercent))</text>\n"
        }
        out += "</svg>"
        return out
    }

    /// A sentence describing the trend, for the chart's description.
    static func describe(_ trend: BoardReport.Trend) -> String {
        let known = trend.points.filter { $0.value != nil }
        guard let first = known.first, let last = known.last, let a = first.value, let b = last.value else {
            return "No values in the period."
        }
        let direction = b == a ? "unchanged" : ((b > a) != trend.lowerIsBetter ? "better" : "worse")
        return "From \(label(a, percent: trend.isPercent)) at \(first.day) to \(label(b, percent: trend.isPercent)) at \(last.day): \(direction)."
    }

    static func label(_ v: Double, percent: Bool) -> String {
        percent ? "\(Int((v * 10).rounded()) / 10).\(Int((v * 10).rounded()) % 10)%" : String(Int(v.rounded()))
    }

    static func monthLabel(_ day: Day) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let c = day.civil
        return "\(months[c.month - 1]) \(c.year % 100 < 10 ? "0" : "")\(c.year % 100)"
    }

    /// A round number at or above `v` for the top of a count axis.
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        var step = 1.0
        while step * 10 < v { step *= 10 }
        for multiple in [1.0, 2.0, 5.0, 10.0] where step * multiple >= v { return step * multiple }
        return step * 10
    }

    private static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
