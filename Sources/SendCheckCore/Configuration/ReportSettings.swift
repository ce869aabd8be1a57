/// The `report:` section of the configuration: how `sendcheck report --output` writes its file.
public struct ReportSettings: Sendable, Equatable {
    /// The permissions of the report file: 0600 (the owner alone) unless configured, since a board
    /// report names cases and teams. `mode: "0640"` lets the owner's group read it (a shared drive).
    public var mode = 0o600

    public init() {}

    /// Reads `report: {mode: "0640"}`: three or four octal digits, the owner reading and writing, no
    /// one else writing, nothing executable.
    static func parse(_ node: YAMLNode, diagnostics: inout Diagnostics) -> ReportSettings {
        var out = ReportSettings()
        guard let m = MappingReader.expectMapping(node, "'report'", diagnostics: &diagnostics) else { return out }
        let r = MappingReader(m, context: "'report'", allowed: ["mode"], diagnostics: &diagnostics)
        guard let s = r.scalar("mode", diagnostics: &diagnostics) else { return out }
        let digits = s.text.trimmingSpaces
        guard (3...4).contains(digits.count), let mode = Int(digits, radix: 8), digits.allSatisfy({ ("0"..."7").contains($0) }) else {
            diagnostics.error(s.location, "'mode' under 'report' must be a file mode in octal, such as \"0600\" or \"0640\", not '\(s.text)'")
            return out
        }
        guard mode & 0o600 == 0o600, mode & ~0o664 == 0 else {
            diagnostics.error(
                s.location,
                "'mode' under 'report' must let the owner read and write the report and no one else write it or run it (such as \"0600\", \"0640\" or \"0644\"), not '\(s.text)'"
            )
            return out
        }
        out.mode = mode
        return out
    }
}
