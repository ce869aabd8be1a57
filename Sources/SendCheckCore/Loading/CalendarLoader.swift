/// Reads a `kind: holiday-calendar` file.
///
/// ```yaml
/// version: 1
/// kind: holiday-calendar
/// name: england-and-wales
/// years: {from: 2014, to: 2030}
/// holidays: [2014-01-01, 2014-04-18, ...]
/// ```
enum CalendarLoader {
    static func load(_ mapping: YAMLMapping, diagnostics: inout Diagnostics) -> HolidayCalendar? {
        let r = MappingReader(
            mapping, context: "the holiday calendar",
            allowed: ["version", "kind", "name", "source", "notes", "years", "holidays"],
            required: ["version", "name", "years", "holidays"], diagnostics: &diagnostics)
        PackLoader.checkVersion(r, diagnostics: &diagnostics)
        let name = r.string("name", diagnostics: &diagnostics) ?? "calendar"
        var years: ClosedRange<Int>?
        if let node = r["years"], let m = MappingReader.expectMapping(node, "'years'", diagnostics: &diagnostics) {
            let y = MappingReader(m, context: "'years'", allowed: ["from", "to"], required: ["from", "to"], diagnostics: &diagnostics)
            if let (from, _) = y.int("from", diagnostics: &diagnostics), let (to, at) = y.int("to", diagnostics: &diagnostics) {
                if from <= to { years = from...to } else { diagnostics.error(at, "'to' is before 'from'") }
            }
        }
        var days: [Day] = []
        for s in r.scalarList("holidays", diagnostics: &diagnostics) ?? [] {
            switch DateParser.parse(s.text) {
            case .success(let d):
                if let years, !years.contains(d.civil.year) {
                    diagnostics.error(s.location, "\(d) is outside the calendar's years \(years.lowerBound)-\(years.upperBound)")
                }
                if days.contains(d) { diagnostics.error(s.location, "\(d) is listed twice") }
                days.append(d)
            case .failure(let f):
                diagnostics.error(s.location, f.message(for: s.text))
            }
        }
        guard let years else { return nil }
        return HolidayCalendar(name: name, years: years, holidays: days)
    }
}
