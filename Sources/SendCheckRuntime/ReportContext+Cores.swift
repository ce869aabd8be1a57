import Dispatch
import Foundation
import SendCheckCore

extension ReportContext {
    /// A context whose reporters render batches of findings on every core.
    public static func everyCore(toolVersion: String, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> ReportContext {
        ReportContext(toolVersion: toolVersion, lanes: cores) { count, body in
            // Each call of `body` writes only its own batch's buffer (see `FindingBatches`).
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: count) { body($0) }
            }
        }
    }
}
