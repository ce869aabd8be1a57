import Dispatch
import Foundation
import SendCheckCore

/// `Concurrently` on every core, through Dispatch. Each call of `body` writes only what its own
/// index owns (see `Concurrently`).
public let onEveryCore: Concurrently = { count, body in
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: count) { body($0) }
    }
}

extension ReportContext {
    /// A context whose reporters render batches of findings on every core.
    public static func everyCore(toolVersion: String, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> ReportContext {
        ReportContext(toolVersion: toolVersion, lanes: cores, concurrently: onEveryCore)
    }
}
