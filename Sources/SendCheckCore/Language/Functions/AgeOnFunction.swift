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
            FunctionExample("age_on(dob, as_of)", "4", fields: ["dob": "2020-07-01"]),
        ])

    func compile(_ args: [TypedExpression], calendar: HolidayCalendar) -> Result<TypedExpression, FunctionError> {
        if let e = BuiltinFunctions.requireArity(args, 2) ?? BuiltinFunctions.requireType(args, 0, .date)
            ?? BuiltinFunctions.requireType(args, 1, .date)
        {
            return .failure(e)
        }
        // `age_on(field, as_of)`, the common form, reads both directly (one call, not three).
        if let slot = args[0].fieldSlot, args[1].variable == .asOf {
            return .success(
                TypedExpression(.int) { s in
                    guard case .date(let birth) = s.values[slot] else { return s.values[slot] }
                    return .int(AgeOnFunction.age(born: birth, on: s.asOf))
                })
        }
        let (b, on) = (args[0].evaluate, args[1].evaluate)
        return .success(
            TypedExpression(.int) { s in
                guard case .date(let birth) = b(s) else { return b(s) }
                guard case .date(let day) = on(s) else { return on(s) }
                return .int(AgeOnFunction.age(born: birth, on: day))
            })
    }

    /// Each birthday comes 365 or 366 days after the one before (a 29 February birthday is kept on
    /// 28 February), so the `a`-th birthday lies between `365 a` and `366 a` days after birth: the age
    /// is at least `days / 366` and at most `days / 365`. When the two agree (all but a few days a
    /// year) that is the age, without the calendar; otherwise the calendar decides.
    static func age(born: Day, on day: Day) -> Int {
        let days = born.days(to: day)
        if days >= 0, days / 366 == days / 365 { return days / 365 }
        return calendarAge(born: born, on: day)
    }

    /// The age from the civil dates (month and day compared).
    static func calendarAge(born: Day, on day: Day) -> Int {
        let b = born.civil
        let d = day.civil
        var years = d.year - b.year
        let birthdayDay = min(b.day, Day.daysIn(year: d.year, month: b.month))
        if (d.month, d.day) < (b.month, birthdayDay) { years -= 1 }
        return years
    }
}
