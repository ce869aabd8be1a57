/// The stable identity of a finding: its rule, its subject's reference and the start of its clock.
/// Not its message (which may be reworded), not its position in a list (which changes as data
/// arrive). SARIF fingerprints, the board report's "what changed" and the alert job's state all use
/// it, so one finding is the same finding in every run.
public struct FindingKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rule: String
    public var subject: String
    /// The clock's start; nil only for a finding whose start could not be read (`invalid`).
    public var start: Day?

    public init(rule: String, subject: String, start: Day?) {
        self.rule = rule
        self.subject = subject
        self.start = start
    }

    /// `rule|subject|start` (`-` for no start).
    public var description: String { "\(rule)|\(subject)|\(start?.iso ?? "-")" }

    /// A short fingerprint of the key: the first 16 hex digits of its SHA-256.
    public var fingerprint: String { KeyedHash.sha256Hex(Array(description.utf8), bytes: 8) }

    public static func < (a: FindingKey, b: FindingKey) -> Bool {
        (a.rule, a.subject, a.start?.number ?? Int.min) < (b.rule, b.subject, b.start?.number ?? Int.min)
    }
}
