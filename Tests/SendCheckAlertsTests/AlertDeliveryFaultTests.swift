#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore
    @testable import SendCheckRuntime

    /// The job fails closed: a state that cannot be written stops sending at once, and at most one
    /// digest goes twice.
    @Suite("Alert job faults")
    struct AlertDeliveryFaultTests {
        typealias Job = AlertJobTests

        /// The real state, failing as a full disk does once `recordable` acceptances are recorded.
        final class FullDiskLedger: DeliveryLedger {
            struct DiskFull: Error, CustomStringConvertible {
                var description: String { "SQLite error 13: database or disk is full" }
            }

            let store: AlertStore
            var recordable: Int

            init(_ store: AlertStore, recordable: Int) {
                self.store = store
                self.recordable = recordable
            }

            func pending() throws -> [AlertStore.Queued] { try store.pending() }

            func delivered(_ messageID: String, reply: String, at now: String) throws {
                guard recordable > 0 else { throw DiskFull() }
                recordable -= 1
                try store.delivered(messageID, reply: reply, at: now)
            }

            func notDelivered(_ messageID: String, why: String) throws {
                guard recordable > 0 else { throw DiskFull() }
                try store.notDelivered(messageID, why: why)
            }
        }

        @Test("a state that cannot be written stops sending at once: one digest at most goes twice the next night")
        func stateFull() throws {
            let folder = try Job.Folder()
            let recorder = Job.Recorder()
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\nC2,North,sam@example.gov.uk,2026-10-02,,,,\n"
            // The first night queues four digests and the server takes none.
            recorder.answer = { _ in .failed(detail: "421 try later") }
            _ = try Job.night(folder, csv, day, transport: recorder)
            recorder.answer = { _ in .accepted(detail: "250 OK") }
            recorder.handed = []
            let store = try AlertStore(path: folder.path + "/alerts.sqlite")
            var job = AlertJob(settings: Job.settings, statePath: folder.path + "/alerts.sqlite", transport: recorder)
            job.now = { Date(timeIntervalSince1970: 1_796_000_000) }
            var outcome = AlertJob.Outcome()
            let failure = try #require(throws: AlertJob.RecordingFailure.self) {
                try job.deliver(FullDiskLedger(store, recordable: 1), into: &outcome)
            }
            let second = recorder.handed[1].to
            #expect(recorder.handed.count == 2, "nothing is handed over after the acceptance that could not be recorded")
            #expect(
                failure.description
                    == "\(folder.path)/alerts.sqlite: cannot record that the digest to \(second) was accepted (SQLite error 13: database or disk is full); sending stopped at once. That digest may be sent again on the next run, under the same Message-ID. 1 digest was sent and recorded before it; 2 were not attempted and stay queued. Free the disk (or fix the state's folder) and run again"
            )
            #expect(try store.counts().queued == 3)
            let firstNight = recorder.handed.map(\.messageID)
            recorder.handed = []
            _ = try Job.night(folder, csv, day, transport: recorder)
            let nextNight = recorder.handed.map(\.messageID)
            #expect(nextNight.count == 3 && Set(firstNight).intersection(nextNight) == [firstNight[1]], "the one unrecorded digest, once more")
            #expect(try store.counts().queued == 0)
        }

        @Test("a failure that cannot be recorded stops sending too: nothing is lost, nothing doubled")
        func failureUnrecorded() throws {
            let folder = try Job.Folder()
            let recorder = Job.Recorder()
            recorder.answer = { _ in .failed(detail: "421 try later") }
            _ = try Job.night(folder, "C1,North,jo@example.gov.uk,2026-10-01,,,,\n", Day(year: 2026, month: 12, day: 1)!, transport: recorder)
            recorder.handed = []
            let store = try AlertStore(path: folder.path + "/alerts.sqlite")
            let job = AlertJob(settings: Job.settings, statePath: folder.path + "/alerts.sqlite", transport: recorder)
            var outcome = AlertJob.Outcome()
            let failure = try #require(throws: AlertJob.RecordingFailure.self) {
                try job.deliver(FullDiskLedger(store, recordable: 0), into: &outcome)
            }
            #expect(recorder.handed.count == 1)
            #expect(failure.description.contains("was not accepted (SQLite error 13: database or disk is full); sending stopped at once. 0 digests"))
            #expect(try store.counts().queued == 3)
        }
    }
#endif
