import Foundation

/// Reads the functions of Swift source well enough to measure them: where each `func`, `init` and
/// `subscript` starts, how many lines it spans to its closing brace, how many parameters it takes and
/// its longest run of unlabelled (`_`) ones. Comments and the insides of string literals are blanked
/// first, so a brace or a parenthesis in them counts for nothing. A reader for the house rules
/// (`FunctionShapeTests`), not a parser: it knows only what the project's own code uses.
struct FunctionShapes {
    struct Function: Equatable {
        var name: String
        var line: Int
        var lines: Int
        var parameters: Int
        var unlabelledRun: Int
        /// Every parameter has an argument label: an initializer of this kind sets a record's fields.
        var allLabelled: Bool
    }

    /// The text with comments removed and string literals emptied (their quotes and line breaks kept).
    static func blanked(_ text: String) -> [UInt8] {
        let s = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        enum Mode { case code, line, block, string(multi: Bool, raw: Bool) }
        var mode = Mode.code
        // Per string being read: the parenthesis depth at which its interpolation returns to it.
        var interpolations: [(depth: Int, multi: Bool, raw: Bool)] = []
        var depth = 0
        var i = 0
        func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        while i < s.count {
            let c = s[i]
            switch mode {
            case .line:
                if c == UInt8(ascii: "\n") {
                    out.append(c)
                    mode = .code
                }
                i += 1
            case .block:
                if c == UInt8(ascii: "*"), at(i + 1) == UInt8(ascii: "/") {
                    mode = .code
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\n") { out.append(c) }
                i += 1
            case .string(let multi, let raw):
                if c == UInt8(ascii: "\n") { out.append(c) }
                if c == UInt8(ascii: "\\"), !raw || at(i + 1) == UInt8(ascii: "#") {
                    let k = raw ? i + 2 : i + 1
                    if at(k) == UInt8(ascii: "(") {
                        interpolations.append((depth, multi, raw))
                        depth += 1
                        out.append(UInt8(ascii: "("))
                        mode = .code
                        i = k + 1
                        continue
                    }
                    i = k + 1
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    let closes = multi ? at(i + 1) == c && at(i + 2) == c : true
                    let width = multi ? 3 : 1
                    if closes, !raw || at(i + width) == UInt8(ascii: "#") {
                        out.append(contentsOf: Array(repeating: c, count: width))
                        mode = .code
                        i += width + (raw ? 1 : 0)
                        continue
                    }
                }
                i += 1
            case .code:
                if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "/") {
                    mode = .line
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
                    mode = .block
                    i += 2
                    continue
                }
                let raw = c == UInt8(ascii: "#") && at(i + 1) == UInt8(ascii: "\"")
                if c == UInt8(ascii: "\"") || raw {
                    let q = raw ? i + 1 : i
                    let multi = at(q + 1) == UInt8(ascii: "\"") && at(q + 2) == UInt8(ascii: "\"")
                    out.append(contentsOf: Array(repeating: UInt8(ascii: "\""), count: multi ? 3 : 1))
                    mode = .string(multi: multi, raw: raw)
                    i = q + (multi ? 3 : 1)
                    continue
                }
                if c == UInt8(ascii: "(") { depth += 1 }
                if c == UInt8(ascii: ")") {
                    depth -= 1
                    if let last = interpolations.last, last.depth == depth {
                        interpolations.removeLast()
                        out.append(c)
                        mode = .string(multi: last.multi, raw: last.raw)
                        i += 1
                        continue
                    }
                }
                out.append(c)
                i += 1
            }
        }
        return out
    }

    static let modifiers: Set<String> = [
        "public", "private", "fileprivate", "internal", "package", "static", "class", "final", "override", "mutating", "nonmutating",
        "nonisolated", "convenience", "required", "open",
    ]

    /// Every function of a file's text, in order.
    static func functions(in text: String) -> [Function] {
        let b = blanked(text)
        var lineStarts = [0]
        for (i, c) in b.enumerated() where c == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
        func lineOf(_ offset: Int) -> Int {
            var (lo, hi) = (0, lineStarts.count - 1)
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
            }
            return lo + 1
        }
        var out: [Function] = []
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : b.count
            guard let (name, open) = declaration(b, start, end) else { continue }
            guard let close = matching(b, open, UInt8(ascii: "("), UInt8(ascii: ")")) else { continue }
            let params = parameters(b, open + 1, close)
            guard let brace = body(b, after: close), let last = matching(b, brace, UInt8(ascii: "{"), UInt8(ascii: "}")) else { continue }
            var run = 0
            var longest = 0
            for p in params {
                run = p.hasPrefix("_ ") ? run + 1 : 0
                longest = max(longest, run)
            }
            out.append(
                Function(
                    name: name, line: index + 1, lines: lineOf(last) - index, parameters: params.count, unlabelledRun: longest,
                    allLabelled: !params.contains { $0.hasPrefix("_ ") }))
        }
        return out
    }

    /// The name of a function declared on the line from `start` to `end`, and where its parameter list opens.
    private static func declaration(_ b: [UInt8], _ start: Int, _ end: Int) -> (String, Int)? {
        let line = String(decoding: b[start..<end], as: UTF8.self)
        var words = Substring(line).drop { $0 == " " }
        // Attributes (`@inline(__always)`) and modifiers before the keyword.
        while true {
            if words.hasPrefix("@") {
                var rest = words.drop { $0 != " " && $0 != "(" }
                if rest.hasPrefix("(") { rest = rest.drop { $0 != ")" }.dropFirst() }
                words = rest.drop { $0 == " " }
                continue
            }
            let word = words.prefix { $0.isLetter }
            guard modifiers.contains(String(word)), words.dropFirst(word.count).first == " " else { break }
            words = words.dropFirst(word.count).drop { $0 == " " }
        }
        let name: String
        if words.hasPrefix("func ") {
            let rest = words.dropFirst(5).drop { $0 == " " }
            name = String(rest.prefix { $0 != "(" && $0 != "<" && $0 != " " })
            words = rest.dropFirst(name.count)
        } else if words.hasPrefix("init") || words.hasPrefix("subscript") {
            let keyword = words.hasPrefix("init") ? "init" : "subscript"
            var rest = words.dropFirst(keyword.count)
            if rest.hasPrefix("?") || rest.hasPrefix("!") { rest = rest.dropFirst() }
            guard rest.hasPrefix("(") || rest.hasPrefix("<") else { return nil }
            name = keyword
            words = rest
        } else {
            return nil
        }
        // Past a generic clause to the parameter list's parenthesis.
        var offset = start + line.utf8.count - words.utf8.count
        if offset < end, b[offset] == UInt8(ascii: "<") {
            var angle = 0
            while offset < end {
                if b[offset] == UInt8(ascii: "<") { angle += 1 }
                if b[offset] == UInt8(ascii: ">") {
                    angle -= 1
                    if angle == 0 { break }
                }
                offset += 1
            }
            offset += 1
        }
        while offset < b.count, b[offset] == UInt8(ascii: " ") { offset += 1 }
        guard offset < b.count, b[offset] == UInt8(ascii: "(") else { return nil }
        return (name, offset)
    }

    /// Where the bracket opened at `open` closes.
    private static func matching(_ b: [UInt8], _ open: Int, _ opener: UInt8, _ closer: UInt8) -> Int? {
        var depth = 0
        for i in open..<b.count {
            if b[i] == opener { depth += 1 }
            if b[i] == closer {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    /// The parameters between two offsets, each trimmed: split at the commas outside any bracket.
    private static func parameters(_ b: [UInt8], _ from: Int, _ to: Int) -> [String] {
        var parts: [String] = []
        var depth = 0
        var angle = 0
        var current: [UInt8] = []
        for i in from..<to {
            let c = b[i]
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "<"): angle += 1
            case UInt8(ascii: ">") where i > from && b[i - 1] != UInt8(ascii: "-"): angle -= 1
            default: break
            }
            if c == UInt8(ascii: ","), depth == 0, angle == 0 {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(c)
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The opening brace of the body after the parameter list, if the declaration has one: a protocol's
    /// requirement ends at its line, and the next line starts something else.
    private static func body(_ b: [UInt8], after close: Int) -> Int? {
        var i = close + 1
        var depth = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") { depth += 1 }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") { depth -= 1 }
            if c == UInt8(ascii: "{"), depth == 0 { return i }
            if c == UInt8(ascii: "}"), depth == 0 { return nil }
            if c == UInt8(ascii: "\n"), depth == 0 {
                // A line that does not continue the signature (`->`, `where`, `throws`, `async`, `)`).
                var k = i + 1
                while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
                let next = String(decoding: b[k..<min(b.count, k + 8)], as: UTF8.self)
                let continues = ["->", "where", "throws", "async", "rethrows", "{", ")"].contains { next.hasPrefix($0) }
                if !continues { return nil }
            }
            i += 1
        }
        return nil
    }
}
