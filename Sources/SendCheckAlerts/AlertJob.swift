#if Alerts
    import Foundation
    import SendCheckCore
    import SendCheckRuntime

    /// One night of the alert job: lock, read the state, evaluate, decide, record, deliver.
    public struct AlertJob {
        public struct Outcome: Sendable {
            public var events = 0
            public var digests = 0
            /// Queued digests accepted tonight (earlier nights' leftovers included).
            public var sent: [String] = []
            /// Recipient and why, for each digest not accepted.
            public var notSent: [(recipient: String, why: String)] = []
            public var removableWaivers: [Waiver] = []
            public var expiredWaivers: [Waiver] = []
            public var open = 0
        }

        public struct Failure: Error, CustomStringConvertible {
            public var description: String
        }

        public var settings: AlertSettings
        public var statePath: String
        public var transport: any MailTransport
        public var waivers = WaiverBook()
        /// The wall clock, for the Date header and the run's timestamps (tests inject one).
        public var now: () -> Date = { Date() }

        public init(settings: AlertSettings, statePath: String, transport: any MailTransport) {
            self.settings = settings
            self.statePath = statePath
            self.transport = transport
        }

        public func run(engine: inout Engine, options: CheckOptions) throws -> Outcome {
            let lock = try RunLock(beside: statePath)
            defer { withExtendedLifetime(lock) {} }
            let store = try AlertStore(path: statePath)
            let last = try store.lastRun()
            if let last, last > options.asOf {
                throw Failure(
                    description:
                        "\(statePath): the state is as of \(last.iso), after \(options.asOf.iso): an earlier as-of date would alert again what was already sent"
                )
            }
            let records = try store.records()
            var watched: [String: Set<String>] = [:]
            for r in records.values where r.isOpen { watched[r.key.subject, default: []].insert(r.key.rule) }
            let breachesSince = last.map { $0.adding(days: 1) } ?? options.asOf.adding(days: -settings.repeatDays)
            guard let ruleSet = engine.ruleSet, let input = engine.alertInput(options, watched: watched, breachesSince: breachesSince) else {
                throw Failure(description: "the rules could not be loaded")
            }
            guard input.complete else {
                throw Failure(
                    description:
                        "a source could not be read whole or lets no rule be checked: nothing was recorded or sent (an incomplete picture would resolve open alerts)"
                )
            }
            let night = AlertPolicy.night(
                previous: records, current: input.findings, labels: input.labels, asOf: options.asOf, repeatDays: settings.repeatDays,
                waivers: waivers)
            let digests = AlertRouting.digests(night, settings: settings)
            let renderer = DigestRenderer(rules: ruleSet.rules, asOf: options.asOf)
            let date = Self.rfc5322(now())
            let mails = digests.map { d in
                MailComposer.compose(from: settings.from, to: d.recipient, rendered: renderer.render(d), date: date, runKey: options.asOf.iso)
            }
            try store.record(night, mails: mails, asOf: options.asOf, now: Self.iso(now()))
            var outcome = Outcome()
            outcome.events = night.events.count
            outcome.digests = digests.count
            outcome.removableWaivers = night.removableWaivers
            outcome.expiredWaivers = night.expiredWaivers
            outcome.open = night.open.count
            try deliver(store, into: &outcome)
            try store.finishRun(sent: outcome.sent.count, notSent: outcome.notSent.count, at: Self.iso(now()))
            return outcome
        }

        /// Sends every queued digest. Each message's fate is recorded before the next one is
        /// attempted; if it cannot be (a full disk), sending stops at once, so at most that one digest
        /// goes again on the next run.
        func deliver(_ store: some DeliveryLedger, into outcome: inout Outcome) throws {
            let queued = try store.pending()
            guard !queued.isEmpty else { return }
            let mails = queued.map { q in
                var m = q.mail
                m.from = settings.from
                return m
            }
            var sent: [String] = []
            var notSent: [(String, String)] = []
            defer {
                outcome.sent += sent
                outcome.notSent += notSent
            }
            do {
                try transport.deliver(mails) { i, delivery in
                    do {
                        if case .accepted(let reply) = delivery {
                            try store.delivered(mails[i].messageID, reply: reply, at: Self.iso(now()))
                        } else {
                            try store.notDelivered(mails[i].messageID, why: delivery.detail)
                        }
                    } catch {
                        throw Unrecorded(index: i, accepted: delivery.isAccepted, error: error)
                    }
                    if delivery.isAccepted { sent.append(mails[i].to) } else { notSent.append((mails[i].to, delivery.detail)) }
                }
            } catch let failure as Unrecorded {
                throw recordingFailure(failure, mails: mails, sent: sent.count)
            }
        }

        /// A fire drill: one message to every configured recipient (team managers, head of
        /// service), through the configured transport, recorded nowhere.
        public func fireDrill(asOf: Day) -> Outcome {
            var recipients = Set(settings.teams.values)
            if let s = settings.service { recipients.insert(s) }
            let date = Self.rfc5322(now())
            let mails = recipients.sorted().map { to in
                let text = """
                    This is a test of sendcheck's nightly alerts, sent with --test on \(DayFormat.long(asOf)).

                    If you can read this, digests about your cases and teams will reach you at this address \
                    through \(transport.name). Nothing needs doing.

                    """
                let rendered = DigestRenderer.Rendered(
                    subject: "SEND deadlines: test message", text: text,
                    html: "<!DOCTYPE html><html lang=\"en\"><body><p>\(XMLText.escape(text))</p></body></html>\n")
                return MailComposer.compose(from: settings.from, to: to, rendered: rendered, date: date, runKey: "test \(Self.iso(now()))")
            }
            var outcome = Outcome()
            outcome.digests = mails.count
            transport.deliver(mails) { i, delivery in
                if delivery.isAccepted { outcome.sent.append(mails[i].to) } else { outcome.notSent.append((mails[i].to, delivery.detail)) }
            }
            return outcome
        }

        static func rfc5322(_ date: Date) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
            return f.string(from: date)
        }

        static func iso(_ date: Date) -> String {
            let f = ISO8601DateFormatter()
            return f.string(from: date)
        }
    }
#endif
