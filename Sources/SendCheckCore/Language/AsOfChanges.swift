extension ExpressionCompiler {
    /// Whether the expression's value, over dates that see the same data, changes at most once as the
    /// as-of date increases (nil text or unparsable: false). Time travel then asks it at the first and
    /// last date of a run and, only when the two differ, searches for the change, instead of asking it
    /// at every date (a child's age on each of thirteen month ends).
    ///
    /// It holds when the value does not read the as-of date; when it is a comparison (`<`, `<=`, `>`,
    /// `>=`) of a value that never decreases with the date (`as_of`, `age_on(x, as_of)`) with one that
    /// does not read it; and when exactly one operand reads the date and that operand holds it (the
    /// value is then a function of one sequence that changes at most once). Anything else is not
    /// assumed: `==`, arithmetic on the date (which may overflow) and derived fields that read it.
    public func changesAtMostOnce(_ text: String) -> Bool {
        guard case .success(let node) = ExpressionParser.parse(text) else { return false }
        return changesAtMostOnce(node)
    }

    private func changesAtMostOnce(_ node: Expression.Node) -> Bool {
        guard reads(node) else { return true }
        let operands: [Expression.Node]
        switch node.expression {
        case .binary(let op, let a, let b):
            if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op),
                (neverDecreases(a) && !reads(b)) || (neverDecreases(b) && !reads(a))
            {
                return true
            }
            operands = [a, b]
        case .membership(let a, let b, _): operands = [a, b]
        case .not(let a), .negate(let a): operands = [a]
        case .call(_, let args), .list(let args): operands = args
        default: return false
        }
        let dated = operands.filter(reads)
        return dated.count == 1 && changesAtMostOnce(dated[0])
    }

    /// `as_of`, or a whole number or date that never decreases as it does (`age_on(x, as_of)`).
    private func neverDecreases(_ node: Expression.Node) -> Bool {
        switch node.expression {
        case .name(let n): return n == Variable.asOf.rawValue
        case .call("age_on", let args): return args.count == 2 && !reads(args[0]) && neverDecreases(args[1])
        default: return false
        }
    }

    private func reads(_ node: Expression.Node) -> Bool {
        var visiting = Set<String>()
        return readsAsOf(node, visiting: &visiting)
    }
}
