/// `year(date)`: the calendar year of a date.
struct YearFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "year", signature: "year(date) -> number",
        summary: "The calendar year of a date.",
        examples: [FunctionExample("year(2024-03-01)", "2024"), FunctionExample("year(a)", "missing")])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 1) ?? BuiltinFunctions.requireType(args, 0, .date) {
            return .failure(e)
        }
        let f = args[0].evaluate
        return .success(
            TypedExpression(.int) { s in
                let fValue = f(s)
                guard case .date(let d) = fValue else { return fValue }
                return .int(d.civil.year)
            })
    }
}
