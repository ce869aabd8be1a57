import SendCheckCore
import Testing

/// Reports rendered in batches on several lanes must be byte for byte the report rendered in one go.
@Suite("Reports rendered in batches")
struct FindingBatchesTests {
    /// Runs the batches of a round last to first, as threads finishing out of order might.
    static func context(batch: Int, lanes: Int) -> ReportContext {
        ReportContext(toolVersion: "0.0.0-test", lanes: lanes, findingsPerBatch: batch) { count, body in
            for i in (0..<count).reversed() { body(i) }
        }
    }

    @Test("JSON and text are the same for any batch size and number of lanes", arguments: [1, 2, 3, 7])
    func sameBytes(batch: Int) {
        let result = ReporterGoldenTests.result(listAll: true)
        #expect(result.findings.count > 20, "the fixture must span several batches")
        let plain = ReportContext(toolVersion: "0.0.0-test")
        for reporter in Reporters.all {
            let expected = reporter.render(result, context: plain)
            for lanes in [2, 3] {
                #expect(reporter.render(result, context: Self.context(batch: batch, lanes: lanes)) == expected)
            }
        }
    }

    @Test("batches cover every finding once, in order, at most the size asked")
    func batches() {
        let findings = (0..<10).map { Finding(rule: 0, subject: "S\($0)", status: .met, start: nil, due: nil, completed: nil) }
        let list = FindingList([Array(findings[0..<3]), [], Array(findings[3..<10])])
        for size in 1...11 {
            let batches = list.batches(of: size)
            #expect(batches.allSatisfy { $0.reduce(0) { $0 + $1.count } <= size })
            #expect(batches.flatMap { $0.flatMap { $0.map(\.subject) } } == findings.map(\.subject))
        }
    }
}
