/// Loads rule packs and holiday calendars from YAML text into a compiled `RuleSet`.
///
/// Pipeline: parse each file (located YAML tree) -> read pack headers and field declarations, merged
/// per subject kind -> load the holiday calendar -> compile derived fields -> compile rules and their
/// worked examples. Every problem is a located diagnostic, and loading goes on after a problem so one
/// run reports all of them.
public enum RuleSetLoader {
    /// One input file.
    public struct Source: Sendable {
        public var path: String
        public var text: String
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The supported file format version.
    public static let formatVersion = 1

    /// Loads all sources. Returns nil when no usable rule set could be built; diagnostics say why.
    public static func load(_ sources: [Source], diagnostics: inout Diagnostics) -> RuleSet? {
        let (packs, calendars) = readFiles(sources, &diagnostics)
        if calendars.count > 1 {
            for (_, at) in calendars.dropFirst() {
                diagnostics.error(at, "more than one holiday calendar is loaded; keep one")
            }
        }
        let calendar = calendars.first?.0 ?? .weekendsOnly

        var schemas: [String: Schema] = [:]
        for (info, mapping) in packs {
            PackLoader.fields(mapping, info: info, into: &schemas, diagnostics: &diagnostics)
        }
        for kind in schemas.keys { PackLoader.conventionalRoles(&schemas[kind]!) }
        for (info, mapping) in packs {
            PackLoader.derived(mapping, info: info, into: &schemas, calendar: calendar, diagnostics: &diagnostics)
        }
        var checks = RuleChecks(calendarLoaded: !calendars.isEmpty)
        var rules: [Rule] = []
        for (info, mapping) in packs {
            guard let schema = schemas[info.subject], let list = mapping["rules"] else { continue }
            guard let items = list.sequence else {
                diagnostics.error(list.location, "'rules' must be a list of rules, not \(list.kindName)")
                continue
            }
            for (i, item) in items.enumerated() {
                let loader = RuleLoader(pack: info, schema: schema, calendar: calendar, context: "rules[\(i)]")
                guard let rule = loader.load(item, diagnostics: &diagnostics) else { continue }
                checks.check(rule, &diagnostics)
                rules.append(rule)
            }
        }
        if packs.isEmpty, !diagnostics.hasErrors {
            let at = SourceLocation(path: sources.first?.path ?? "<rules>", line: 1, column: 1)
            diagnostics.error(at, "no rule pack was found (a rule pack says 'kind: rule-pack')")
        }
        if diagnostics.hasErrors { return nil }
        return RuleSet(rules: rules, schemas: schemas, calendar: calendar, packs: packs.map(\.0))
    }

    /// Each file read as a pack (its header) or a holiday calendar; anything else is an error at its `kind`.
    static func readFiles(
        _ sources: [Source], _ diagnostics: inout Diagnostics
    ) -> (packs: [(PackInfo, YAMLMapping)], calendars: [(HolidayCalendar, SourceLocation)]) {
        var packs: [(PackInfo, YAMLMapping)] = []
        var calendars: [(HolidayCalendar, SourceLocation)] = []
        for source in sources {
            guard let root = YAMLParser.parse(source.text, path: source.path, diagnostics: &diagnostics),
                let mapping = MappingReader.expectMapping(root, "a sendcheck file", diagnostics: &diagnostics)
            else { continue }
            let kind = mapping["kind"]?.scalar?.text
            switch kind {
            case "holiday-calendar":
                if let c = CalendarLoader.load(mapping, diagnostics: &diagnostics) {
                    calendars.append((c, mapping.location))
                }
            case "rule-pack":
                if let info = PackLoader.header(mapping, path: source.path, diagnostics: &diagnostics) {
                    packs.append((info, mapping))
                }
            default:
                let at = mapping.keyNode("kind")?.location ?? mapping.location
                let hint = kind.map { Suggestion.hint(for: $0, in: ["rule-pack", "holiday-calendar"]) } ?? ""
                diagnostics.error(
                    at,
                    "the file must say 'kind: rule-pack' or 'kind: holiday-calendar'"
                        + (kind.map { ", not '\($0)'" } ?? "") + hint)
            }
        }
        return (packs, calendars)
    }

    /// The checks across the rules of every pack: versions of one id must not overlap, one rule feeds
    /// each DfE measure, and working days want a holiday calendar.
    struct RuleChecks {
        let calendarLoaded: Bool
        var seen: [String: [(Day, Day?, SourceLocation)]] = [:]
        /// Which rule feeds each DfE measure (versions of one rule may all say so).
        var feeds: [DfEMeasure: (String, SourceLocation)] = [:]

        init(calendarLoaded: Bool) { self.calendarLoaded = calendarLoaded }

        mutating func check(_ rule: Rule, _ diagnostics: inout Diagnostics) {
            for (from, to, at) in seen[rule.id] ?? [] where RuleSetLoader.overlaps(from, to, with: rule.effectiveFrom, rule.effectiveTo) {
                diagnostics.error(
                    rule.location,
                    "rule id '\(rule.id)' is already defined at \(at) for an overlapping period; "
                        + "versions of a rule need 'from'/'to' dates that do not overlap")
            }
            seen[rule.id, default: []].append((rule.effectiveFrom, rule.effectiveTo, rule.location))
            if let measure = rule.measure {
                if let (other, at) = feeds[measure], other != rule.id {
                    diagnostics.error(
                        rule.location,
                        "rule '\(rule.id)' and rule '\(other)' (at \(at)) both say 'measure: \(measure.rawValue)'; one rule feeds each measure")
                } else {
                    feeds[measure] = (rule.id, rule.location)
                }
            }
            if rule.limits.contains(where: { if case .period(let d) = $0.limit { d.unit == .workingDays } else { false } }),
                !calendarLoaded
            {
                diagnostics.warning(
                    rule.location,
                    "this rule counts working days but no holiday calendar is loaded, so only weekends are skipped",
                    code: rule.id)
            }
        }
    }

    static func overlaps(_ a0: Day, _ a1: Day?, with b0: Day, _ b1: Day?) -> Bool {
        let aEnd = a1?.number ?? Int.max
        let bEnd = b1?.number ?? Int.max
        return a0.number <= bEnd && b0.number <= aEnd
    }
}
