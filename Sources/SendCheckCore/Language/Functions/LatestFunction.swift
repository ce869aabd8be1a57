/// `latest(d1, d2, ...)`: the latest of the dates that are present.
struct LatestFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "latest", signature: "latest(date, date, ...) -> date",
        summary: "The latest of the dates that are recorded; missing when none is. Invalid if any is invalid.",
        examples: [
            FunctionExample("latest(2024-01-02, 2024-03-01)", "2024-03-01"),
            FunctionExample("latest(a, 2024-03-01)", "2024-03-01"),
            FunctionExample("latest(a, b)", "missing"),
            FunctionExample("latest(a, b)", "2025-01-10", fields: ["a": "2025-01-10"]),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        DateFold.compile(args, pickLater: true)
    }
}

/// Shared body of `latest` and `earliest`.
enum DateFold {
    static func compile(_ args: [TypedExpression], pickLater: Bool) -> Result<TypedExpression, FunctionError> {
        guard !args.isEmpty else { return .failure(FunctionError("needs at least one date")) }
        for i in args.indices {
            if let e = BuiltinFunctions.requireType(args, i, .date) { return .failure(e) }
        }
        let fs = args.map(\.evaluate)
        return .success(
            TypedExpression(.date) { s in
                var best: Day?
                for f in fs {
                    switch f(s) {
                    case .date(let d):
                        if let b = best { best = pickLater ? max(b, d) : min(b, d) } else { best = d }
                    case .invalid: return .invalid
                    default: continue
                    }
                }
                return best.map(Value.date) ?? .missing
            })
    }
}
