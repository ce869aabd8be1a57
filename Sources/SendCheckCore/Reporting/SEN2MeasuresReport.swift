/// The report of `sendcheck sen2-measures`: one return's measures beside England's, as text or JSON.
public struct SEN2MeasuresReport: Sendable {
    public var year: Int
    public var asOf: Day
    public var returns: [ReadStatistics]
    public var lea: String?
    public var measures: [SEN2Measures.Measure]

    public init(year: Int, asOf: Day, returns: [ReadStatistics], lea: String?, measures: [SEN2Measures.Measure]) {
        self.year = year
        self.asOf = asOf
        self.returns = returns
        self.lea = lea
        self.measures = measures
    }

    static func percent(_ p: Double?) -> String {
        guard let p else { return "-" }
        let tenths = Int((p * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A table for people: each measure, this return's share and counts, England's share and its year.
    public func text() -> String {
        var out = "SEN2 measures for \(year)"
        if let lea { out += ", LA \(lea)" }
        out += " (as of \(asOf)): " + returns.map(\.path).joined(separator: ", ") + "\n\n"
        let width = max(measures.map(\.title.count).max() ?? 0, 7)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(n - s.count, 0)) }
        out += pad("measure", width) + "  " + pad("this return", 24) + "England\n"
        for m in measures {
            let ours =
                m.total == 0
                ? "- (none in \(year))"
                : m.unit == .weeks ? "\(m.shown(m.value)) (\(m.total) plans)" : "\(m.shown(m.value)) (\(m.count) of \(m.total))"
            let england = m.england.map { "\(m.shown($0)) (\(m.englandYear ?? year))" } ?? "-"
            out += pad(m.title, width) + "  " + pad(ours, 24) + england + "\n"
        }
        out += Self.yearNotes(year: year, measures: measures).map { "\n" + $0 + "\n" }.joined()
        out += "\nEach measure counts the steps completed in \(year) by the statutory rule named in the JSON report"
        out += " (sendcheck rules);\n'Plans issued after more than 52 weeks' is better lower. England: \(NationalFigures.source)\n"
        return out
    }

    /// What a reader must know about England's column: which year it is for when that is not the
    /// return's, and why a measure has no England figure. Never a silent comparison across years.
    public static func yearNotes(year: Int, measures: [SEN2Measures.Measure]) -> [String] {
        var out: [String] = []
        if let note = NationalFigures.yearNote(for: year) {
            out.append(note + ".")
        } else {
            let other = measures.filter { $0.englandYear.map { $0 != year } ?? false }
            if !other.isEmpty {
                out.append(
                    "England published no figure for \(year) for: " + other.map { "\($0.title) (\($0.englandYear!) shown)" }.joined(separator: "; ")
                        + ".")
            }
        }
        for m in measures { if let note = m.englandNote { out.append("\(m.title): \(note).") } }
        return out
    }

    /// The same as JSON (`docs/sen2.md` describes the fields).
    public func json(toolVersion: String) -> String {
        func number(_ p: Double?) -> String {
            guard let p else { return "null" }
            let tenths = Int((p * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
        var out = "{\n  \"tool\": {\"name\": \"sendcheck\", \"version\": \(JSONText.string(toolVersion))},\n"
        out += "  \"year\": \(year),\n  \"as_of\": \"\(asOf)\",\n  \"lea\": \(lea.map(JSONText.string) ?? "null"),\n"
        out +=
            "  \"returns\": ["
            + returns.map { "{\"path\": \(JSONText.string($0.path)), \"requests\": \($0.rowsRead), \"subjects\": \($0.subjects)}" }
            .joined(separator: ", ") + "],\n"
        out += "  \"measures\": [\n"
        out += measures.map { m in
            "    {\"id\": \"\(m.id)\", \"rule\": \"\(m.rule)\", \"count\": \(m.count), \"total\": \(m.total), \"percent\": \(number(m.percent)), "
                + (m.unit == .weeks ? "\"average_weeks\": \(number(m.value)), " : "")
                + "\"lower_is_better\": \(m.lowerIsBetter), \"england\": {\"percent\": \(number(m.england)), \"year\": \(m.englandYear.map(String.init) ?? "null")"
                + (m.englandNote.map { ", \"note\": \(JSONText.string($0))" } ?? "") + "}}"
        }.joined(separator: ",\n")
        out += "\n  ],\n  \"england_source\": \(JSONText.string(NationalFigures.source)),\n"
        out += "  \"england_year_note\": \(NationalFigures.yearNote(for: year).map(JSONText.string) ?? "null")\n}\n"
        return out
    }
}
