import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// The as-of date and history window.
struct DateOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Evaluate as of this date (ISO 2025-06-30 or UK 30/06/2025). Default: today in Europe/London.", valueName: "date"),
        transform: Day.argument)
    var asOf: Day?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Findings that ended before this date are history and not reported. Default: 12 months before --as-of.", valueName: "date"),
        transform: Day.argument)
    var since: Day?

    func validate() throws {
        if let since, let asOf, since > asOf {
            throw ValidationError("--since \(since) is after --as-of \(asOf); the history window ends at the as-of date")
        }
    }

    func options(listAll: Bool = false, rag: RAGMapping = .standard, defaultAsOf: Day? = nil) -> CheckOptions {
        CheckOptions(asOf: asOf ?? defaultAsOf ?? SystemClock.today(), since: since, listAll: listAll, rag: rag)
    }

    /// For SEN2 returns, the as-of date defaults to their reference date: a return holds nothing that
    /// happened after it, so later dates would turn every open clock overdue.
    func sen2Default(_ engine: Engine) -> Day? {
        guard asOf == nil, let date = engine.sen2ReferenceDate() else { return nil }
        Console.error("sendcheck: as of \(date), the reference date of the SEN2 return (use --as-of to choose another date)")
        return date
    }
}

extension Day {
    /// Reads a date argument, saying why one cannot be read (`31/02/2026 is not a real day`).
    static func argument(_ text: String) throws -> Day {
        switch DateParser.parse(text) {
        case .success(let d): return d
        case .failure(let f): throw ValidationError(f.message(for: text))
        }
    }
}

/// `--color`: whether the text report is coloured.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Auto: standard output is a terminal, `NO_COLOR` is not set (https://no-color.org) and the terminal is not "dumb".
    var enabled: Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }
}
