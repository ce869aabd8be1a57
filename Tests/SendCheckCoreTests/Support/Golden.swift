import Foundation
import Testing

/// Compares text with a golden file under `Tests/SendCheckCoreTests/Golden/`.
/// `RECORD_GOLDENS=1 swift test` rewrites them; a missing golden is written and the test fails.
enum Golden {
    static func assert(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = Fixtures.path("Tests/SendCheckCoreTests/Golden/\(name)")
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"
        guard !record, let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record(
                "golden \(name) was \(record ? "re-recorded" : "missing and has been recorded"); check it and run again",
                sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
            Issue.record(
                "output differs from golden \(name) at line \(line + 1):\n  expected: \(line < e.count ? e[line] : "<end>")\n  actual:   \(line < a.count ? a[line] : "<end>")\n(RECORD_GOLDENS=1 to accept)",
                sourceLocation: sourceLocation)
        }
    }
}
