/// A split column's pattern, compiled: a cell's text to its named parts (`2027 Secondary` to
/// `transfer_year` 2027 and `transfer_type` Secondary). The whole cell must match.
struct SplitPattern: @unchecked Sendable {
    // A compiled regular expression is an immutable value; it is only matched against, never changed.
    private let regex: Regex<AnyRegexOutput>
    /// The named groups, in the order they are written.
    let names: [String]

    init?(_ pattern: String) {
        guard let regex = try? Regex(pattern) else { return nil }
        self.regex = regex
        names = CaseMapping.Split.groupNames(pattern)
    }

    /// Why a pattern does not compile, if it does not.
    static func problem(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Each named group's text (nil for a group that took no part in the match), in `names` order;
    /// nil when the text does not match the pattern as a whole.
    func parts(_ text: String) -> [String?]? {
        guard let match = try? regex.wholeMatch(in: text) else { return nil }
        return names.map { name in match.output[name]?.substring.map(String.init) }
    }
}
