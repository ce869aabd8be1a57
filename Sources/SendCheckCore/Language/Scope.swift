/// What a compiled expression reads when it runs: the subject's field values (already masked to the
/// as-of date), the as-of date, and, inside a rule, the start and due dates of the clock.
public struct Scope {
    public var values: UnsafeBufferPointer<Value>
    public var asOf: Day
    public var start: Day
    public var due: Day

    public init(values: UnsafeBufferPointer<Value>, asOf: Day, start: Day = Day(number: 0), due: Day = Day(number: 0)) {
        self.values = values
        self.asOf = asOf
        self.start = start
        self.due = due
    }
}

/// A compiled expression: a closure over integer day numbers and field slots.
public typealias CompiledExpression = @Sendable (Scope) -> Value

/// A compiled expression with its static type and, for literals, its constant value.
public struct TypedExpression: Sendable {
    public var type: ValueType
    public var evaluate: CompiledExpression
    /// Set when the expression is a literal duration (`6 weeks`).
    public var duration: Duration?
    /// Set when the expression is a quoted literal (matched against code lists later).
    public var literal: String?
    /// Set when the expression is a bare field name.
    public var fieldSlot: Int?
    /// Set when the expression is a constant (a literal, a resolved code): lets the compiler specialise.
    public var constant: Value?
    /// Set when the expression is a bare variable (`as_of`, `start`, `due`).
    public var variable: ExpressionCompiler.Variable?

    public init(
        _ type: ValueType, duration: Duration? = nil, literal: String? = nil, fieldSlot: Int? = nil,
        _ evaluate: @escaping CompiledExpression
    ) {
        self.type = type
        self.evaluate = evaluate
        self.duration = duration
        self.literal = literal
        self.fieldSlot = fieldSlot
    }

    /// A constant.
    public static func constant(_ type: ValueType, _ value: Value) -> TypedExpression {
        var t = TypedExpression(type) { _ in value }
        t.constant = value
        return t
    }
}
