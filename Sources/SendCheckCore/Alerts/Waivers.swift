/// A case and rule silenced for a while, with a reason, an owner and an end date. Waivers live in a
/// YAML file under version control, so `validate` and the pre-commit hook check them and the history
/// says who agreed what.
///
/// ```yaml
/// version: 1
/// kind: waivers
/// waivers:
///   - case: C0002
///     rule: reg13-final-plan
///     reason: Tribunal stay agreed with the family's solicitor
///     owner: Head of SEND Statutory Services
///     until: 2027-01-31
/// ```
public struct Waiver: Sendable, Equatable {
    public var subject: String
    public var rule: String
    public var reason: String
    public var owner: String
    /// The last day the waiver holds; from the day after, the finding alerts again.
    public var until: Day
    public var at: SourceLocation

    public init(subject: String, rule: String, reason: String, owner: String, until: Day, at: SourceLocation) {
        self.subject = subject
        self.rule = rule
        self.reason = reason
        self.owner = owner
        self.until = until
        self.at = at
    }

    public func isActive(on day: Day) -> Bool { day <= until }
}

/// The waivers of one or more files, looked up by case and rule.
public struct WaiverBook: Sendable {
    public private(set) var waivers: [Waiver] = []
    private var index: [String: Int] = [:]

    public init(_ waivers: [Waiver] = []) { waivers.forEach { add($0) } }

    /// Adds a waiver; a second one for the same case and rule replaces nothing and is reported by
    /// `parse`.
    mutating func add(_ w: Waiver) {
        let k = Self.key(w.subject, w.rule)
        guard index[k] == nil else { return }
        index[k] = waivers.count
        waivers.append(w)
    }

    static func key(_ subject: String, _ rule: String) -> String { rule + "\u{1}" + subject }

    public func waiver(subject: String, rule: String) -> Waiver? { index[Self.key(subject, rule)].map { waivers[$0] } }

    public var isEmpty: Bool { waivers.isEmpty }

    /// What a waiver file is checked against: the loaded rule ids (an unknown rule is an error with
    /// "did you mean"), and when `asOf` is given, waivers already ended (a warning) or ending more than
    /// `longestMonths` after it (an error: a waiver is agreed for a while and renewed, never for ever).
    public struct Check: Sendable {
        public var rules: [String]
        public var asOf: Day?
        public var longestMonths = 12

        public init(rules: [String], asOf: Day?, longestMonths: Int = 12) {
            self.rules = rules
            self.asOf = asOf
            self.longestMonths = longestMonths
        }
    }

    /// Reads a waiver file, checking it against `rules` and `asOf` (see `Check`).
    public static func parse(
        _ text: String, path: String, rules: [String], asOf: Day?, into book: inout WaiverBook, diagnostics: inout Diagnostics
    ) {
        parse(text, path: path, check: Check(rules: rules, asOf: asOf), into: &book, diagnostics: &diagnostics)
    }

    /// Reads a waiver file, with a located error for each problem.
    public static func parse(_ text: String, path: String, check: Check, into book: inout WaiverBook, diagnostics: inout Diagnostics) {
        guard let root = YAMLParser.parse(text, path: path, diagnostics: &diagnostics),
            let m = MappingReader.expectMapping(root, "a waiver file", diagnostics: &diagnostics)
        else { return }
        let r = MappingReader(
            m, context: "the waiver file", allowed: ["version", "kind", "waivers"], required: ["version", "kind", "waivers"],
            diagnostics: &diagnostics)
        PackLoader.checkVersion(r, diagnostics: &diagnostics)
        if let k = r.scalar("kind", diagnostics: &diagnostics), k.text != "waivers" {
            diagnostics.error(k.location, "a waiver file has 'kind: waivers', not '\(k.text)'")
        }
        guard let list = r["waivers"] else { return }
        guard let items = list.sequence else {
            if !(list.scalar?.isNull ?? false) { diagnostics.error(list.location, "'waivers' must be a list of waivers, not \(list.kindName)") }
            return
        }
        for (i, item) in items.enumerated() {
            guard let w = waiver(item, number: i + 1, check: check, diagnostics: &diagnostics) else { continue }
            if let earlier = book.waiver(subject: w.subject, rule: w.rule) {
                diagnostics.error(w.at, "waiver \(i + 1) waives \(w.subject) \(w.rule) again (first at \(earlier.at)): keep one")
                continue
            }
            book.add(w)
        }
    }

    /// One waiver of a file, or nil when it lacks a key or names no loaded rule (the other problems
    /// are errors that fail the file but keep the waiver, so later ones are checked against it).
    static func waiver(_ item: YAMLNode, number: Int, check: Check, diagnostics: inout Diagnostics) -> Waiver? {
        guard let wm = MappingReader.expectMapping(item, "each waiver", diagnostics: &diagnostics) else { return nil }
        let context = "waiver \(number)"
        let w = MappingReader(
            wm, context: context, allowed: ["case", "rule", "reason", "owner", "until"], required: ["case", "rule", "reason", "owner", "until"],
            diagnostics: &diagnostics)
        guard let subject = w.string("case", diagnostics: &diagnostics), let rule = w.scalar("rule", diagnostics: &diagnostics),
            let reason = w.string("reason", diagnostics: &diagnostics), let owner = w.string("owner", diagnostics: &diagnostics),
            let (until, untilAt) = w.day("until", diagnostics: &diagnostics)
        else { return nil }
        if !check.rules.isEmpty, !check.rules.contains(rule.text) {
            diagnostics.error(rule.location, "\(context) names no loaded rule '\(rule.text)'\(Suggestion.hint(for: rule.text, in: check.rules))")
            return nil
        }
        if !isReason(reason) {
            diagnostics.error(
                w["reason"]!.location,
                "\(context): the reason must say in words why the duty is waived (at least three words), for whoever reads it next")
        }
        if let asOf = check.asOf, until < asOf {
            diagnostics.warning(
                untilAt, "\(context) for \(subject) \(rule.text) expired on \(until.iso): the finding alerts again; remove the waiver")
        }
        if let asOf = check.asOf, until > CalendarMath.adding(months: check.longestMonths, to: asOf) {
            diagnostics.error(
                untilAt,
                "\(context) for \(subject) \(rule.text) lasts until \(until.iso), more than \(check.longestMonths) months after \(asOf.iso): "
                    + "agree a shorter waiver and renew it if it is still needed (alerts.max_waiver sets the longest)")
        }
        return Waiver(subject: subject.trimmingSpaces, rule: rule.text, reason: reason, owner: owner, until: until, at: wm.location)
    }

    /// Whether a reason says something in words: at least three words of two or more letters, not
    /// all the same (ten dots, or "xx xx xx", say nothing).
    static func isReason(_ text: String) -> Bool {
        let words = text.split { !$0.isLetter }.filter { $0.count >= 2 }.map { $0.lowercased() }
        return words.count >= 3 && Set(words).count >= 2
    }
}
