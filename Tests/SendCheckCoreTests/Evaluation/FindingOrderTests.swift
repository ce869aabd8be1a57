import SendCheckCore
import Testing

@Suite("Finding order")
struct FindingOrderTests {
    @Test("findings are put in string order of reference, then start, whatever the references look like")
    func sameAsStringOrder() {
        // Short, long, shared prefixes, non-ASCII, a NUL, the empty string, and one reference with several starts.
        let ids = [
            "C10", "C2", "C1", "CASE-000123", "CASE-000012", "CASE-0001", "P3f9a0c4e1b2d7a66-20250303", "P3f9a0c4e1b2d7a66-20240101",
            "Zoë", "Zoe", "Éa", "A\u{0}", "A", "AB", "", "C1", "C1", "Z\u{0}Z", "Z",
        ]
        var findings: [Finding] = []
        for (i, id) in ids.enumerated() {
            let start = Day(number: 20000 + (i * 7919) % 97)
            findings.append(Finding(rule: 0, subject: id, status: .met, start: start, due: start, completed: start))
        }
        let expected = findings.sorted { a, b in
            a.subject != b.subject ? a.subject < b.subject : (a.start?.number ?? Int.min) < (b.start?.number ?? Int.min)
        }
        let sorted = FindingOrder.sorted(findings)
        #expect(sorted.map(\.subject) == expected.map(\.subject))
        #expect(sorted.map { $0.start?.number ?? 0 } == expected.map { $0.start?.number ?? 0 })
        // Already in order: unchanged.
        #expect(FindingOrder.sorted(expected).map(\.subject) == expected.map(\.subject))
    }

    @Test("findings that tie on reference and start are put in order of source, then line, whatever order they came in")
    func tiesByPlace() {
        // Two persons given one reference (read by different cores, in either order).
        let start = Day(number: 20000)
        let places: [(Int32, Int32)] = [(1, 900), (0, 40), (1, 12), (0, 7), (1, 900)]
        let findings = places.map { Finding(rule: 0, subject: "P1", source: $0.0, line: $0.1, status: .met, start: start, due: nil, completed: nil) }
        let sorted = FindingOrder.sorted(findings)
        #expect(sorted.map { [$0.source, $0.line] } == [[0, 7], [0, 40], [1, 12], [1, 900], [1, 900]])
        let lists = FindingOrder.sorted(parts: [Array(findings[0...1]), Array(findings[2...])])
        #expect(lists.flatMap { $0.map(\.line) } == [7, 40, 12, 900, 900])
    }
}

@Suite("Finding order across lists")
struct FindingOrderPartsTests {
    static func findings(_ ids: [String]) -> [Finding] {
        ids.map { Finding(rule: 0, subject: $0, status: .met, start: Day(number: 20000), due: nil, completed: nil) }
    }

    @Test("lists already in order, each and across their joins, are kept as they are")
    func inOrderKept() {
        let parts = [Self.findings(["A1", "A2"]), [], Self.findings(["A3"]), Self.findings(["A3", "B1"])]
        let sorted = FindingOrder.sorted(parts: parts)
        #expect(sorted.count == 3)
        #expect(sorted.flatMap { $0.map(\.subject) } == ["A1", "A2", "A3", "A3", "B1"])
    }

    @Test("a join out of order, or a list out of order, gives one sorted list")
    func outOfOrderSorted() {
        let acrossJoin = FindingOrder.sorted(parts: [Self.findings(["A1", "C1"]), Self.findings(["B1", "D1"])])
        #expect(acrossJoin.map { $0.map(\.subject) } == [["A1", "B1", "C1", "D1"]])
        let within = FindingOrder.sorted(parts: [Self.findings(["A1"]), Self.findings(["C1", "B1"])])
        #expect(within.map { $0.map(\.subject) } == [["A1", "B1", "C1"]])
    }
}
