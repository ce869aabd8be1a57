import SendCheckCore
import Testing

/// Hostile expressions end in a located error or an answer, never a crash, a hang or exponential time.
@Suite("Expression limits")
struct ExpressionLimitTests {
    static var compiler: ExpressionCompiler {
        ExpressionCompiler(schema: Fixtures.statutory.schemas["case"]!, calendar: Fixtures.statutory.calendar, variables: [.asOf])
    }

    @Test("deep nesting is a located error at the level that goes too deep")
    func deepNesting() {
        let cases: [(String, Int)] = [
            (String(repeating: "present(", count: 5000) + "plan_start" + String(repeating: ")", count: 5000), 512),
            (String(repeating: "not ", count: 8000) + "present(plan_start)", 256),
            (String(repeating: "(", count: 20000) + "present(plan_start)" + String(repeating: ")", count: 20000), 64),
            (String(repeating: "-", count: 3000) + "transfer_year > 0", 64),
        ]
        for (text, offset) in cases {
            guard case .failure(let f) = Self.compiler.compile(text) else {
                Issue.record("compiled: \(text.prefix(30))")
                continue
            }
            #expect(f.message == "the expression nests more than 64 levels deep; split it into derived fields")
            #expect(f.offset == offset, "\(text.prefix(30))")
        }
    }

    @Test("long flat chains of and and or compile and evaluate, shallow")
    func longChains() throws {
        let and = try Self.compiler.compile(Array(repeating: "present(plan_start)", count: 2700).joined(separator: " and ")).get()
        let or = try Self.compiler.compile(Array(repeating: "plan_start > as_of", count: 2500).joined(separator: " or ") + " or present(plan_start)")
            .get()
        let slot = try #require(Fixtures.statutory.schemas["case"]?.slot(of: "plan_start"))
        var values = [Value](repeating: .missing, count: Fixtures.statutory.schemas["case"]!.fields.count)
        values[slot] = .date(Fixtures.day("2024-01-01"))
        let scope = { (body: (Scope) -> Value) in values.withUnsafeBufferPointer { body(Scope(values: $0, asOf: Fixtures.day("2025-01-01"))) } }
        #expect(scope { and.evaluate($0) } == .bool(true))
        #expect(scope { or.evaluate($0) } == .bool(true))
        values[slot] = .invalid
        #expect(scope { and.evaluate($0) } == .invalid)
    }

    @Test("and/or chains keep their left-to-right answer: the first decisive operand wins")
    func chainOrder() throws {
        let schema = Fixtures.statutory.schemas["case"]!
        // missing is false for 'and' before a later invalid value is ever read
        let text = "present(plan_start) and transfer_year > 2000 and present(cease_date) and present(last_review)"
        let typed = try Self.compiler.compile(text).get()
        var values = [Value](repeating: .missing, count: schema.fields.count)
        values[schema.slot(of: "plan_start")!] = .date(Fixtures.day("2024-01-01"))
        values[schema.slot(of: "transfer_year")!] = .int(2026)
        values[schema.slot(of: "last_review")!] = .invalid
        #expect(values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Fixtures.day("2025-01-01"))) } == .bool(false))
    }

    @Test("a chain of date arithmetic on a missing date is linear, not exponential", .timeLimit(.minutes(1)))
    func noExponentialTime() throws {
        // 60 links: evaluating the left operand twice at each would take 2^60 steps.
        let text = "plan_start" + String(repeating: " + 1 days", count: 60) + " > as_of"
        let typed = try Self.compiler.compile(text).get()
        let values = [Value](repeating: .missing, count: Fixtures.statutory.schemas["case"]!.fields.count)
        #expect(values.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Fixtures.day("2025-01-01"))) } == .bool(false))
        var invalid = values
        invalid[Fixtures.statutory.schemas["case"]!.slot(of: "plan_start")!] = .invalid
        #expect(invalid.withUnsafeBufferPointer { typed.evaluate(Scope(values: $0, asOf: Fixtures.day("2025-01-01"))) } == .invalid)
    }

    @Test("a pack with a deep expression is a located error in validate, not a crash")
    func inAPack() {
        let deep = String(repeating: "(", count: 100) + "present(d)" + String(repeating: ")", count: 100)
        let (set, errors) = Fixtures.load(
            """
            version: 1
            kind: rule-pack
            pack: probe
            title: probe
            subject: case
            id_field: case_id
            fields: {case_id: text, d: date}
            rules:
              - id: probe
                title: t
                citation: c
                certainty: computed
                severity: advisory
                from: 2014-09-01
                applies: \(deep)
                start: d
                limit: 6 weeks
                message: m
                examples: [{name: e, as_of: 2024-06-30, given: {d: 2024-01-08}, expect: none}]
            """)
        #expect(set == nil)
        #expect(
            errors == [
                "pack.yaml:15:78: error: in 'applies' of rule 'probe': the expression nests more than 64 levels deep; split it into derived fields"
            ])
    }
}
