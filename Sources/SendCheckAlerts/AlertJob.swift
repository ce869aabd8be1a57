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
            /// Cases whose changes could not reach their caseworker (their manager was told), and
            /// cases nobody could be told of.
            public var unroutable = 0
            public var unrouted = 0
            /// Open alerts kept as they were because their case's row was rejected tonight, and open
            /// alerts whose case or clock is missing, kept open because the read was partial.
            public var held = 0
            public var undecided = 0
            /// Open alerts resolved as gone from the data.
            public var gone = 0
            /// Digests dropped tonight after waiting longer than `alerts.expire`.
            public var dropped: [DroppedDigest] = []
        }

        public struct Failure: Error, CustomStringConvertible {
            public var description: String
        }

        public var settings: AlertSettings
        public var statePath: String
        public var transport: any MailTransport
        public var waivers = WaiverBook()
        /// Confirms that tonight may resolve as gone more than `alerts.max_gone` of the open alerts.
        public var acceptGone = false
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
                        "\(statePath): the state is as of \(last.iso), after \(options.asOf.iso): an earlier as-of date would alert again what was already sent. "
                        + "If a run went too far ahead (a mistyped --as-of), 'sendcheck alert --rewind \(options.asOf.adding(days: -1).iso)' takes the state back"
                )
            }
            let records = try store.records()
            let (input, ruleSet) = try evaluate(&engine, options: options, records: records, last: last)
            let night = AlertPolicy.night(
                previous: records, current: input.findings, labels: input.labels, rules: nightRules(input, asOf: options.asOf))
            if !acceptGone, night.resolvesTooManyAsGone(share: settings.policy.maxGone) { throw Failure(description: tooManyGone(night)) }
            let expiring = try store.expiring(asOf: options.asOf, days: settings.policy.expireDays)
            let routed = AlertRouting.route(night, settings: settings, dropped: expiring.map(\.digest))
            let renderer = DigestRenderer(rules: ruleSet.rules, asOf: options.asOf)
            let date = Self.rfc5322(now())
            let mails = routed.digests.map { d in
                MailComposer.compose(from: settings.from, to: d.recipient, rendered: renderer.render(d), date: date, runKey: options.asOf.iso)
            }
            try store.record(night, mails: mails, asOf: options.asOf, now: Self.iso(now()), dropping: expiring.map(\.messageID))
            var outcome = Self.outcome(night, routed, dropped: expiring.map(\.digest))
            try deliver(store, into: &outcome)
            try store.finishRun(sent: outcome.sent.count, notSent: outcome.notSent.count, at: Self.iso(now()))
            return outcome
        }

        /// What tonight decided, before delivery: its counts for the summary line.
        static func outcome(_ night: AlertNight, _ routed: AlertRouting.Routed, dropped: [DroppedDigest]) -> Outcome {
            var outcome = Outcome()
            outcome.events = night.events.count
            outcome.digests = routed.digests.count
            outcome.removableWaivers = night.removableWaivers
            outcome.expiredWaivers = night.expiredWaivers
            outcome.open = night.open.count
            outcome.unroutable = Set(routed.unroutable.map(\.key.subject)).count
            outcome.unrouted = Set(routed.unrouted.map(\.key.subject)).count
            (outcome.held, outcome.undecided, outcome.gone) = (night.held.count, night.undecided, night.gone)
            outcome.dropped = dropped
            return outcome
        }

        /// Tonight's findings, with the rules they came from; a partial picture (a source not read
        /// whole, or letting no rule be checked) stops the run before anything is recorded.
        func evaluate(
            _ engine: inout Engine, options: CheckOptions, records: [FindingKey: AlertRecord], last: Day?
        ) throws -> (Engine.AlertInput, RuleSet) {
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
            return (input, ruleSet)
        }

        /// How tonight is decided: a case whose row was rejected tonight is held as it was, and "gone
        /// from the data" is decided only when every rejected row's case is known.
        func nightRules(_ input: Engine.AlertInput, asOf: Day) -> NightRules {
            var rules = NightRules(asOf: asOf, repeatDays: settings.repeatDays, waivers: waivers)
            rules.repeatExcepted = settings.policy.repeatExcepted
            rules.held = Set(input.inputs.flatMap(\.rejectedReferences))
            rules.decideGone = input.inputs.allSatisfy(\.everyRejectedRowNamed)
            return rules
        }

        /// Why a night that would resolve too many alerts as gone stopped, and what to do.
        func tooManyGone(_ night: AlertNight) -> String {
            let percent = night.openBefore > 0 ? 100 * night.gone / night.openBefore : 0
            let limit = settings.policy.maxGone * 100
            let shown = limit == limit.rounded() ? String(Int(limit)) : String(limit)
            return "tonight would resolve \(night.gone) of the \(night.openBefore) open alerts (\(percent)%) as no longer in the data, "
                + "more than alerts.max_gone (\(shown)%): is tonight's export short or filtered? Nothing was recorded or sent. "
                + "If those cases really left, run again with --accept-gone"
        }

        /// Takes the state back to `day` (runs as of later days undone, digests queued after it
        /// dropped), under the run's lock.
        public func rewind(to day: Day) throws -> AlertStore.Rewound {
            let lock = try RunLock(beside: statePath)
            defer { withExtendedLifetime(lock) {} }
            return try AlertStore(path: statePath).rewind(to: day, now: Self.iso(now()))
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
