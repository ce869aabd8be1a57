/// Single closures for the commonest expression shapes, so the hot path makes one call where the
/// general tree makes two or three: a field against a constant or a variable, a field in a list of
/// codes, and `present(field)`. Each gives exactly what the general form gives (the rule examples,
/// function examples and goldens pin that).
enum Specialised {
    /// The order of two present values, for `<` and friends (nil: not ordered, so false).
    @inline(__always) static func key(_ v: Value) -> Int? {
        switch v {
        case .int(let n): return n
        case .date(let d): return d.number
        default: return nil
        }
    }

    @inline(__always) static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        if a.isInvalid || b.isInvalid { return .invalid }
        if a.isMissing || b.isMissing { return .bool(op == .notEqual) }
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        default:
            guard let x = key(a), let y = key(b) else { return .bool(false) }
            switch op {
            case .less: return .bool(x < y)
            case .lessOrEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            default: return .bool(x >= y)
            }
        }
    }

    /// `field op constant`, `constant op field`, `field op variable`, `variable op field`, and any
    /// other value against a constant.
    static func comparison(_ op: BinaryOperator, _ l: TypedExpression, _ r: TypedExpression) -> TypedExpression? {
        if let slot = l.fieldSlot, let c = r.constant {
            return TypedExpression(.bool) { s in compare(op, s.values[slot], c) }
        }
        if let c = l.constant, let slot = r.fieldSlot {
            return TypedExpression(.bool) { s in compare(op, c, s.values[slot]) }
        }
        if let slot = l.fieldSlot, let v = r.variable {
            return TypedExpression(.bool) { s in compare(op, s.values[slot], .date(variable(v, s))) }
        }
        if let v = l.variable, let slot = r.fieldSlot {
            return TypedExpression(.bool) { s in compare(op, .date(variable(v, s)), s.values[slot]) }
        }
        // Anything against a constant (a child's age against a limit).
        if let c = r.constant {
            let f = l.evaluate
            return TypedExpression(.bool) { s in compare(op, f(s), c) }
        }
        if let c = l.constant {
            let f = r.evaluate
            return TypedExpression(.bool) { s in compare(op, c, f(s)) }
        }
        return nil
    }

    @inline(__always) static func variable(_ v: ExpressionCompiler.Variable, _ s: Scope) -> Day {
        switch v {
        case .asOf: return s.asOf
        case .start: return s.start
        case .due: return s.due
        }
    }

    /// `field in [codes]` as a bit test (codes are small indices).
    static func membership(slot: Int, _ values: [Value], negated: Bool) -> TypedExpression? {
        var mask: UInt64 = 0
        for v in values {
            guard case .code(let c) = v, c >= 0, c < 64 else { return nil }
            mask |= 1 << UInt64(c)
        }
        let bits = mask
        return TypedExpression(.bool) { s in
            switch s.values[slot] {
            case .code(let c): return .bool((c >= 0 && c < 64 && bits & (1 << UInt64(c)) != 0) != negated)
            case .invalid: return .invalid
            case .missing: return .bool(negated)
            default: return .bool(negated)
            }
        }
    }

    /// `present(field)`.
    static func present(slot: Int) -> TypedExpression {
        TypedExpression(.bool) { s in
            switch s.values[slot] {
            case .missing: return .bool(false)
            case .invalid: return .invalid
            default: return .bool(true)
            }
        }
    }
}
