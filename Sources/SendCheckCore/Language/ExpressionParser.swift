/// Parses rule expressions such as
/// `request_outcome in ['not_assess', 'withdrawn'] or assessment_outcome == 'not_issue'`.
///
/// Grammar (loosest first): `or`, `and`, `not`, comparison / `in` / `not in`, `+ -`, unary `-`,
/// then literals (numbers, `'text'`, `2024-03-15`, `true`, durations such as `6 weeks`), names,
/// calls `f(a, b)`, lists `[a, b]` and parentheses.
public struct ExpressionParser {
    /// A syntax error at a character offset.
    public struct SyntaxError: Error, Sendable {
        public var offset: Int
        public var message: String
    }

    private enum Token: Equatable {
        case number(Int), string(String), date(Day), word(String), symbol(String), end
    }

    private let chars: [Character]
    private var tokens: [(Token, Int)] = []
    private var position = 0
    /// How deeply the expression being parsed nests (parentheses, calls, lists, `not`, `-`, and each
    /// `+`/`-` of a chain), so a hostile expression gets an error rather than exhausting the stack.
    private var depth = 0

    /// The deepest nesting an expression may have. Rule expressions nest a handful of levels; `and`
    /// and `or` chains of any length are shallow (they are balanced), so they do not count against it.
    public static let maximumDepth = 64
    /// The longest expression text, in characters.
    public static let maximumLength = 65_536

    /// Parses a whole expression.
    public static func parse(_ text: String) -> Result<Expression.Node, SyntaxError> {
        guard text.utf8.count <= maximumLength * 4, text.count <= maximumLength else {
            return .failure(SyntaxError(offset: 0, message: "the expression is longer than \(maximumLength) characters"))
        }
        var parser = ExpressionParser(chars: Array(text))
        do {
            try parser.tokenize()
            let node = try parser.parseOr()
            if case let (token, offset) = parser.peek, token != .end {
                throw SyntaxError(offset: offset, message: "unexpected \(describe(token)) after a complete expression")
            }
            return .success(node)
        } catch let error as SyntaxError {
            return .failure(error)
        } catch {
            return .failure(SyntaxError(offset: 0, message: "\(error)"))
        }
    }

    private init(chars: [Character]) { self.chars = chars }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .number(let n): return "number \(n)"
        case .string(let s): return "text '\(s)'"
        case .date(let d): return "date \(d)"
        case .word(let w): return "'\(w)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of expression"
        }
    }

    // MARK: Lexer

    private mutating func tokenize() throws {
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            let start = i
            if c.isASCII, c.isNumber {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                // A date literal: 4 digits - 2 digits - 2 digits.
                if i - start == 4, i + 5 < chars.count + 0, chars[i] == "-",
                    isDigits(i + 1, 2), chars[i + 3] == "-", isDigits(i + 4, 2)
                {
                    let text = String(chars[start..<(i + 6)])
                    guard case .success(let day) = DateParser.parse(text) else {
                        throw SyntaxError(offset: start, message: "'\(text)' is not a real date")
                    }
                    tokens.append((.date(day), start))
                    i += 6
                    continue
                }
                guard let n = Int(String(chars[start..<i])) else {
                    throw SyntaxError(offset: start, message: "number too large")
                }
                tokens.append((.number(n), start))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                tokens.append((.word(String(chars[start..<i])), start))
            } else if c == "'" || c == "\"" {
                i += 1
                var text = ""
                while i < chars.count, chars[i] != c {
                    text.append(chars[i])
                    i += 1
                }
                guard i < chars.count else {
                    throw SyntaxError(offset: start, message: "text started here is never closed with \(c)")
                }
                i += 1
                tokens.append((.string(text), start))
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append((.symbol(two), start))
                    i += 2
                } else if "<>+-()[],".contains(c) {
                    tokens.append((.symbol(String(c)), start))
                    i += 1
                } else if c == "=" {
                    throw SyntaxError(offset: start, message: "use '==' to compare, not '='")
                } else {
                    throw SyntaxError(offset: start, message: "unexpected character '\(c)'")
                }
            }
        }
        tokens.append((.end, chars.count))
    }

    private func isDigits(_ from: Int, _ count: Int) -> Bool {
        guard from + count <= chars.count else { return false }
        return chars[from..<(from + count)].allSatisfy { $0.isASCII && $0.isNumber }
    }

    // MARK: Parser

    private var peek: (Token, Int) { tokens[position] }

    private mutating func advance() -> (Token, Int) {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    private mutating func accept(_ token: Token) -> Bool {
        if peek.0 == token {
            _ = advance()
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard accept(.symbol(symbol)) else {
            throw SyntaxError(offset: peek.1, message: "expected '\(symbol)' \(context), found \(Self.describe(peek.0))")
        }
    }

    private mutating func parseOr() throws -> Expression.Node {
        var operands = [try parseAnd()]
        var offsets: [Int] = []
        while case (.word("or"), let offset) = peek {
            _ = advance()
            offsets.append(offset)
            operands.append(try parseAnd())
        }
        return Self.balanced(.or, operands[...], offsets[...])
    }

    private mutating func parseAnd() throws -> Expression.Node {
        var operands = [try parseNot()]
        var offsets: [Int] = []
        while case (.word("and"), let offset) = peek {
            _ = advance()
            offsets.append(offset)
            operands.append(try parseNot())
        }
        return Self.balanced(.and, operands[...], offsets[...])
    }

    /// A chain of `and` (or `or`) as a balanced tree: the same answer as the chain read left to right
    /// (both are associative, and the left operand is still evaluated first), a depth of log2 of its
    /// length, so a chain of thousands compiles and evaluates without deep recursion.
    private static func balanced(_ op: BinaryOperator, _ operands: ArraySlice<Expression.Node>, _ offsets: ArraySlice<Int>) -> Expression.Node {
        if operands.count == 1 { return operands[operands.startIndex] }
        let half = operands.count / 2
        let middle = operands.startIndex + half
        let left = balanced(op, operands[..<middle], offsets[offsets.startIndex..<(offsets.startIndex + half - 1)])
        let right = balanced(op, operands[middle...], offsets[(offsets.startIndex + half)...])
        return Expression.Node(.binary(op, left, right), at: offsets[offsets.startIndex + half - 1])
    }

    /// Parses something one level deeper, with an error when nesting goes past the limit.
    private mutating func nested<T>(_ levels: Int = 1, at offset: Int, _ body: (inout ExpressionParser) throws -> T) throws -> T {
        depth += levels
        defer { depth -= levels }
        guard depth <= Self.maximumDepth else {
            throw SyntaxError(
                offset: offset, message: "the expression nests more than \(Self.maximumDepth) levels deep; split it into derived fields")
        }
        return try body(&self)
    }

    private mutating func parseNot() throws -> Expression.Node {
        if case (.word("not"), let offset) = peek {
            _ = advance()
            return Expression.Node(.not(try nested(at: offset) { try $0.parseNot() }), at: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expression.Node {
        let left = try parseAdditive()
        let (token, offset) = peek
        switch token {
        case .symbol(let s) where ["==", "!=", "<", "<=", ">", ">="].contains(s):
            _ = advance()
            let right = try parseAdditive()
            return Expression.Node(.binary(BinaryOperator(rawValue: s)!, left, right), at: offset)
        case .word("in"):
            _ = advance()
            return Expression.Node(.membership(left, try parseAdditive(), negated: false), at: offset)
        case .word("not"):
            _ = advance()
            guard accept(.word("in")) else {
                throw SyntaxError(offset: peek.1, message: "expected 'in' after 'not' here")
            }
            return Expression.Node(.membership(left, try parseAdditive(), negated: true), at: offset)
        default:
            return left
        }
    }

    private mutating func parseAdditive() throws -> Expression.Node {
        var left = try parseUnary()
        var links = 0
        while case (.symbol(let s), let offset) = peek, s == "+" || s == "-" {
            _ = advance()
            // Each link of a `+`/`-` chain nests the tree one level (dates and durations do not
            // reassociate), so it counts against the depth.
            links += 1
            let right = try nested(links, at: offset) { try $0.parseUnary() }
            left = Expression.Node(.binary(s == "+" ? .plus : .minus, left, right), at: offset)
        }
        return left
    }

    private mutating func parseUnary() throws -> Expression.Node {
        if case (.symbol("-"), let offset) = peek {
            _ = advance()
            return Expression.Node(.negate(try nested(at: offset) { try $0.parseUnary() }), at: offset)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Expression.Node {
        let (token, offset) = advance()
        switch token {
        case .number(let n):
            if case (.word(let w), _) = peek, let unit = Duration.unit(for: w.lowercased()) {
                _ = advance()
                guard n <= Duration.maximum(of: unit) else {
                    throw SyntaxError(offset: offset, message: "a duration may be at most 100 years (\(Duration.maximum(of: unit)) \(unit.rawValue))")
                }
                return Expression.Node(.duration(Duration(n, unit)), at: offset)
            }
            if case (.word("working"), _) = peek {
                _ = advance()
                guard n <= Duration.maximum(of: .workingDays) else {
                    throw SyntaxError(
                        offset: offset, message: "a duration may be at most 100 years (\(Duration.maximum(of: .workingDays)) working days)")
                }
                guard case (.word(let w), _) = advance(), w == "days" || w == "day" else {
                    throw SyntaxError(offset: offset, message: "write 'working days'")
                }
                return Expression.Node(.duration(Duration(n, .workingDays)), at: offset)
            }
            return Expression.Node(.int(n), at: offset)
        case .string(let s): return Expression.Node(.string(s), at: offset)
        case .date(let d): return Expression.Node(.date(d), at: offset)
        case .word("true"): return Expression.Node(.bool(true), at: offset)
        case .word("false"): return Expression.Node(.bool(false), at: offset)
        case .word(let w) where ["and", "or", "not", "in"].contains(w):
            throw SyntaxError(offset: offset, message: "expected a value before '\(w)'")
        case .word(let name):
            if accept(.symbol("(")) {
                var args: [Expression.Node] = []
                if !accept(.symbol(")")) {
                    repeat { args.append(try nested(at: offset) { try $0.parseOr() }) } while accept(.symbol(","))
                    try expect(")", "to close the call to \(name)(")
                }
                return Expression.Node(.call(name, args), at: offset)
            }
            return Expression.Node(.name(name), at: offset)
        case .symbol("("):
            let inner = try nested(at: offset) { try $0.parseOr() }
            try expect(")", "to close '('")
            return inner
        case .symbol("["):
            var items: [Expression.Node] = []
            if !accept(.symbol("]")) {
                repeat { items.append(try nested(at: offset) { try $0.parseOr() }) } while accept(.symbol(","))
                try expect("]", "to close the list")
            }
            return Expression.Node(.list(items), at: offset)
        default:
            throw SyntaxError(offset: offset, message: "expected a value, found \(Self.describe(token))")
        }
    }
}
