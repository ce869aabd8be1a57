/// A random rule pack with case data to run it on, for the tests that hold a fast path to the
/// evaluator (`TimeTravelEquivalence`): generated starts, ends, limits (periods, working days, fixed
/// days, expressions, conditional cases), amber windows, exceptions with and without conditions,
/// conditions and lapses that read the as-of date, `closes`, `ended_by`, `timing: not-before` and
/// repeating duties, over cells that are blank, unreadable or out of order. Seeded: a failure names
/// the seed that makes the same pack and data again. The tests and the fuzzer use it.
public struct SyntheticRulePack: Sendable {
    public let seed: UInt64
    /// The pack, as a rule file (`kind: rule-pack`, subject `case`).
    public private(set) var yaml = ""
    /// Cases in the wide layout (one row per case).
    public private(set) var wide = ""
    /// Events in the long layout (`case_id,event,date,value`): several occurrences of a date field.
    public private(set) var long = ""
    /// The dates to evaluate at: 13 month ends, sometimes with other days or 70 weekly dates.
    public private(set) var dates: [Day] = []
    private var state: UInt64

    static let dateFields = ["a", "b", "c", "e", "f", "x"]

    public init(seed: UInt64, rules: Int = 6, cases: Int = 120) {
        self.seed = seed
        state = seed &+ 0x9E37_79B9_7F4A_7C15
        yaml = pack(rules: rules)
        wide = wideCases(cases)
        long = longEvents(cases / 3)
        dates = evaluationDates()
    }

    // MARK: Random choices

    private mutating func next() -> UInt64 {
        // SplitMix64.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    private mutating func pick<T>(_ options: [T]) -> T { options[int(0...options.count - 1)] }

    /// A day from 2024-03-01 to 2026-04-30.
    private mutating func day() -> Day { Day(year: 2024, month: 3, day: 1)!.adding(days: int(0...790)) }

    // MARK: The pack

    private mutating func pack(rules count: Int) -> String {
        var out = """
            version: 1
            kind: rule-pack
            pack: random-\(seed)
            title: Random pack \(seed)
            subject: case
            id_field: case_id
            fields:
              case_id: text
              team: text
              a: date
              b: date
              c: date
              e: date
              f: date
              x: date
              outcome: {type: code, values: ['yes', 'no', gone], dated_by: e}
              excode: {type: code, values: [p, q, r]}
              year: {type: number, min: 2000, max: 2100}
            rules:

            """
        for i in 0..<count { out += rule(i) }
        return out
    }

    private mutating func rule(_ i: Int) -> String {
        let mode = pick(["", "", "", "", "each", "chain"])
        var lines = [
            "  - id: random-\(i)", "    title: Random rule \(i)", "    citation: generated", "    certainty: computed",
            "    severity: \(pick(["statutory", "guidance", "advisory"]))",
        ]
        let from = chance(70) ? Day(year: 2014, month: 9, day: 1)! : day()
        lines.append("    from: \(from.iso)")
        if chance(10) { lines.append("    to: \(from.adding(days: int(0...500)).iso)") }
        switch mode {
        case "each":
            lines += ["    repeat: each", "    start: \(pick(["a", "b"]))", "    end: \(pick(["e", "f", "earliest(e, f)"]))"]
        case "chain":
            lines += ["    repeat: chain", "    start: \(pick(["a", "c", "latest(a, c)"]))", "    end: \(pick(["e", "f"]))"]
        default:
            lines.append("    start: \(pick(["a", "latest(a, b)", "earliest(a, c)", "when(outcome == 'yes', b)", "on_or_after(a, c)"]))")
            lines += end()
            if chance(15) { lines.append("    timing: not-before") }
        }
        lines += limit()
        if chance(60) { lines.append("    amber: \(pick(["0 days", "1 day", "\(int(2...40)) days", "\(int(1...6)) weeks"]))") }
        if chance(35) { lines.append("    applies: \(pick(Self.conditions))") }
        if chance(25) {
            lines.append("    closes: \(pick(["outcome == 'gone'", "present(c) and outcome != 'yes'", "as_of > deadline(a, 60 weeks)"]))")
        }
        if chance(20) {
            lines.append("    lapses: \(pick(["present(x) and x < due", "due < deadline(a, 2 weeks)", "as_of > deadline(due, 30 weeks)"]))")
        }
        if chance(25) { lines.append("    ended_by: {date: x, reason: the plan ceased}") }
        if chance(45) {
            let codes = pick(["[p]", "[p, q]", "[q, r]", "[p, q, r]"])
            lines += ["    exceptions:", "      field: excode", "      codes: \(codes)"]
            if chance(50) {
                lines.append("      when: \(pick(["outcome != 'no'", "present(b)", "as_of > deadline(due, 3 weeks)", "not present(c)"]))")
            }
        }
        lines += [
            "    message: Random rule \(i) missed", "    examples:", "      - name: nothing recorded", "        as_of: 2025-01-01",
            "        given: {}", "        expect: none", "",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Conditions for `applies`, some reading the as-of date (alone, or with other fields).
    private static let conditions = [
        "outcome == 'yes'", "outcome != 'no'", "present(b)", "excode in ['p', 'q']", "as_of <= deadline(a, 40 weeks)",
        "as_of >= deadline(b, 10 weeks) or outcome == 'yes'", "year >= 2025", "not present(f)",
    ]

    private mutating func end() -> [String] {
        switch int(0...4) {
        case 0: return []
        case 1: return ["    end: e"]
        case 2: return ["    end: earliest(e, f)"]
        case 3: return ["    end: when(outcome == 'yes', f)"]
        default: return ["    end:", "      - when: outcome == 'no'", "        date: f", "      - date: e"]
        }
    }

    private mutating func limit() -> [String] {
        let period = pick(["\(int(0...60)) days", "\(int(1...30)) weeks", "\(int(1...14)) months", "\(int(1...20)) working days"])
        switch int(0...5) {
        case 0: return ["    limit: {before: 15 February, year: year}"]
        case 1: return ["    limit: {by: 31 March, year: year}"]
        case 2: return ["    limit: {due: \"latest(deadline(start, 3 weeks), b)\"}"]
        case 3: return ["    limit:", "      - when: excode == 'r'", "        period: \(period)", "      - period: 6 weeks"]
        default: return ["    limit: \(period)"]
        }
    }

    // MARK: The data

    private mutating func cell(date: Bool) -> String {
        if chance(30) { return "" }
        if chance(3) { return pick(["31/02/2025", "soon", "2025-13-01"]) }
        return date ? day().iso : ""
    }

    private mutating func wideCases(_ count: Int) -> String {
        var out = "case_id,team,a,b,c,e,f,x,outcome,excode,year\n"
        for n in 0..<count {
            var row = ["W\(n)", pick(["North", "South", ""])]
            for _ in Self.dateFields { row.append(cell(date: true)) }
            row.append(chance(40) ? "" : chance(3) ? "maybe" : pick(["yes", "no", "gone"]))
            row.append(chance(60) ? "" : chance(3) ? "zz" : pick(["p", "q", "r"]))
            row.append(chance(30) ? "" : chance(3) ? "twenty" : String(int(2024...2027)))
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    private mutating func longEvents(_ count: Int) -> String {
        var out = "case_id,event,date,value\n"
        for n in 0..<count {
            for field in Self.dateFields where chance(60) {
                for _ in 0..<int(1...4) { out += "L\(n),\(field),\(chance(3) ? "31/02/2025" : day().iso),\n" }
            }
        }
        return out
    }

    private mutating func evaluationDates() -> [Day] {
        if chance(15) { return (0..<70).map { Day(year: 2024, month: 9, day: 1)!.adding(days: 7 * $0) } }
        var out = (0..<13).map { i in Day(year: 2025 + (i + 1) / 12, month: (i + 1) % 12 + 1, day: 1)!.adding(days: -1) }
        for _ in 0..<int(0...3) { out.append(day()) }
        return out
    }
}
