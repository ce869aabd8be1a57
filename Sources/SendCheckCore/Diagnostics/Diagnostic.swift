/// A problem with one of our inputs (rules, configuration, case data), always with a location.
///
/// Diagnostics are separate from findings: a finding is the product (a rule matched a subject),
/// a diagnostic says an input could not be read as written.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The rule or check that produced it, if any (shown as `[id]`).
    public var code: String?

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, code: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.code = code
    }

    /// `path:line:col: severity: message [code]`, on one line: control characters in the path or the
    /// message (a file name with a line break, a cell with an escape sequence) are shown escaped, so a
    /// value cannot forge a line of output or rewrite a terminal.
    public var description: String {
        let path = Escaping.shown(location.path, limit: 1024)
        let text = Escaping.shown(message, limit: 2000)
        return "\(path):\(location.line):\(location.column): \(severity.rawValue): \(text)"
            + (code.map { " [\(Escaping.shown($0, limit: 200))]" } ?? "")
    }
}

/// Collects diagnostics so one run reports all of them, in bounded memory: of each kind of problem in
/// each file, the first `perKind` are kept, and the rest counted ("and 1,999,000 more like this").
/// A kind is the message with its values and numbers taken out, so "row rejected: it has 2 fields but
/// the header has 4" on two million rows is one kind. Counts (`errorCount`, `hasErrors`) stay exact.
public struct Diagnostics: Sendable {
    /// Diagnostics kept, in the order they came.
    public private(set) var items: [Diagnostic] = []
    /// Per kind: how many were kept, and, past the limit, how many more there were and the first of them.
    private var kinds: [Kind: Tally] = [:]
    /// Diagnostics left out past the limit, by severity.
    private var suppressed: [Diagnostic.Severity: Int] = [:]

    /// How many diagnostics of one kind in one file are kept.
    public let perKind: Int

    private struct Kind: Hashable, Sendable {
        var path: String
        var severity: Diagnostic.Severity
        var shape: String
    }

    private struct Tally: Sendable {
        var kept = 0
        var more = 0
        var first: Diagnostic?
    }

    public init(perKind: Int = 100) { self.perKind = max(1, perKind) }

    public mutating func error(_ at: SourceLocation, _ message: String, code: String? = nil) {
        append(Diagnostic(.error, at, message, code: code))
    }

    public mutating func warning(_ at: SourceLocation, _ message: String, code: String? = nil) {
        append(Diagnostic(.warning, at, message, code: code))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        let kind = Kind(path: diagnostic.location.path, severity: diagnostic.severity, shape: Self.shape(diagnostic.message))
        var tally = kinds[kind] ?? Tally()
        defer { kinds[kind] = tally }
        if tally.kept < perKind {
            tally.kept += 1
            items.append(diagnostic)
        } else {
            if tally.first == nil { tally.first = diagnostic }
            tally.more += 1
            suppressed[diagnostic.severity, default: 0] += 1
        }
    }

    public mutating func append(contentsOf other: Diagnostics) {
        for d in other.items { append(d) }
        for (kind, tally) in other.kinds where tally.more > 0 {
            var mine = kinds[kind] ?? Tally()
            if mine.first == nil { mine.first = tally.first }
            mine.more += tally.more
            kinds[kind] = mine
            suppressed[kind.severity, default: 0] += tally.more
        }
    }

    public mutating func append(contentsOf other: [Diagnostic]) { for d in other { append(d) } }

    /// Whether any error was collected.
    public var hasErrors: Bool { (suppressed[.error] ?? 0) > 0 || items.contains { $0.severity == .error } }

    /// Number of errors, those past the limit included.
    public var errorCount: Int { count(.error) }

    /// Number of diagnostics of a severity, those past the limit included.
    public func count(_ severity: Diagnostic.Severity) -> Int { items.count { $0.severity == severity } + (suppressed[severity] ?? 0) }

    /// Every kind of diagnostic with how many there were and the first of them, most frequent first.
    public var kindsByCount: [(count: Int, first: Diagnostic)] {
        var firsts: [Kind: Diagnostic] = [:]
        for d in items {
            let k = Kind(path: d.location.path, severity: d.severity, shape: Self.shape(d.message))
            if firsts[k] == nil { firsts[k] = d }
        }
        return kinds.compactMap { kind, tally in firsts[kind].map { (tally.kept + tally.more, $0) } }
            .sorted { a, b in a.count != b.count ? a.count > b.count : (a.first.location, a.first.message) < (b.first.location, b.first.message) }
    }

    /// One line per kind that went past the limit: "and N more like this", at the first one left out.
    public var summaries: [Diagnostic] {
        kinds.values.compactMap { tally in
            guard tally.more > 0, let first = tally.first else { return nil }
            let n = tally.more == 1 ? "1 more" : "\(Self.grouped(tally.more)) more"
            return Diagnostic(first.severity, first.location, "... and \(n) like this, not shown: \(first.message)", code: first.code)
        }.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    /// Diagnostics sorted by location, then message, with the summaries of what was left out.
    public var sorted: [Diagnostic] {
        (items + summaries).sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    /// Everything to show, in the order it came, then the summaries.
    public var shown: [Diagnostic] { items + summaries }

    /// The message with quoted values, numbers and the trailing case reference taken out.
    static func shape(_ message: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(message.utf8.count, 256))
        var quoted = false
        var lastDigit = false
        var bytes = Array(message.utf8.prefix(512))
        // A trailing "(case C0019)" names the row's subject: not part of the kind.
        let marker = Array(" (case ".utf8)
        if bytes.count > marker.count, bytes.last == UInt8(ascii: ")") {
            for start in stride(from: bytes.count - marker.count, through: 0, by: -1)
            where bytes[start..<(start + marker.count)].elementsEqual(marker) {
                bytes.removeSubrange(start...)
                break
            }
        }
        for b in bytes {
            if b == UInt8(ascii: "'") {
                quoted.toggle()
                out.append(b)
                continue
            }
            if quoted { continue }
            let digit = b >= 48 && b <= 57
            if digit {
                if !lastDigit { out.append(UInt8(ascii: "#")) }
            } else {
                out.append(b)
            }
            lastDigit = digit
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 1999000 as "1,999,000".
    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
