/// `deadline(start, duration)`: the last compliant day of a time limit.
struct DeadlineFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "deadline", signature: "deadline(date, duration) -> date",
        summary: "The due date of a time limit counted from the date, by the same rules as a rule's limit: "
            + "days and weeks exclude the start day, months use the corresponding-date rule, working days "
            + "skip weekends and bank holidays.",
        examples: [
            FunctionExample("deadline(2024-01-08, 20 weeks)", "2024-05-27"),
            FunctionExample("deadline(2024-03-10, 12 months)", "2025-03-09"),
            FunctionExample("deadline(2024-02-29, 12 months)", "2025-02-28"),
            FunctionExample("deadline(2024-12-20, 3 working days)", "2024-12-27"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 2) ?? BuiltinFunctions.requireType(args, 0, .date) {
            return .failure(e)
        }
        guard let duration = args[1].duration else {
            return .failure(FunctionError(argument: 1, "argument 2 must be a duration such as 6 weeks"))
        }
        let f = args[0].evaluate
        return .success(
            TypedExpression(.date) { s in
                let fValue = f(s)
                guard case .date(let d) = fValue else { return fValue }
                return .date(duration.deadline(from: d, calendar: calendar))
            })
    }
}
