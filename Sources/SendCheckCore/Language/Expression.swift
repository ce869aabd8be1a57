/// The syntax tree of a rule expression, with the character offset of every node in its source text.
public indirect enum Expression: Sendable {
    case int(Int)
    case string(String)
    case date(Day)
    case bool(Bool)
    case duration(Duration)
    case name(String)
    case call(String, [Node])
    case not(Node)
    case negate(Node)
    case binary(BinaryOperator, Node, Node)
    case list([Node])
    case membership(Node, Node, negated: Bool)

    /// An expression with where it was written (a character offset into the expression text).
    public struct Node: Sendable {
        public var expression: Expression
        public var offset: Int
        public init(_ expression: Expression, at offset: Int) {
            self.expression = expression
            self.offset = offset
        }
    }
}

/// The binary operators, loosest binding first: `or`, `and`, comparisons, `+`/`-`.
public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}
