/// The `report:` section of the configuration: whose board paper it is, the targets it is held to,
/// and how `sendcheck report --output` writes its file.
public struct ReportSettings: Sendable, Equatable {
    /// The permissions of the report file: 0600 (the owner alone) unless configured, since a board
    /// report names cases and teams. `mode: "0640"` lets the owner's group read it (a shared drive).
    public var mode = 0o600
    /// The council and the board the paper is for, on its first page (`council:`, `board:`).
    public var council: String?
    public var board: String?
    /// Targets per DfE measure id or rule id (`targets:`), in the order written.
    public var targets: [ReportTarget] = []

    public init() {}

    /// Reads `report: {council: ..., board: ..., mode: "0640", targets: {...}}`.
    static func parse(_ node: YAMLNode, diagnostics: inout Diagnostics) -> ReportSettings {
        var out = ReportSettings()
        guard let m = MappingReader.expectMapping(node, "'report'", diagnostics: &diagnostics) else { return out }
        let r = MappingReader(m, context: "'report'", allowed: ["mode", "council", "board", "targets"], diagnostics: &diagnostics)
        out.council = r.string("council", diagnostics: &diagnostics)
        out.board = r.string("board", diagnostics: &diagnostics)
        if let t = r["targets"] { out.targets = ReportTarget.parseAll(t, diagnostics: &diagnostics) }
        if let s = r.scalar("mode", diagnostics: &diagnostics), let mode = parseMode(s, diagnostics: &diagnostics) { out.mode = mode }
        return out
    }

    /// A file mode in octal (three or four digits), the owner reading and writing, no one else
    /// writing, nothing executable.
    private static func parseMode(_ s: YAMLScalar, diagnostics: inout Diagnostics) -> Int? {
        let digits = s.text.trimmingSpaces
        guard (3...4).contains(digits.count), let mode = Int(digits, radix: 8), digits.allSatisfy({ ("0"..."7").contains($0) }) else {
            diagnostics.error(s.location, "'mode' under 'report' must be a file mode in octal, such as \"0600\" or \"0640\", not '\(s.text)'")
            return nil
        }
        guard mode & 0o600 == 0o600, mode & ~0o664 == 0 else {
            diagnostics.error(
                s.location,
                "'mode' under 'report' must let the owner read and write the report and no one else write it or run it (such as \"0600\", \"0640\" or \"0644\"), not '\(s.text)'"
            )
            return nil
        }
        return mode
    }
}

/// A target a board has set for one DfE measure (`plans-20-weeks-excluding-exceptions`) or one rule's
/// share of steps on time (`reg5-assessment-decision`): a value to reach by a date, and optionally the
/// points on the way (the trajectory).
public struct ReportTarget: Sendable, Equatable {
    /// The measure or rule id, and where it is written (checked against the loaded packs later).
    public var id: String
    public var location: SourceLocation
    /// A percentage (0-100), or weeks for an average-weeks measure.
    public var value: Double
    public var by: Day
    /// Points on the way, in date order; the target itself is the last.
    public var trajectory: [(day: Day, value: Double)] = []

    /// A target of `value` by `by`, with no points on the way (the trajectory is the target alone).
    public init(id: String, location: SourceLocation, value: Double, by: Day) {
        self.id = id
        self.location = location
        self.value = value
        self.by = by
    }

    public static func == (a: ReportTarget, b: ReportTarget) -> Bool {
        a.id == b.id && a.value == b.value && a.by == b.by && a.trajectory.map(\.day) == b.trajectory.map(\.day)
            && a.trajectory.map(\.value) == b.trajectory.map(\.value)
    }

    /// Reads `targets: {ID: {value: 60, by: 2027-03-31, trajectory: {2026-12-31: 50}}}`.
    static func parseAll(_ node: YAMLNode, diagnostics: inout Diagnostics) -> [ReportTarget] {
        guard let m = MappingReader.expectMapping(node, "'targets' under 'report'", diagnostics: &diagnostics) else { return [] }
        var out: [ReportTarget] = []
        for (key, value) in m.entries {
            let context = "the target '\(key.text)'"
            guard let tm = MappingReader.expectMapping(value, context, diagnostics: &diagnostics) else { continue }
            let r = MappingReader(
                tm, context: context, allowed: ["value", "by", "trajectory"], required: ["value", "by"], diagnostics: &diagnostics)
            guard let v = number(r.scalar("value", diagnostics: &diagnostics), context: context, diagnostics: &diagnostics),
                let (by, _) = r.day("by", diagnostics: &diagnostics)
            else { continue }
            var target = ReportTarget(id: key.text, location: key.location, value: v, by: by)
            if let t = r["trajectory"] { target.trajectory = trajectory(t, by: by, context: context, diagnostics: &diagnostics) }
            target.trajectory.append((by, v))
            out.append(target)
        }
        return out
    }

    private static func trajectory(_ node: YAMLNode, by: Day, context: String, diagnostics: inout Diagnostics) -> [(day: Day, value: Double)] {
        guard let m = MappingReader.expectMapping(node, "'trajectory' of \(context)", diagnostics: &diagnostics) else { return [] }
        var points: [(day: Day, value: Double)] = []
        for (key, value) in m.entries {
            guard case .success(let day) = DateParser.parse(key.text) else {
                diagnostics.error(key.location, "each key of 'trajectory' of \(context) must be a date (2026-12-31), not '\(key.text)'")
                continue
            }
            guard day < by else {
                diagnostics.error(key.location, "'trajectory' of \(context): \(day.iso) is not before the target's date \(by.iso) ('by')")
                continue
            }
            guard let v = number(value.scalar, context: context, diagnostics: &diagnostics, at: value.location) else { continue }
            points.append((day, v))
        }
        return points.sorted { $0.day < $1.day }
    }

    private static func number(
        _ s: YAMLScalar?, context: String, diagnostics: inout Diagnostics, at location: SourceLocation? = nil
    ) -> Double? {
        guard let s else {
            if let location { diagnostics.error(location, "a value in \(context) must be a number") }
            return nil
        }
        var text = s.text.trimmingSpaces
        if text.hasSuffix("%") { text.removeLast() }
        guard let v = Double(text), v.isFinite, v >= 0 else {
            diagnostics.error(s.location, "a value in \(context) must be a number such as 60 (a percentage) or 18.5 (weeks), not '\(s.text)'")
            return nil
        }
        return v
    }
}
