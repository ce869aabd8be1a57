#if Alerts
    import GRDB
    import SendCheckCore

    /// What delivery needs of the state: the queue, and a record of each message's fate, written
    /// before the next message is attempted. `AlertStore` is the real one; a test's may fail on
    /// purpose, as a full disk does.
    protocol DeliveryLedger {
        func pending() throws -> [AlertStore.Queued]
        func delivered(_ messageID: String, reply: String, at now: String) throws
        func notDelivered(_ messageID: String, why: String) throws
    }

    extension AlertStore: DeliveryLedger {}

    extension AlertJob {
        /// The state could not be written after sending began (a full disk): sending stopped at
        /// once. `sendcheck alert` exits 74 with this.
        public struct RecordingFailure: Error, CustomStringConvertible {
            public var description: String
        }

        /// SQLite's code and words, without the statement that failed.
        static func describe(_ error: any Error) -> String {
            guard let error = error as? DatabaseError else { return "\(error)" }
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }

        /// The fate of one message could not be recorded.
        struct Unrecorded: Error {
            var index: Int
            var accepted: Bool
            var error: any Error
        }

        /// What is said when recording fails: which digest, why, and what became of the rest.
        func recordingFailure(_ failure: Unrecorded, mails: [OutgoingMail], sent: Int) -> RecordingFailure {
            let to = mails[failure.index].to
            let rest = mails.count - failure.index - 1
            let why = Self.describe(failure.error)
            let what =
                failure.accepted
                ? "cannot record that the digest to \(to) was accepted (\(why)); sending stopped at once. That digest may be sent again on the next run, under the same Message-ID"
                : "cannot record that the digest to \(to) was not accepted (\(why)); sending stopped at once"
            let before = sent == 1 ? "1 digest was" : "\(sent) digests were"
            let after = rest == 1 ? "1 was" : "\(rest) were"
            return RecordingFailure(
                description:
                    "\(statePath): \(what). \(before) sent and recorded before it; \(after) not attempted and stay queued. Free the disk (or fix the state's folder) and run again"
            )
        }
    }
#endif
