/// `when(condition, value)`: the value only when the condition holds.
struct WhenFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "when", signature: "when(true/false, value) -> value",
        summary: "The value when the condition is true, otherwise missing. Used to say which date counts, "
            + "e.g. when(assessment_outcome == 'issue', assessment_outcome_date).",
        examples: [
            FunctionExample("when(1 < 2, 2024-03-01)", "2024-03-01"),
            FunctionExample("when(1 > 2, 2024-03-01)", "missing"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 2) ?? BuiltinFunctions.requireType(args, 0, .bool) {
            return .failure(e)
        }
        let c = args[0].evaluate
        let v = args[1].evaluate
        return .success(
            TypedExpression(args[1].type == .string ? .text : args[1].type) { s in
                switch c(s) {
                case .bool(true): return v(s)
                case .invalid: return .invalid
                default: return .missing
                }
            })
    }
}
