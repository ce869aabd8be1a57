/// `date(year, month, day)`: builds a date.
struct DateFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "date", signature: "date(number, number, number) -> date",
        summary: "The date with this year, month and day; invalid when no such day exists. "
            + "For example date(transfer_year - 1, 9, 1) is 1 September before the transfer year.",
        examples: [
            FunctionExample("date(2026 - 1, 9, 1)", "2025-09-01"),
            FunctionExample("date(2025, 2, 29)", "invalid"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 3) { return .failure(e) }
        for i in 0..<3 {
            if let e = BuiltinFunctions.requireType(args, i, .int) { return .failure(e) }
        }
        let (y, m, d) = (args[0].evaluate, args[1].evaluate, args[2].evaluate)
        return .success(
            TypedExpression(.date) { s in
                guard case .int(let yy) = y(s) else { return y(s) }
                guard case .int(let mm) = m(s) else { return m(s) }
                guard case .int(let dd) = d(s) else { return d(s) }
                return Day(year: yy, month: mm, day: dd).map(Value.date) ?? .invalid
            })
    }
}
