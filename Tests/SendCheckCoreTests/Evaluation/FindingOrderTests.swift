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

@Suite("Finding order at national scale")
struct FindingOrderLargeTests {
    /// Findings with references that share prefixes of eight bytes and more, ties on reference and
    /// start in several places, and references shorter and longer than eight bytes.
    static func findings(count: Int, seed: UInt64, extra: String? = nil) -> [Finding] {
        var x = seed | 1
        func next(_ bound: Int) -> Int {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return Int(x % UInt64(bound))
        }
        var findings: [Finding] = (0..<count).map { _ in
            let id = [
                "P\(String(next(40), radix: 16))", "P00000\(next(9))-2025010\(next(3))", "CASE-\(next(300))",
                "P0000d8dc6c1596d8-2021\(next(5))",
            ][next(4)]
            return Finding(
                rule: 0, subject: id, source: Int32(next(2)), line: Int32(next(50)), status: .met, start: Day(number: 20000 + next(4)),
                due: nil, completed: nil)
        }
        if let extra { findings.insert(Finding(rule: 0, subject: extra, status: .met, start: nil, due: nil, completed: nil), at: count / 2) }
        return findings
    }

    /// The order by its definition: reference as strings, start, source, line; stable beyond that.
    static func expected(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.subject != y.subject { return x.subject < y.subject }
            let (s, t) = (x.start?.number ?? Int.min, y.start?.number ?? Int.min)
            if s != t { return s < t }
            if x.source != y.source { return x.source < y.source }
            return x.line != y.line ? x.line < y.line : a.offset < b.offset
        }.map(\.element)
    }

    /// The first place where two orders differ, shown as reference|start|source|line (nil: none).
    static func difference(_ a: [Finding], _ b: [Finding]) -> String? {
        func place(_ f: Finding) -> String { "\(f.subject)|\(f.start?.number ?? 0)|\(f.source)|\(f.line)" }
        guard a.count == b.count else { return "\(a.count) findings, not \(b.count)" }
        guard let i = a.indices.first(where: { place(a[$0]) != place(b[$0]) }) else { return nil }
        return "at \(i): \(place(a[i])), expected \(place(b[i]))"
    }

    @Test("thousands of ASCII references (sorted by prefix a byte at a time) come out in the defined order", arguments: [600, 5000])
    func radix(count: Int) {
        let findings = Self.findings(count: count, seed: UInt64(count))
        #expect(count >= RadixSort.minimum)
        #expect(Self.difference(FindingOrder.sorted(findings), Self.expected(findings)) == nil)
        let parts = FindingOrder.sorted(parts: [Array(findings[..<(count / 3)]), Array(findings[(count / 3)...])])
        #expect(Self.difference(parts.flatMap { $0 }, Self.expected(findings)) == nil)
    }

    @Test("one reference that is not ASCII sends the same findings through the comparison sort, to the same order")
    func notASCII() {
        let findings = Self.findings(count: 3000, seed: 7, extra: "Zoë")
        #expect(Self.difference(FindingOrder.sorted(findings), Self.expected(findings)) == nil)
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
