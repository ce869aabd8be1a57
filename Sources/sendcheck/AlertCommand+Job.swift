#if Alerts
    import ArgumentParser
    import Foundation
    import SendCheckAlerts
    import SendCheckCore
    import SendCheckRuntime
#endif

#if Alerts
    extension AlertCommand {
        func runJob() throws {
            var engine = try Engine.loaded(input, returns)
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
            job.acceptGone = acceptGone
            if let rewind { return try runRewind(job, to: rewind) }
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
            } catch let failure as AlertJob.RecordingFailure {
                Console.report(engine.diagnostics)
                Console.error("sendcheck: \(failure)")
                throw ExitCode(Exit.outputFailed)
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
                : "sendcheck alert: as of \(asOf.iso): \(o.events) changes, \(o.digests) digests, \(o.sent.count) sent, \(o.notSent.count) not sent; \(o.open) alerts open"
                    + Self.routing(o) + "\n"
            text += Self.partial(o)
            for w in o.expiredWaivers { text += "waiver ended \(w.until.iso) at \(w.at): \(w.subject) \(w.rule) alerts again\n" }
            for w in o.removableWaivers { text += "waiver at \(w.at) can be removed: \(w.subject) \(w.rule) is no longer due or overdue\n" }
            try Console.out(text)
            for n in o.notSent { Console.error("sendcheck: not sent to \(n.recipient): \(Escaping.shown(n.why, limit: 300))") }
            if !o.notSent.isEmpty { throw ExitCode(Exit.findings) }
        }
    }
#endif
