/// "Did you mean ...?" suggestions by edit distance.
public enum Suggestion {
    /// The closest candidate to `word`, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        guard word.utf8.count <= maximumLength else { return nil }
        let w = Array(word.lowercased().utf8)
        var best: (String, Int)?
        for candidate in candidates where candidate.utf8.count <= maximumLength {
            let d = distance(w, Array(candidate.lowercased().utf8))
            if d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        guard let (name, d) = best else { return nil }
        let limit = max(2, w.count / 3)
        if d <= limit { return name }
        // A longer or shorter form of a name ("datetime" for "date").
        let lower = word.lowercased()
        return candidates.first { c in
            guard c.utf8.count <= maximumLength else { return false }
            let lc = c.lowercased()
            return min(lc.count, lower.count) >= 3 && (lower.hasPrefix(lc) || lc.hasPrefix(lower))
        }
    }

    /// The candidates ordered by closeness to `word` (ties keep their order), at most `limit` of them.
    public static func ranked(_ word: String, _ candidates: [String], limit: Int = 8) -> [String] {
        let w = Array(word.lowercased().utf8.prefix(maximumLength))
        let scored = candidates.enumerated().map { i, c in (distance(w, Array(c.lowercased().utf8.prefix(maximumLength))), i, c) }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// Words longer than this are compared by their first `maximumLength` bytes only, so a huge
    /// value costs no more than a long word (the distance is quadratic in the lengths).
    public static let maximumLength = 128

    /// ` (did you mean 'x'?)` or an empty string.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
