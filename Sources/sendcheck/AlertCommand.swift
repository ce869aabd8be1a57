import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// `sendcheck alert`: the nightly job that emails each caseworker and manager a digest.
struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Email each caseworker and manager what is due soon, overdue, newly late and resolved (the nightly job).",
        discussion: """
            Evaluates the case data as of today (or --as-of), compares it with the state kept from earlier runs \
            (alerts.state, or --state) and sends one digest per recipient: never one email per case, never the same \
            alert every night. Configured under 'alerts:' in sendcheck.yaml (docs/alerts.md). \
            Exit codes: 0 every digest sent (or none due); 1 some digests not sent (they go on the next run); \
            2 could not run (configuration, data, state, or a night that would resolve more than alerts.max_gone \
            of the open alerts as gone); 64 usage error; 74 a delivery could not be recorded in the state \
            (sending stopped); 75 another run holds the state's lock.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var returns: SEN2Options
    @OptionGroup var dates: DateOptions

    @Option(name: .long, help: ArgumentHelp("The state file (SQLite). Default: alerts.state in the configuration.", valueName: "path"))
    var state: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Send through this SMTP server instead of the configured transport: smtp://host:port, smtp+starttls://host:587 or smtps://host:465.",
            valueName: "url"))
    var smtp: String?

    @Option(name: .long, help: ArgumentHelp("Write each message as an .eml file into this folder instead of sending it.", valueName: "path"))
    var outbox: String?

    @Option(name: .long, help: ArgumentHelp("A waiver file (repeatable). Default: alerts.waivers in the configuration.", valueName: "path"))
    var waivers: [String] = []

    @Flag(name: .long, help: "Send a fire-drill message to every configured recipient (team managers, head of service) and record nothing.")
    var test = false

    @Flag(help: "Confirm that tonight may resolve as gone from the data more open alerts than alerts.max_gone allows: the cases really left.")
    var acceptGone = false

    @Flag(help: "Allow an --as-of date after tomorrow (a rehearsal of a future night: the state stays as of that date).")
    var allowFuture = false

    @Option(
        help: ArgumentHelp(
            "Take the state back to this date: undo the runs as of later dates, drop the digests they queued, record what was undone. Sends nothing.",
            valueName: "date"), transform: Day.argument)
    var rewind: Day?

    func validate() throws {
        if !input.plans.isEmpty { throw ValidationError("alert reads case data only; plans go to the board report (sendcheck report)") }
        if smtp != nil, outbox != nil { throw ValidationError("--smtp and --outbox cannot be used together") }
        if rewind != nil, test || acceptGone || dates.asOf != nil {
            throw ValidationError("--rewind only takes the state back; it cannot be used with --as-of, --test or --accept-gone")
        }
        if let asOf = dates.asOf, !allowFuture, asOf > SystemClock.today().adding(days: 1) {
            throw ValidationError(
                "--as-of \(asOf.iso) is after tomorrow: the digests would be for a day that has not come, and the state would stay as of it. "
                    + "Check the date, or add --allow-future to rehearse a future night")
        }
    }

    /// Another run holds the lock: `EX_TEMPFAIL`, so cron's wrapper can tell "try later" from "broken".
    static let busy: Int32 = 75

    func run() throws {
        #if Alerts
            try runJob()
        #else
            Console.error(
                "sendcheck: this sendcheck was built without the alert job; build it with `swift build --traits Alerts` or install it with `make install`"
            )
            throw ExitCode(Exit.couldNotRun)
        #endif
    }
}
