/// `present(x)`: whether a field is recorded.
struct PresentFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "present", signature: "present(any) -> true/false",
        summary: "True when the value is recorded (a date on or before the as-of date counts; a later one does not).",
        examples: [
            FunctionExample("present(a)", "false"),
            FunctionExample("present(a)", "true", fields: ["a": "2024-05-01"]),
            FunctionExample("present(a)", "false", fields: ["a": "2025-07-01"]),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 1) { return .failure(e) }
        if let slot = args[0].fieldSlot { return .success(Specialised.present(slot: slot)) }
        let f = args[0].evaluate
        return .success(
            TypedExpression(.bool) { s in
                switch f(s) {
                case .missing: return .bool(false)
                case .invalid: return .invalid
                default: return .bool(true)
                }
            })
    }
}
