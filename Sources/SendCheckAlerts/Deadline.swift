#if Alerts
    import SendCheckCore

    /// A moment on the monotonic clock by which something must be done, and what to say when it is
    /// not ("the message was not accepted within 300 s (message_timeout)").
    struct Deadline: Sendable {
        let instant: ContinuousClock.Instant
        let reason: String

        init(seconds: Int, reason: String) {
            instant = ContinuousClock.now.advanced(by: .seconds(seconds))
            self.reason = reason
        }

        var remaining: Swift.Duration { ContinuousClock.now.duration(to: instant) }
        var hasPassed: Bool { remaining <= .zero }

        /// Whole seconds left, rounded up (at least 0).
        var remainingSeconds: Int {
            let (seconds, attoseconds) = remaining.components
            return max(0, Int(seconds) + (attoseconds > 0 ? 1 : 0))
        }

        /// The earlier of two deadlines, with its own reason.
        static func earliest(_ a: Deadline, _ b: Deadline?) -> Deadline {
            guard let b else { return a }
            return b.instant < a.instant ? b : a
        }
    }

    /// What every transport but the outbox keeps over one run (`DeliveryLimits`): the night's
    /// deadline, and the failures in a row. Once either is reached, each later message is not
    /// attempted and stays queued, with the reason.
    struct DeliveryGuard {
        let limits: DeliveryLimits
        /// Who fails ("the server", "GOV.UK Notify", the sendmail program).
        let who: String
        let runDeadline: Deadline
        private(set) var failuresInARow = 0

        init(_ limits: DeliveryLimits, who: String) {
            self.limits = limits
            self.who = who
            runDeadline = Deadline(
                seconds: limits.runSeconds, reason: "the night's sending took longer than \(limits.runSeconds) s (run_timeout)")
        }

        /// Why the next message is not attempted, or nil when it may go.
        var stopped: String? {
            if failuresInARow >= limits.failuresInARow { return "not attempted: \(who) failed \(failuresInARow) times in a row" }
            if runDeadline.hasPassed { return "not attempted: \(runDeadline.reason)" }
            return nil
        }

        /// Counts a delivery: a failure or a transient refusal adds to the run, an acceptance or a
        /// permanent refusal (an answer about that message alone) ends it.
        mutating func count(_ delivery: Delivery) {
            switch delivery {
            case .accepted, .refused(permanent: true, _): failuresInARow = 0
            case .failed, .refused(permanent: false, _): failuresInARow += 1
            }
        }
    }
#endif
