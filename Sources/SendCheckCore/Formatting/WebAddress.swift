/// The addresses a report may link to: `https:` and `http:` web addresses, written as one address.
///
/// A rule pack's `url` becomes the clickable "Legal basis" link of the HTML report, SARIF's `helpUri`
/// and the rule reference's links, so any other scheme (`javascript:`, `data:`, `file:`, `vbscript:`)
/// is refused when the pack loads, and a renderer links nothing else.
public enum WebAddress {
    /// Whether a report may link to `text`.
    public static func isLinkable(_ text: String) -> Bool { problem(text) == nil }

    /// Why `text` is not an address a report may link to (the end of a sentence that starts with
    /// what holds it: "the 'url' of rule 'x' ..."), or nil when it is one.
    public static func problem(_ text: String) -> String? {
        let advice = "; it must be a web address starting https:// or http://, as reports link to it"
        // A browser drops spaces and control characters before and inside a scheme ("java\tscript:"),
        // so the scheme is named as a browser would read it.
        let scheme = self.scheme(of: String(String.UnicodeScalarView(text.unicodeScalars.filter { !isBlank($0) })))
        guard let scheme else { return "has no scheme ('\(Escaping.shown(text))')" + advice }
        guard scheme == "https" || scheme == "http" else { return "is a '\(scheme):' address, which a report must never link to" + advice }
        if text.unicodeScalars.contains(where: isBlank) {
            return "holds a space or a control character; write spaces as %20" + advice
        }
        let rest = text.dropFirst(scheme.count + 1)
        guard rest.hasPrefix("//"), let host = rest.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).first,
            !host.isEmpty
        else { return "has no host after '\(scheme):'" + advice }
        return nil
    }

    /// The scheme of a URL, lower-cased (RFC 3986: a letter, then letters, digits, `+`, `-` or `.`,
    /// before the first `:`), or nil when it has none.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon].lowercased()
        guard let first = name.unicodeScalars.first, first.isASCIILetter,
            name.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        return name
    }

    /// Spaces, control characters and the invisible characters `Escaping` shows escaped.
    static func isBlank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || Escaping.isControl(s) }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
