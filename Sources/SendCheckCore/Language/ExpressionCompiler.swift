/// Type-checks expressions against a subject schema and compiles them into closures.
///
/// Missing values: arithmetic on a missing value is missing; `==`, `<` and friends are false when
/// either side is missing (`!=` is true); `in` is false. An invalid value makes the whole expression
/// invalid, and the evaluator reports the rule's status as `invalid`.
public struct ExpressionCompiler {
    /// Names usable in the expression besides fields: `as_of` always, `start` and `due` in rules.
    public enum Variable: String, Sendable, CaseIterable {
        case asOf = "as_of", start, due
    }

    public let schema: Schema
    public let calendar: HolidayCalendar
    public let variables: Set<Variable>

    public init(schema: Schema, calendar: HolidayCalendar, variables: Set<Variable> = [.asOf]) {
        self.schema = schema
        self.calendar = calendar
        self.variables = variables
    }

    /// A compile error at a character offset of the expression text.
    public struct Failure: Error, Sendable {
        public var offset: Int
        public var message: String
    }

    /// Parses and compiles `scalar`'s text, reporting problems at their exact position.
    public func compile(
        _ scalar: YAMLScalar, expecting expected: ValueType? = nil, what: String, diagnostics: inout Diagnostics
    ) -> TypedExpression? {
        let result: Result<TypedExpression, Failure>
        switch ExpressionParser.parse(scalar.text) {
        case .failure(let e): result = .failure(Failure(offset: e.offset, message: e.message))
        case .success(let node): result = compile(node)
        }
        switch result {
        case .failure(let f):
            diagnostics.error(scalar.location(ofOffset: f.offset), "in \(what): \(f.message)")
            return nil
        case .success(let typed):
            if let expected, !Self.fits(typed.type, expected) {
                diagnostics.error(scalar.location, "\(what) must be a \(expected), but this expression is a \(typed.type)")
                return nil
            }
            return typed
        }
    }

    /// Parses and compiles expression text (for tests and examples).
    public func compile(_ text: String) -> Result<TypedExpression, Failure> {
        switch ExpressionParser.parse(text) {
        case .failure(let e): return .failure(Failure(offset: e.offset, message: e.message))
        case .success(let node): return compile(node)
        }
    }

    /// The field slots an expression reads (through derived fields too).
    public func referencedFields(_ text: String) -> Set<Int> {
        guard case .success(let node) = ExpressionParser.parse(text) else { return [] }
        var out = Set<Int>()
        var visiting = Set<String>()
        collect(node, into: &out, visiting: &visiting)
        return out
    }

    private func collect(_ node: Expression.Node, into out: inout Set<Int>, visiting: inout Set<String>) {
        switch node.expression {
        case .name(let n):
            if let slot = schema.slot(of: n) {
                out.insert(slot)
            } else if let d = schema.derived[n], visiting.insert(n).inserted,
                case .success(let inner) = ExpressionParser.parse(d.expression.text)
            {
                collect(inner, into: &out, visiting: &visiting)
            }
        case .call(_, let args): args.forEach { collect($0, into: &out, visiting: &visiting) }
        case .not(let a), .negate(let a): collect(a, into: &out, visiting: &visiting)
        case .binary(_, let a, let b), .membership(let a, let b, _):
            collect(a, into: &out, visiting: &visiting)
            collect(b, into: &out, visiting: &visiting)
        case .list(let items): items.forEach { collect($0, into: &out, visiting: &visiting) }
        default: break
        }
    }

    static func fits(_ actual: ValueType, _ expected: ValueType) -> Bool {
        actual == expected
    }

    /// Compiles a parsed node.
    public func compile(_ node: Expression.Node) -> Result<TypedExpression, Failure> {
        do {
            return .success(try build(node))
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(offset: node.offset, message: "\(error)"))
        }
    }

    func build(_ node: Expression.Node) throws -> TypedExpression {
        switch node.expression {
        case .int(let n): return .constant(.int, .int(n))
        case .bool(let b): return .constant(.bool, .bool(b))
        case .date(let d): return .constant(.date, .date(d))
        case .string(let s):
            var t = TypedExpression.constant(.string, Value.text(s))
            t.literal = s
            return t
        case .duration(let d):
            var t = TypedExpression.constant(.duration, .missing)
            t.duration = d
            return t
        case .name(let name): return try resolve(name, at: node.offset)
        case .call(let name, let args): return try call(name, args, at: node.offset)
        case .not(let inner):
            let t = try build(inner)
            try require(t, is: .bool, at: inner.offset, "'not' needs a true/false value")
            let f = t.evaluate
            return TypedExpression(.bool) { s in
                switch f(s) {
                case .bool(let b): return .bool(!b)
                case .invalid: return .invalid
                default: return .bool(true)
                }
            }
        case .negate(let inner):
            let t = try build(inner)
            try require(t, is: .int, at: inner.offset, "'-' needs a number")
            let f = t.evaluate
            return TypedExpression(.int) { s in
                let v = f(s)
                if case .int(let n) = v { return .int(-n) }
                return v
            }
        case .list(let items):
            let built = try items.map { try build($0) }
            let element = built.first?.type ?? .string
            for (i, b) in built.enumerated() where b.type != element {
                throw Failure(offset: items[i].offset, message: "every item of a list must have the same type")
            }
            return TypedExpression(.list(element)) { _ in .missing }
        case .membership(let left, let right, let negated):
            return try membership(left, right, negated: negated, at: node.offset)
        case .binary(let op, let l, let r):
            return try binary(op, l, r, at: node.offset)
        }
    }

    private func require(_ t: TypedExpression, is type: ValueType, at offset: Int, _ message: String) throws {
        guard t.type == type else { throw Failure(offset: offset, message: "\(message), not a \(t.type)") }
    }

    private func resolve(_ name: String, at offset: Int) throws -> TypedExpression {
        if let variable = Variable(rawValue: name) {
            guard variables.contains(variable) else {
                throw Failure(offset: offset, message: "'\(name)' cannot be used here")
            }
            switch variable {
            case .asOf:
                var t = TypedExpression(.date) { s in .date(s.asOf) }
                t.variable = .asOf
                return t
            case .start:
                var t = TypedExpression(.date) { s in .date(s.start) }
                t.variable = .start
                return t
            case .due:
                var t = TypedExpression(.date) { s in .date(s.due) }
                t.variable = .due
                return t
            }
        }
        if let derived = schema.derived[name] {
            guard let compiled = derived.compiled else {
                throw Failure(offset: offset, message: "'\(name)' is defined in terms of itself")
            }
            return compiled
        }
        guard let slot = schema.slot(of: name) else {
            let candidates = schema.fields.map(\.name) + schema.derived.keys + variables.map(\.rawValue)
            var message = "unknown field '\(name)'" + Suggestion.hint(for: name, in: candidates)
            if BuiltinFunctions.named(name) != nil { message = "'\(name)' is a function; call it as \(name)(...)" }
            throw Failure(offset: offset, message: message)
        }
        let type = schema.fields[slot].type
        return TypedExpression(type, fieldSlot: slot) { s in s.values[slot] }
    }

    private func call(_ name: String, _ args: [Expression.Node], at offset: Int) throws -> TypedExpression {
        guard let function = BuiltinFunctions.named(name) else {
            let hint = Suggestion.hint(for: name, in: BuiltinFunctions.all.map { $0.description.name })
            throw Failure(offset: offset, message: "unknown function '\(name)'\(hint)")
        }
        let built = try args.map { try build($0) }
        switch function.compile(built, calendar: calendar) {
        case .success(let t): return t
        case .failure(let e):
            let at = e.argument.flatMap { $0 < args.count ? args[$0].offset : nil } ?? offset
            throw Failure(offset: at, message: "\(name)(): \(e.message) (signature: \(function.description.signature))")
        }
    }

    /// Resolves a quoted literal against the other side's type (a code list or text).
    private func coerce(_ literal: TypedExpression, to other: ValueType, at offset: Int) throws -> TypedExpression {
        guard let text = literal.literal else { return literal }
        switch other {
        case .code(let set):
            guard let index = set.index(of: text) else {
                throw Failure(
                    offset: offset,
                    message: "'\(text)' is not a code of \(set.name) (\(set.values.joined(separator: ", ")))"
                        + Suggestion.hint(for: text, in: set.values))
            }
            return .constant(other, .code(index))
        case .text, .string:
            return TypedExpression(.text, literal: text, literal.evaluate)
        default:
            return literal
        }
    }

    private func membership(
        _ left: Expression.Node, _ right: Expression.Node, negated: Bool, at offset: Int
    ) throws -> TypedExpression {
        let l = try build(left)
        guard case .list = try build(right).type, case .list(let items) = right.expression else {
            throw Failure(offset: right.offset, message: "'in' needs a list such as ['a', 'b']")
        }
        var values: [Value] = []
        for item in items {
            var t = try build(item)
            if t.literal != nil { t = try coerce(t, to: l.type, at: item.offset) }
            let type = t.type == .string ? ValueType.text : t.type
            let leftType = l.type == .string ? ValueType.text : l.type
            guard type == leftType else {
                throw Failure(offset: item.offset, message: "cannot look for a \(l.type) in a list of \(t.type)")
            }
            // Evaluated with every field blank: an item that reads a field is not a literal value.
            let blank = [Value](repeating: .missing, count: schema.fields.count)
            guard case let constant = blank.withUnsafeBufferPointer({ t.evaluate(Scope(values: $0, asOf: Day(number: 0))) }),
                constant.isPresent
            else {
                throw Failure(offset: item.offset, message: "list items must be literal values")
            }
            values.append(constant)
        }
        if let slot = l.fieldSlot, let special = Specialised.membership(slot: slot, values, negated: negated) { return special }
        let f = l.evaluate
        let set = values
        return TypedExpression(.bool) { s in
            let v = f(s)
            switch v {
            case .invalid: return .invalid
            case .missing: return .bool(negated)
            default: return .bool(set.contains(v) != negated)
            }
        }
    }

    private func binary(
        _ op: BinaryOperator, _ leftNode: Expression.Node, _ rightNode: Expression.Node, at offset: Int
    ) throws -> TypedExpression {
        var l = try build(leftNode)
        var r = try build(rightNode)
        switch op {
        case .and, .or:
            try require(l, is: .bool, at: leftNode.offset, "'\(op.rawValue)' needs true/false on its left")
            try require(r, is: .bool, at: rightNode.offset, "'\(op.rawValue)' needs true/false on its right")
            let lf = l.evaluate
            let rf = r.evaluate
            if op == .and {
                return TypedExpression(.bool) { s in
                    let a = lf(s)
                    if a == .bool(false) || a == .missing { return .bool(false) }
                    if a == .invalid { return .invalid }
                    let b = rf(s)
                    if b == .invalid { return .invalid }
                    return .bool(b == .bool(true))
                }
            }
            return TypedExpression(.bool) { s in
                let a = lf(s)
                if a == .bool(true) { return .bool(true) }
                if a == .invalid { return .invalid }
                let b = rf(s)
                if b == .invalid { return .invalid }
                return .bool(b == .bool(true))
            }
        case .plus, .minus:
            return try arithmetic(op, l, r, left: leftNode, right: rightNode)
        default:
            if l.literal != nil { l = try coerce(l, to: r.type, at: leftNode.offset) }
            if r.literal != nil { r = try coerce(r, to: l.type, at: rightNode.offset) }
            let lt = l.type == .string ? ValueType.text : l.type
            let rt = r.type == .string ? ValueType.text : r.type
            guard lt == rt else {
                throw Failure(offset: offset, message: "cannot compare a \(l.type) with a \(r.type)")
            }
            if op != .equal && op != .notEqual {
                switch lt {
                case .int, .date: break
                default: throw Failure(offset: offset, message: "'\(op.rawValue)' compares numbers or dates, not \(l.type)")
                }
            }
            return Specialised.comparison(op, l, r) ?? comparison(op, l.evaluate, r.evaluate)
        }
    }

    private func comparison(_ op: BinaryOperator, _ lf: @escaping CompiledExpression, _ rf: @escaping CompiledExpression) -> TypedExpression {
        TypedExpression(.bool) { s in Specialised.compare(op, lf(s), rf(s)) }
    }

    private func arithmetic(
        _ op: BinaryOperator, _ l: TypedExpression, _ r: TypedExpression,
        left leftNode: Expression.Node, right rightNode: Expression.Node
    ) throws -> TypedExpression {
        let lf = l.evaluate
        let rf = r.evaluate
        let sign = op == .plus ? 1 : -1
        switch (l.type, r.type) {
        case (.int, .int):
            return TypedExpression(.int) { s in
                let lfValue = lf(s)
                guard case .int(let a) = lfValue else { return lfValue }
                let rfValue = rf(s)
                guard case .int(let b) = rfValue else { return rfValue }
                let (sum, overflow) = a.addingReportingOverflow(sign == 1 ? b : -b)
                return overflow || b == Int.min ? .invalid : .int(sum)
            }
        case (.date, .duration):
            guard let duration = r.duration else { throw Failure(offset: rightNode.offset, message: "expected a duration") }
            let calendar = self.calendar
            return TypedExpression(.date) { s in
                let lfValue = lf(s)
                guard case .date(let d) = lfValue else { return lfValue }
                return .date(duration.added(to: d, calendar: calendar, sign: sign))
            }
        case (.date, .date) where op == .minus:
            return TypedExpression(.int) { s in
                let lfValue = lf(s)
                guard case .date(let a) = lfValue else { return lfValue }
                let rfValue = rf(s)
                guard case .date(let b) = rfValue else { return rfValue }
                return .int(b.days(to: a))
            }
        case (.date, .int):
            throw Failure(offset: rightNode.offset, message: "add a unit to the number, for example '15 days' or '6 weeks'")
        default:
            throw Failure(
                offset: leftNode.offset, message: "cannot \(op == .plus ? "add" : "subtract") a \(r.type) \(op == .plus ? "to" : "from") a \(l.type)")
        }
    }
}
