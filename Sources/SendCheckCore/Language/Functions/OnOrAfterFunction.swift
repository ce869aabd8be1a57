/// `on_or_after(date, floor)`: the date only if it is on or after the floor.
struct OnOrAfterFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "on_or_after", signature: "on_or_after(date, date) -> date",
        summary: "The first date when it is on or after the second, otherwise missing. Says that only an end "
            + "event after the start counts, e.g. on_or_after(last_review, review_meeting).",
        examples: [
            FunctionExample("on_or_after(2024-03-01, 2024-02-01)", "2024-03-01"),
            FunctionExample("on_or_after(2024-03-01, 2024-03-01)", "2024-03-01"),
            FunctionExample("on_or_after(2024-01-01, 2024-02-01)", "missing"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 2) ?? BuiltinFunctions.requireType(args, 0, .date)
            ?? BuiltinFunctions.requireType(args, 1, .date)
        {
            return .failure(e)
        }
        let x = args[0].evaluate
        let floor = args[1].evaluate
        return .success(
            TypedExpression(.date) { s in
                let v = x(s)
                guard case .date(let d) = v else { return v }
                switch floor(s) {
                case .date(let f): return d >= f ? v : .missing
                case .invalid: return .invalid
                default: return v
                }
            })
    }
}
