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
        let values = trend.points.compactMap(\.value) + [trend.england, trend.target?.value].compactMap { $0 }
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
        // England's figure and the target, as labelled horizontal lines on the same axes.
        if let england = trend.england {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(england)))\" x2=\"\(f(w - right))\" y2=\"\(f(y(england)))\" class=\"england\"/>"
            let label = "England \(label(england, percent: trend.isPercent))\(trend.englandYear.map { " (\($0))" } ?? "")"
            out += "<text x=\"\(f(w - right))\" y=\"\(f(y(england) + 14))\" class=\"england-label\" text-anchor=\"end\">\(label)</text>\n"
        }
        if let target = trend.target {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(target.value)))\" x2=\"\(f(w - right))\" y2=\"\(f(y(target.value)))\" class=\"target\"/>"
            let label = "Target \(label(target.value, percent: trend.isPercent)) by \(monthLabel(target.by))"
            out += "<text x=\"\(f(left + 4))\" y=\"\(f(y(target.value) - 4))\" class=\"target-label\">\(XMLText.escape(label))</text>\n"
        }
        let path = line(trend.points.map(\.value), x: x, y: y)
        if !path.isEmpty { out += "<path d=\"\(path)\" class=\"line\"/>\n" }
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
        var out = "From \(label(a, percent: trend.isPercent)) at \(first.day) to \(label(b, percent: trend.isPercent)) at \(last.day): \(direction)."
        if let england = trend.england {
            out += " England: \(label(england, percent: trend.isPercent))\(trend.englandYear.map { " in \($0)" } ?? "")."
        }
        if let target = trend.target { out += " Target: \(label(target.value, percent: trend.isPercent)) by \(target.by)." }
        return out
    }

    /// A small line of a measure's values at the last month ends, for a table cell: the last point
    /// marked, and the values in words for a screen reader (the picture adds nothing the words lack).
    public static func sparkline(_ m: BoardReport.KeyMeasure) -> String {
        let (w, h, pad) = (120.0, 28.0, 3.0)
        let values = m.points.compactMap(\.value)
        guard values.count >= 2, let low = values.min(), let high = values.max() else { return "<span class=\"small\">too few months</span>" }
        let span = max(high - low, m.unit == .percent ? 5 : 1)
        let n = Double(max(m.points.count - 1, 1))
        func x(_ i: Int) -> Double { pad + (w - 2 * pad) * Double(i) / n }
        func y(_ v: Double) -> Double { h - pad - (h - 2 * pad) * (v - low) / span }
        let path = line(m.points.map(\.value), x: x, y: y)
        let last = m.points.indices.last { m.points[$0].value != nil }.map { (x($0), y(m.points[$0].value!)) }
        let words = m.points.map { "\(monthLabel($0.day)) \(m.shown($0.value))" }.joined(separator: ", ")
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" class=\"spark\" role=\"img\" "
        out += "aria-label=\"\(XMLText.escape(m.title)), 12 months to each month end: \(XMLText.escape(words))\">"
        out += "<path d=\"\(path)\" class=\"line\"/>"
        if let (lx, ly) = last { out += "<circle cx=\"\(f(lx))\" cy=\"\(f(ly))\" r=\"2.5\" class=\"point\"/>" }
        return out + "</svg>"
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

    /// An SVG path through the values (by their place), broken where one is missing: "M x y L x y ...".
    static func line(_ values: [Double?], x: (Int) -> Double, y: (Double) -> Double) -> String {
        var path = ""
        var pen = false
        for (i, value) in values.enumerated() {
            guard let v = value else {
                pen = false
                continue
            }
            path += (pen ? " L" : " M") + "\(f(x(i))) \(f(y(v)))"
            pen = true
        }
        return String(path.dropFirst())
    }

    private static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
