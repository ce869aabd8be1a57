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
}
