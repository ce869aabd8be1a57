/// A function usable in rule expressions. Each lives in its own file with its documentation and
/// worked examples; the examples run as tests and feed `docs/functions.md`.
public protocol BuiltinFunction: Sendable {
    /// Name, signature, summary and examples.
    var description: FunctionDescription { get }
    /// Type-checks the arguments and returns the compiled call.
    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError>
}

/// The documentation of a built-in function.
public struct FunctionDescription: Sendable {
    public var name: String
    public var signature: String
    public var summary: String
    public var examples: [FunctionExample]

    public init(name: String, signature: String, summary: String, examples: [FunctionExample]) {
        self.name = name
        self.signature = signature
        self.summary = summary
        self.examples = examples
    }
}

/// A worked example: an expression (over literals and the example fields `a`, `b` (dates) and
/// `dob`), evaluated as of `asOf`, and its expected result as text (`missing` for no value).
public struct FunctionExample: Sendable {
    public var expression: String
    public var fields: [String: String]
    public var asOf: String
    public var expected: String

    public init(_ expression: String, _ expected: String, fields: [String: String] = [:], asOf: String = "2025-06-30") {
        self.expression = expression
        self.expected = expected
        self.fields = fields
        self.asOf = asOf
    }
}

/// Why a call does not type-check; `argument` is the 0-based argument to point at.
public struct FunctionError: Error, Sendable {
    public var argument: Int?
    public var message: String

    public init(argument: Int? = nil, _ message: String) {
        self.argument = argument
        self.message = message
    }
}

/// Every built-in function, in documentation order. A test checks names are unique and that
/// every function has examples that pass.
public enum BuiltinFunctions {
    public static let all: [any BuiltinFunction] = [
        LatestFunction(),
        EarliestFunction(),
        PresentFunction(),
        WhenFunction(),
        OnOrAfterFunction(),
        DateFunction(),
        YearFunction(),
        AgeOnFunction(),
        DeadlineFunction(),
    ]

    /// The function called `name`.
    public static func named(_ name: String) -> (any BuiltinFunction)? {
        all.first { $0.description.name == name }
    }

    static func requireArity(_ args: [TypedExpression], _ count: Int) -> FunctionError? {
        args.count == count ? nil : FunctionError("takes \(count) argument\(count == 1 ? "" : "s"), not \(args.count)")
    }

    static func requireType(_ args: [TypedExpression], _ index: Int, _ type: ValueType) -> FunctionError? {
        args[index].type == type ? nil : FunctionError(argument: index, "argument \(index + 1) must be a \(type), not a \(args[index].type)")
    }
}
