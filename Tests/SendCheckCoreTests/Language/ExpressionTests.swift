import SendCheckCore
import Testing

@Suite("Expression language")
struct ExpressionTests {
    let schema = Fixtures.statutory.schemas["case"]!

    func compiler(_ variables: Set<ExpressionCompiler.Variable> = [.asOf]) -> ExpressionCompiler {
        ExpressionCompiler(schema: schema, calendar: Fixtures.statutory.calendar, variables: variables)
    }

    /// Evaluates `text` for a subject with the given field values (as CSV cells) as of 2025-06-30.
    func eval(_ text: String, _ fields: [String: String] = [:], asOf: String = "2025-06-30") throws -> Value {
        let typed = try compiler().compile(text).get()
        var values = [Value](repeating: .missing, count: schema.fields.count)
        for (name, cell) in fields {
            let slot = try #require(schema.slot(of: name))
            values[slot] = (try? CellParser(type: schema.fields[slot].type).parse(cell).get()) ?? .invalid
        }
        return values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Fixtures.day(asOf))) }
    }

    func error(_ text: String, variables: Set<ExpressionCompiler.Variable> = [.asOf]) -> String {
        switch compiler(variables).compile(text) {
        case .success: return "compiled"
        case .failure(let f): return "\(f.offset): \(f.message)"
        }
    }

    @Test("a condition said to change at most once with the as-of date does so, at every date and for every kind of value")
    func changesAtMostOnce() throws {
        let c = compiler()
        for text in [
            "age_on(date_of_birth, as_of) == 5", "as_of > plan_start and as_of < last_review", "as_of + 1 year > plan_start",
            "age_on(date_of_birth, as_of) < 5 and age_on(date_of_birth, as_of) > 2", "age_on(as_of, date_of_birth) < 5",
        ] {
            #expect(!c.changesAtMostOnce(text), "\(text)")
        }
        let texts = [
            "(present(plan_start) or present(last_review)) and age_on(date_of_birth, as_of) < 5",
            "5 > age_on(date_of_birth, as_of)", "not (as_of >= plan_start)", "age_on(date_of_birth, as_of) >= 16 or present(cease_date)",
            "present(plan_start)", "when(age_on(date_of_birth, as_of) <= 3, plan_start) > 2022-01-01",
        ]
        let cells = ["", "2019-02-28", "2020-02-29", "2021-09-01", "not a date"]
        for text in texts {
            #expect(c.changesAtMostOnce(text), "\(text)")
            let typed = try c.compile(text).get()
            for (plan, review, birth) in product(cells, cells, cells) {
                var values = [Value](repeating: .missing, count: schema.fields.count)
                for (name, cell) in [("plan_start", plan), ("last_review", review), ("date_of_birth", birth)] where !cell.isEmpty {
                    values[try #require(schema.slot(of: name))] = (try? CellParser(type: .date).parse(cell).get()) ?? .invalid
                }
                // Every day for nine years: the answer changes at most once.
                let answers = values.withUnsafeBufferPointer { v in
                    (0..<3300).map { typed.evaluate(Scope(values: v, asOf: Fixtures.day("2018-01-01").adding(days: $0))) }
                }
                let changes = zip(answers, answers.dropFirst()).filter { $0 != $1 }.count
                #expect(changes <= 1, "\(text) plan \(plan) review \(review) born \(birth)")
            }
        }
    }

    private func product(_ a: [String], _ b: [String], _ c: [String]) -> [(String, String, String)] {
        a.flatMap { x in b.flatMap { y in c.map { z in (x, y, z) } } }
    }

    @Test("comparisons, and/or/not, membership")
    func logic() throws {
        #expect(try eval("request_outcome == 'assess'", ["request_outcome": "assess"]) == .bool(true))
        #expect(try eval("request_outcome == 'ASSESS'", ["request_outcome": "Assess"]) == .bool(true))
        #expect(try eval("request_outcome in ['not_assess', 'withdrawn']", ["request_outcome": "withdrawn"]) == .bool(true))
        #expect(try eval("request_outcome not in ['not_assess', 'withdrawn']", ["request_outcome": "assess"]) == .bool(true))
        #expect(try eval("not (1 < 2) or 3 >= 3") == .bool(true))
        #expect(try eval("1 < 2 and 2 < 1") == .bool(false))
        #expect(try eval("team == 'North'", ["team": "North"]) == .bool(true))
        #expect(try eval("team == 'North'", ["team": "South"]) == .bool(false))
    }

    @Test("missing values: comparisons are false, != is true, arithmetic stays missing")
    func missing() throws {
        #expect(try eval("request_outcome == 'assess'") == .bool(false))
        #expect(try eval("request_outcome != 'assess'") == .bool(true))
        #expect(try eval("request_outcome in ['assess']") == .bool(false))
        #expect(try eval("request_received < 2025-01-01") == .bool(false))
        #expect(try eval("request_received + 6 weeks") == .missing)
        #expect(try eval("transfer_year - 1") == .missing)
    }

    @Test("invalid values make the whole expression invalid")
    func invalid() throws {
        #expect(try eval("request_received < 2025-01-01", ["request_received": "31/02/2024"]) == .invalid)
        #expect(try eval("present(request_received)", ["request_received": "31/02/2024"]) == .invalid)
        #expect(try eval("latest(plan_start, request_received)", ["request_received": "bad", "plan_start": "2024-01-01"]) == .invalid)
    }

    @Test("dates after the as-of date are not visible once masked; arithmetic on dates and durations")
    func dates() throws {
        #expect(try eval("request_received + 20 weeks", ["request_received": "2024-01-08"]) == .date(Fixtures.day("2024-05-27")))
        #expect(try eval("request_received - 1 month", ["request_received": "2024-03-31"]) == .date(Fixtures.day("2024-02-29")))
        #expect(try eval("2024-03-01 - 2024-02-01") == .int(29))
        #expect(try eval("as_of", asOf: "2025-01-02") == .date(Fixtures.day("2025-01-02")))
        #expect(try eval("date(transfer_year - 1, 9, 1)", ["transfer_year": "2026"]) == .date(Fixtures.day("2025-09-01")))
    }

    @Test(
        "errors point at the offending character",
        arguments: [
            ("request_recieved < as_of", "0: unknown field 'request_recieved'; did you mean 'request_received'?"),
            (
                "request_outcome == 'asses'",
                "19: 'asses' is not a code of request_outcome (assess, not_assess, withdrawn, historical); did you mean 'assess'?"
            ),
            ("lastest(plan_start)", "0: unknown function 'lastest'; did you mean 'latest'?"),
            ("plan_start + 3", "13: add a unit to the number, for example '15 days' or '6 weeks'"),
            ("plan_start < 5", "11: cannot compare a date with a number"),
            ("plan_start = as_of", "11: use '==' to compare, not '='"),
            ("(plan_start < as_of", "19: expected ')' to close '(', found end of expression"),
            ("latest(plan_start, 3)", "19: latest(): argument 2 must be a date, not a number (signature: latest(date, date, ...) -> date)"),
            ("team < 'x'", "5: '<' compares numbers or dates, not text"),
            ("start < as_of", "0: 'start' cannot be used here"),
            ("plan_start < 2024-02-30", "13: '2024-02-30' is not a real date"),
            ("request_outcome == 'assess' and", "31: expected a value, found end of expression"),
            ("latest", "0: 'latest' is a function; call it as latest(...)"),
            ("'unclosed", "0: text started here is never closed with '"),
        ])
    func errors(text: String, expected: String) {
        #expect(error(text) == expected)
    }

    @Test("the fields an expression reads, through derived fields")
    func referenced() {
        let names = compiler().referencedFields("on_or_after(latest(last_review, final_plan_date), as_of)")
            .map { schema.fields[$0].name }.sorted()
        #expect(names == ["assessment_outcome", "assessment_outcome_date", "last_review"])
    }
}

@Suite("Built-in functions")
struct FunctionExampleTests {
    static let cases: [(String, FunctionExample)] = BuiltinFunctions.all.flatMap { f in
        f.description.examples.map { (f.description.name, $0) }
    }

    @Test("registry names are unique, lower snake case, documented and exampled")
    func registry() {
        let names = BuiltinFunctions.all.map(\.description.name)
        #expect(Set(names).count == names.count)
        for f in BuiltinFunctions.all {
            #expect(f.description.name.allSatisfy { $0.isLowercase || $0 == "_" })
            #expect(!f.description.summary.isEmpty)
            #expect(f.description.examples.count >= 2, "\(f.description.name) needs examples")
        }
    }

    @Test("every example gives its documented result", arguments: cases)
    func example(name: String, example: FunctionExample) throws {
        var schema = Schema(kind: "test", idField: "id")
        schema.add(FieldDefinition(name: "a", type: .date))
        schema.add(FieldDefinition(name: "b", type: .date))
        schema.add(FieldDefinition(name: "dob", type: .date))
        let compiler = ExpressionCompiler(schema: schema, calendar: Fixtures.statutory.calendar)
        let typed = try compiler.compile(example.expression).get()
        var values = [Value](repeating: .missing, count: schema.fields.count)
        for (field, text) in example.fields { values[schema.slot(of: field)!] = try CellParser(type: .date).parse(text).get() }
        let asOf = Fixtures.day(example.asOf)
        // As in evaluation, dates after the as-of date are not visible.
        for i in values.indices { if case .date(let d) = values[i], d > asOf { values[i] = .missing } }
        let value = values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: asOf)) }
        let shown: String
        switch value {
        case .missing: shown = "missing"
        case .invalid: shown = "invalid"
        case .bool(let b): shown = String(b)
        case .int(let n): shown = String(n)
        case .date(let d): shown = d.iso
        default: shown = "\(value)"
        }
        #expect(shown == example.expected, "\(name): \(example.expression)")
    }
}

@Suite("Extreme values never crash")
struct ExtremeValueTests {
    @Test("an absurd year in the data gives invalid, not a crash")
    func hugeYear() {
        let csv = "case_id,transfer_year,transfer_type\nX1,461168601842738790,school\nX2,-461168601842738790,school\nX3,99999,school\n"
        let result = Fixtures.check(csv, asOf: "2026-01-01")
        let statuses = Fixtures.summary(result).filter { $0.hasPrefix("reg18-phase-transfer") }
        #expect(statuses == ["reg18-phase-transfer X1 invalid -", "reg18-phase-transfer X2 invalid -", "reg18-phase-transfer X3 invalid -"])
    }

    @Test("integer overflow in an expression is invalid")
    func overflow() throws {
        var schema = Schema(kind: "t", idField: "id")
        schema.add(FieldDefinition(name: "n", type: .int))
        let compiler = ExpressionCompiler(schema: schema, calendar: .weekendsOnly)
        let typed = try compiler.compile("n + 9223372036854775807").get()
        let values: [Value] = [.int(10)]
        #expect(values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Day(number: 0))) } == .invalid)
        #expect(Day(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test("durations are bounded when a pack is loaded")
    func boundedDurations() {
        #expect(Duration.parse("26101 working days") == nil)
        #expect(Duration.parse("36600 days") != nil)
        #expect(Duration.parse("36601 days") == nil)
        #expect(Duration.parse("1201 months") == nil)
        #expect(Duration.problem("9999999 days") == "'9999999 days' is longer than the longest period sendcheck accepts (100 years, 36600 days)")
        let schema = Fixtures.statutory.schemas["case"]!
        let compiler = ExpressionCompiler(schema: schema, calendar: Fixtures.statutory.calendar)
        guard case .failure(let f) = compiler.compile("request_received + 999999 working days") else {
            Issue.record("compiled")
            return
        }
        #expect(f.message == "a duration may be at most 100 years (26100 working days)")
    }
}
