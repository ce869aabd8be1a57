#if Alerts
    import Foundation
    import GRDB
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore
    @testable import SendCheckRuntime

    /// The alert job on partial pictures, mistaken dates and hostile data, over real files: each test
    /// reproduces a night that once misled someone.
    @Suite("The alert job's safeguards")
    struct AlertSafeguardTests {
        typealias Jobs = AlertJobTests
        static let d1 = Day(year: 2026, month: 12, day: 1)!

        /// One night over `csv` (after the usual header), with the given settings and transport.
        static func night(
            _ folder: Jobs.Folder, _ csv: String, _ day: Day, settings: AlertSettings = Jobs.settings, transport: (any MailTransport)? = nil,
            acceptGone: Bool = false
        ) throws -> AlertJob.Outcome {
            let cases = try folder.write("cases.csv", Jobs.header + csv)
            var engine = Engine(Engine.Inputs(configPath: nil, noConfig: true, cases: [cases]))
            var job = AlertJob(
                settings: settings, statePath: folder.path + "/alerts.sqlite",
                transport: transport ?? OutboxTransport(folder: folder.path + "/outbox"))
            job.acceptGone = acceptGone
            job.now = { Date(timeIntervalSince1970: 1_796_000_000) }
            return try job.run(engine: &engine, options: CheckOptions(asOf: day, since: nil, listAll: false, rag: .standard))
        }

        static func store(_ folder: Jobs.Folder) throws -> AlertStore { try AlertStore(path: folder.path + "/alerts.sqlite") }

        /// Every email in the outbox, decoded.
        static func mails(_ folder: Jobs.Folder) throws -> [String] {
            try Jobs.messages(folder.path + "/outbox").map {
                Jobs.unquoted(try String(contentsOfFile: folder.path + "/outbox/" + $0, encoding: .utf8))
            }
        }

        static let cases = "C0001,North,jo@example.gov.uk,2026-05-01,,,,\nC0002,North,jo@example.gov.uk,2026-05-02,,,,\n"

        @Test("a stray quote rejects C0002's row: nothing says it left the data, and fixed the next night it carries on, first seen kept")
        func strayQuote() throws {
            let folder = try Jobs.Folder()
            let first = try Self.night(folder, Self.cases, Self.d1)
            #expect(first.events == 2)
            let broken = "C0001,North,jo@example.gov.uk,2026-05-01,,,,\nC0002,\"North,jo@example.gov.uk,2026-05-02,,,,\n"
            let second = try Self.night(folder, broken, Self.d1.adding(days: 1))
            #expect(second.events == 0 && second.held == 1 && second.gone == 0, "\(second)")
            #expect(try Self.mails(folder).allSatisfy { !$0.contains("no longer in the data") })
            let third = try Self.night(folder, Self.cases, Self.d1.adding(days: 2))
            #expect(third.events == 0, "not new again")
            let c2 = try Self.store(folder).records().values.first { $0.key.subject == "C0002" }
            #expect(c2?.firstSeen == Self.d1 && c2?.isOpen == true)
        }

        @Test("a row whose case cannot be told (a stray comma) makes the night decide nothing as gone")
        func unnamedRow() throws {
            let folder = try Jobs.Folder()
            _ = try Self.night(folder, Self.cases + "C0003,North,jo@example.gov.uk,2026-05-03,,,,\n", Self.d1)
            let shifted = "C0001,North,jo@example.gov.uk,2026-05-01,,,,\nC0002,North,jo@example.gov.uk,2026-05-02,,,,,extra\n"
            let night = try Self.night(folder, shifted, Self.d1.adding(days: 1))
            #expect(night.gone == 0 && night.undecided == 2 && night.events == 0, "\(night)")
            #expect(try Self.store(folder).counts().open == 3)
        }

        @Test("a short export that would resolve 14 of 15 alerts as gone stops before recording anything; --accept-gone confirms it")
        func shortExport() throws {
            let folder = try Jobs.Folder()
            let all = (1...15).map { "C\($0),North,jo@example.gov.uk,2026-05-01,,,,\n" }.joined()
            _ = try Self.night(folder, all, Self.d1)
            let queued = try Self.store(folder).messages().count
            let short = "C1,North,jo@example.gov.uk,2026-05-01,,,,\n"
            let error = #expect(throws: AlertJob.Failure.self) { _ = try Self.night(folder, short, Self.d1.adding(days: 1)) }
            #expect(
                error?.description.contains("tonight would resolve 14 of the 15 open alerts (93%) as no longer in the data") == true,
                "\(String(describing: error))")
            #expect(error?.description.contains("--accept-gone") == true)
            let store = try Self.store(folder)
            #expect(try store.lastRun() == Self.d1 && store.counts().open == 15 && store.messages().count == queued, "nothing recorded")
            let accepted = try Self.night(folder, short, Self.d1.adding(days: 1), acceptGone: true)
            #expect(accepted.gone == 14 && accepted.open == 1)
        }

        @Test("a mistaken as-of date is undone by rewind: the alerts as they were, its queued digests dropped, a record kept")
        func rewind() throws {
            let folder = try Jobs.Folder()
            let recorder = Jobs.Recorder()
            recorder.answer = { $0.to == "head@example.gov.uk" ? .failed(detail: "busy") : .accepted(detail: "250 OK") }
            _ = try Self.night(folder, Self.cases, Self.d1, transport: recorder)
            let before = try Self.store(folder).records()
            let future = Day(year: 2062, month: 11, day: 30)!
            _ = try Self.night(folder, Self.cases + "C0003,North,jo@example.gov.uk,2062-10-01,,,,\n", future, transport: recorder)
            let stuck = #expect(throws: AlertJob.Failure.self) {
                _ = try Self.night(folder, Self.cases, Self.d1.adding(days: 1), transport: recorder)
            }
            #expect(stuck?.description.contains("'sendcheck alert --rewind 2026-12-01' takes the state back") == true, "\(String(describing: stuck))")
            var job = AlertJob(settings: Jobs.settings, statePath: folder.path + "/alerts.sqlite", transport: recorder)
            job.now = { Date(timeIntervalSince1970: 1_796_000_000) }
            let undone = try job.rewind(to: Self.d1)
            #expect(undone.runs == [future] && undone.approximate == 0)
            #expect(undone.queuedDropped == 1, "the head of service's 2062 digest, never accepted")
            #expect(undone.deliveredKept >= 1)
            let store = try Self.store(folder)
            #expect(try store.records() == before, "every alert as it was after the first night")
            #expect(try store.lastRun() == Self.d1)
            #expect(try store.rewinds().map(\.to) == [Self.d1])
            #expect(try job.rewind(to: Self.d1).runs.isEmpty, "a second rewind has nothing to undo")
            let next = try Self.night(folder, Self.cases, Self.d1.adding(days: 1), transport: recorder)
            #expect(next.events == 0)
        }

        @Test("runs recorded before the state kept what they changed are undone by their dates")
        func rewindLegacy() throws {
            let folder = try Jobs.Folder()
            _ = try Self.night(folder, Self.cases, Self.d1)
            let future = Day(year: 2062, month: 11, day: 30)!
            _ = try Self.night(folder, Self.cases + "C0003,North,jo@example.gov.uk,2062-10-01,,,,\n", future)
            let queue = try DatabaseQueue(path: folder.path + "/alerts.sqlite")
            try queue.write { db in
                try db.execute(sql: "UPDATE run SET journaled = 0; DELETE FROM alert_undo")
            }
            let job = AlertJob(settings: Jobs.settings, statePath: folder.path + "/alerts.sqlite", transport: Jobs.Recorder())
            let undone = try job.rewind(to: Self.d1)
            #expect(undone.approximate == 1)
            let records = try Self.store(folder).records()
            #expect(records.keys.map(\.subject).sorted() == ["C0001", "C0002"], "C0003 was first seen in 2062")
            #expect(records.values.allSatisfy { $0.lastSent == Self.d1 && $0.isOpen })
        }

        @Test("only the latest runs keep their journals: the state does not grow night after night, and older runs are undone by dates")
        func journalsPruned() throws {
            let folder = try Jobs.Folder()
            let store = try Self.store(folder)
            store.journaledRuns = 2
            for n in 0..<4 {
                var night = AlertNight()
                let key = FindingKey(rule: "reg5-assessment-decision", subject: "C\(n)", start: Self.d1)
                night.changed = [
                    AlertRecord(
                        key: key, status: .overdue, rag: .red, due: Self.d1, firstSeen: Self.d1.adding(days: n), lastSent: Self.d1.adding(days: n),
                        caseworker: nil, team: nil)
                ]
                try store.record(night, mails: [], asOf: Self.d1.adding(days: n), now: "now")
            }
            let queue = try DatabaseQueue(path: folder.path + "/alerts.sqlite")
            let (journaled, undo) = try queue.read { db in
                (
                    try Int.fetchAll(db, sql: "SELECT journaled FROM run ORDER BY id"),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_undo") ?? 0
                )
            }
            #expect(journaled == [0, 0, 1, 1] && undo == 2)
            let undone = try store.rewind(to: Self.d1, now: "now")
            #expect(undone.runs.count == 3 && undone.approximate == 1)
            #expect(try store.records().keys.map(\.subject) == ["C0"])
        }

        @Test("a state from a later schema is refused, saying so")
        func laterSchema() throws {
            let folder = try Jobs.Folder()
            _ = try Self.night(folder, Self.cases, Self.d1)
            let queue = try DatabaseQueue(path: folder.path + "/alerts.sqlite")
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9')") }
            let error = #expect(throws: AlertStore.Failure.self) { _ = try Self.store(folder) }
            #expect(error?.description.contains("written by a later version of sendcheck (its schema has v9") == true, "\(String(describing: error))")
        }

        @Test("a damaged state (a day no sendcheck writes, found by fuzzing) is refused, located, and the night stops before sending")
        func damagedDay() throws {
            let folder = try Jobs.Folder()
            _ = try Self.night(folder, Self.cases, Self.d1)
            let queue = try DatabaseQueue(path: folder.path + "/alerts.sqlite")
            try queue.write { db in try db.execute(sql: "UPDATE alert SET due = 9223372036854775807") }
            let error = #expect(throws: AlertStore.Failure.self) { _ = try Self.store(folder).records() }
            #expect(
                error?.description.contains("alerts.sqlite: the alert state is damaged: alert.due holds 9223372036854775807") == true,
                "\(String(describing: error))")
            let before = Jobs.messages(folder.path + "/outbox").count
            #expect(throws: (any Error).self) { _ = try Self.night(folder, Self.cases, Self.d1.adding(days: 1)) }
            #expect(Jobs.messages(folder.path + "/outbox").count == before)
        }

        @Test("a digest queued longer than alerts.expire is dropped, with a note to the head of service, and never tried again")
        func expire() throws {
            let folder = try Jobs.Folder()
            let recorder = Jobs.Recorder()
            recorder.answer = { $0.to == "jo@example.gov.uk" ? .refused(permanent: true, detail: "550 no such user") : .accepted(detail: "250 OK") }
            let first = try Self.night(folder, Self.cases, Self.d1, transport: recorder)
            let id = recorder.handed.first { $0.to == "jo@example.gov.uk" }!.messageID
            for n in 1...7 { #expect(try Self.night(folder, Self.cases, Self.d1.adding(days: n), transport: recorder).dropped.isEmpty) }
            let eighth = try Self.night(folder, Self.cases, Self.d1.adding(days: 8), transport: recorder)
            #expect(eighth.dropped.map(\.recipient) == ["jo@example.gov.uk"] && eighth.dropped.first?.asOf == Self.d1)
            let note = recorder.handed.last { $0.to == "head@example.gov.uk" }.map { Jobs.unquoted($0.text) } ?? ""
            #expect(note.contains("Digests dropped: the mail system had not accepted them in time (1):"), "\(note)")
            let tries = recorder.handed.filter { $0.messageID == id }.count
            _ = try Self.night(folder, Self.cases, Self.d1.adding(days: 9), transport: recorder)
            #expect(recorder.handed.filter { $0.messageID == id }.count == tries, "dropped: not tried again")
            #expect(first.notSent.count == 1)
        }

        @Test("a caseworker who cannot be emailed: the manager is told, the run counts it, the head of service sees it listed")
        func unroutable() throws {
            let folder = try Jobs.Folder()
            var settings = Jobs.settings
            settings.policy.allowedDomains = ["example.gov.uk"]
            let csv = "C0001,North,CW9,2026-05-01,,,,\nC0002,North,jo@gmail.com,2026-05-02,,,,\nC0003,North,jo@example.gov.uk,2026-05-03,,,,\n"
            let outcome = try Self.night(folder, csv, Self.d1, settings: settings)
            #expect(outcome.unroutable == 2 && outcome.unrouted == 0)
            let mails = try Self.mails(folder)
            #expect(!mails.contains { $0.contains("To: <jo@gmail.com>") }, "outside the allowed domains: not sent to")
            let service = mails.first { $0.contains("To: <head@example.gov.uk>") } ?? ""
            #expect(
                service.contains("C0002  reg5-assessment-decision  caseworker: jo@gmail.com (an address outside the allowed domains)"), "\(service)")
        }

        @Test("one 100,000-character team cell among 1,000 rows: its row is rejected, the digests and the state stay small")
        func longTeam() throws {
            let folder = try Jobs.Folder()
            var csv = "C0000,\(String(repeating: "T", count: 100_000)),jo@example.gov.uk,2026-05-01,,,,\n"
            for i in 1...1_000 { csv += "C\(i),Team \(i % 7),cw\(i % 13)@example.gov.uk,2026-05-01,,,,\n" }
            let outcome = try Self.night(folder, csv, Self.d1)
            #expect(outcome.open >= 1_000)
            let size = try FileManager.default.attributesOfItem(atPath: folder.path + "/alerts.sqlite")[.size] as? Int ?? 0
            #expect(size < 8_000_000, "\(size) bytes")
            for file in Jobs.messages(folder.path + "/outbox") {
                let bytes = try FileManager.default.attributesOfItem(atPath: folder.path + "/outbox/" + file)[.size] as? Int ?? 0
                #expect(bytes < 1_000_000, "\(file): \(bytes) bytes")
            }
        }
    }
#endif
