#if Alerts
    import ArgumentParser
    import Foundation
    import SendCheckAlerts
    import SendCheckCore
    import SendCheckRuntime
#endif

#if Alerts
    extension AlertCommand {
        /// `--rewind DATE`: takes the state back and says what was undone.
        func runRewind(_ job: AlertJob, to day: Day) throws {
            let undone: AlertStore.Rewound
            do {
                undone = try job.rewind(to: day)
            } catch let busy as RunLock.Busy {
                Console.error("sendcheck: \(busy)")
                throw ExitCode(Self.busy)
            } catch {
                Console.error("sendcheck: \(error)")
                throw ExitCode(Exit.couldNotRun)
            }
            guard !undone.runs.isEmpty else {
                try Console.out("sendcheck alert --rewind: the state has no run after \(day.iso); nothing to undo\n")
                return
            }
            let dates = undone.runs.map(\.iso).joined(separator: ", ")
            var text = "sendcheck alert --rewind: the state is as of \(day.iso) again: "
            text += "undid \(Self.count(undone.runs.count, "run")) (as of \(dates)), "
            text += "\(Self.count(undone.alerts, "alert")) put back, \(Self.count(undone.queuedDropped, "queued digest")) dropped\n"
            if undone.deliveredKept > 0 {
                text += "\(Self.count(undone.deliveredKept, "digest")) already sent for those dates cannot be unsent: kept in the state as a record\n"
            }
            if undone.approximate > 0 {
                text += "\(Self.count(undone.approximate, "run")) recorded before the state kept what each run changed, undone by their dates "
                text += "(alerts first seen after \(day.iso) removed, those resolved after it open again)\n"
            }
            try Console.out(text)
        }

        /// `1 run`, `3 runs`.
        static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

        /// The summary line's end: cases whose caseworker could not be emailed, and those nobody could.
        static func routing(_ o: AlertJob.Outcome) -> String {
            var text = ""
            if o.unroutable > 0 {
                text += "; \(o.unroutable) case\(o.unroutable == 1 ? "" : "s") whose caseworker could not be emailed went to the team's manager"
            }
            if o.unrouted > 0 { text += "; \(o.unrouted) case\(o.unrouted == 1 ? "" : "s") reached nobody (see the service digest)" }
            return text
        }

        /// Lines for what a partial picture kept open, and for digests dropped after alerts.expire.
        static func partial(_ o: AlertJob.Outcome) -> String {
            var text = ""
            if o.held > 0 {
                text += "\(o.held) open alert\(o.held == 1 ? "" : "s") kept as they were: their case's row was rejected tonight (errors above)\n"
            }
            if o.undecided > 0 {
                text += "\(o.undecided) open alert\(o.undecided == 1 ? "" : "s") whose case or clock is missing stay open: "
                text += "a rejected row's case could not be told, so nothing is taken as gone tonight\n"
            }
            for d in o.dropped {
                text +=
                    "dropped the digest to \(Escaping.shown(d.recipient, limit: 80)) queued as of \(d.asOf.iso): not accepted in \(d.attempts) attempts\n"
            }
            return text
        }
    }
#endif
