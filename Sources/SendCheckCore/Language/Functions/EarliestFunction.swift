/// `earliest(d1, d2, ...)`: the earliest of the dates that are present.
struct EarliestFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "earliest", signature: "earliest(date, date, ...) -> date",
        summary: "The earliest of the dates that are recorded; missing when none is. Invalid if any is invalid.",
        examples: [
            FunctionExample("earliest(2024-01-02, 2024-03-01)", "2024-01-02"),
            FunctionExample("earliest(a, 2024-03-01)", "2024-03-01"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        DateFold.compile(args, pickLater: false)
    }
}
