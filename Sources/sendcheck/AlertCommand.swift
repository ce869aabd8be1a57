import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

#if Alerts
    import SendCheckAlerts
#endif

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
            2 could not run (configuration, data, state); 64 usage error; 75 another run holds the state's lock.
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

    func validate() throws {
        if !input.plans.isEmpty { throw ValidationError("alert reads case data only; plans go to the board report (sendcheck report)") }
        if smtp != nil, outbox != nil { throw ValidationError("--smtp and --outbox cannot be used together") }
    }

    /// Another run holds the lock: `EX_TEMPFAIL`, so cron's wrapper can tell "try later" from "broken".
    static let busy: Int32 = 75

    func run() throws {
        #if Alerts
            try runJob()
        #else
            Console.error(
                "sendcheck: this sendcheck was built without the alert job; build it with `swift build --traits Alerts` or install it with `make install`")
            throw ExitCode(Exit.couldNotRun)
        #endif
    }
}

#if Alerts
    extension AlertCommand {
        func runJob() throws {
            var inputs = input.engineInputs
            inputs.sen2 = returns.sen2
            var engine = Engine(inputs)
            guard engine.ruleSet != nil else {
                Console.report(engine.diagnostics)
                throw ExitCode(Exit.couldNotRun)
            }
            guard let settings = engine.configuration?.alerts else {
                Console.report(engine.diagnostics)
                Console.error("sendcheck: no 'alerts:' section in the configuration; docs/alerts.md shows one")
                throw ExitCode(Exit.couldNotRun)
            }
            let folder = engine.configuration.map { FileSource.folder(of: $0.path) } ?? "."
            let options = dates.options(rag: engine.configuration?.rag ?? .standard, defaultAsOf: dates.sen2Default(engine))
            let transport: any MailTransport
            do {
                transport = try Transports.make(settings, smtp: smtp, outbox: outbox, folder: folder)
            } catch {
                Console.error("sendcheck: \(error)")
                throw ExitCode(Exit.couldNotRun)
            }
            var job = AlertJob(settings: settings, statePath: "", transport: transport)
            if test {
                let outcome = job.fireDrill(asOf: options.asOf)
                try summarise(outcome, asOf: options.asOf, drill: true)
                return
            }
            guard let statePath = state ?? settings.state.map({ FileSource.resolve($0, against: folder) }) else {
                Console.error("sendcheck: no state file: set alerts.state in the configuration or give --state")
                throw ExitCode(Exit.couldNotRun)
            }
            job.statePath = statePath
            let waiverPaths = waivers.isEmpty ? settings.waivers.map { FileSource.resolve($0, against: folder) } : waivers
            guard let book = engine.readWaivers(waiverPaths, asOf: options.asOf) else {
                Console.report(engine.diagnostics)
                throw ExitCode(Exit.couldNotRun)
            }
            job.waivers = book
            let outcome: AlertJob.Outcome
            do {
                outcome = try job.run(engine: &engine, options: options)
            } catch let busy as RunLock.Busy {
                Console.error("sendcheck: \(busy)")
                throw ExitCode(Self.busy)
            } catch {
                Console.report(engine.diagnostics)
                Console.error("sendcheck: \(error)")
                throw ExitCode(Exit.couldNotRun)
            }
            Console.report(engine.diagnostics)
            try summarise(outcome, asOf: options.asOf, drill: false)
        }

        func summarise(_ o: AlertJob.Outcome, asOf: Day, drill: Bool) throws {
            var text =
                drill
                ? "sendcheck alert --test: \(o.digests) test messages, \(o.sent.count) sent, \(o.notSent.count) not sent\n"
                : "sendcheck alert: as of \(asOf.iso): \(o.events) changes, \(o.digests) digests, \(o.sent.count) sent, \(o.notSent.count) not sent; \(o.open) alerts open\n"
            for w in o.expiredWaivers { text += "waiver ended \(w.until.iso) at \(w.at): \(w.subject) \(w.rule) alerts again\n" }
            for w in o.removableWaivers { text += "waiver at \(w.at) can be removed: \(w.subject) \(w.rule) is no longer due or overdue\n" }
            try Console.out(text)
            for n in o.notSent { Console.error("sendcheck: not sent to \(n.recipient): \(Escaping.shown(n.why, limit: 300))") }
            if !o.notSent.isEmpty { throw ExitCode(Exit.findings) }
        }
    }
#endif
