/// `age_on(birth, date)`: age in completed years on a date.
struct AgeOnFunction: BuiltinFunction {
    let description = FunctionDescription(
        name: "age_on", signature: "age_on(date, date) -> number",
        summary: "Age in completed years on the second date of someone born on the first. "
            + "A birthday on 29 February is reached on 28 February in other years.",
        examples: [
            FunctionExample("age_on(2020-07-01, as_of)", "4"),
            FunctionExample("age_on(2020-06-30, as_of)", "5"),
            FunctionExample("age_on(2020-02-29, 2025-02-28)", "5"),
            FunctionExample("age_on(dob, as_of)", "missing"),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 2) ?? BuiltinFunctions.requireType(args, 0, .date)
            ?? BuiltinFunctions.requireType(args, 1, .date)
        {
            return .failure(e)
        }
        let (b, on) = (args[0].evaluate, args[1].evaluate)
        return .success(
            TypedExpression(.int) { s in
                guard case .date(let birth) = b(s) else { return b(s) }
                guard case .date(let day) = on(s) else { return on(s) }
                return .int(AgeOnFunction.age(born: birth, on: day))
            })
    }

    static func age(born: Day, on day: Day) -> Int {
        let b = born.civil
        let d = day.civil
        var years = d.year - b.year
        let birthdayDay = min(b.day, Day.daysIn(year: d.year, month: b.month))
        if (d.month, d.day) < (b.month, birthdayDay) { years -= 1 }
        return years
    }
}
