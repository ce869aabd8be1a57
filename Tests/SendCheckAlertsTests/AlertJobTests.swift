#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore
    @testable import SendCheckRuntime

    /// The alert job end to end over real files: a SQLite state, the bundled rules, case CSVs written
    /// per night, and an outbox (the SMTP and Notify transports have their own tests).
    @Suite("The nightly alert job")
    struct AlertJobTests {
        static let header =
            "case_id,team,caseworker,request_received,request_outcome,request_outcome_date,plan_start,last_review\n"

        final class Folder {
            let path: String
            init() throws {
                path = NSTemporaryDirectory() + "sendcheck-alert-" + UUID().uuidString
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            deinit { try? FileManager.default.removeItem(atPath: path) }
            func write(_ name: String, _ text: String) throws -> String {
                let p = path + "/" + name
                try text.write(toFile: p, atomically: true, encoding: .utf8)
                return p
            }
        }

        static var settings: AlertSettings {
            var s = AlertSettings(from: "send-deadlines@example.gov.uk")
            s.teams = ["North": "north@example.gov.uk"]
            s.service = "head@example.gov.uk"
            return s
        }

        /// One night: the cases as given, evaluated as of `day`, digests into `outbox`.
        static func night(_ folder: Folder, _ csv: String, _ day: Day, outbox: String, waivers: WaiverBook = WaiverBook()) throws -> AlertJob.Outcome
        {
            let cases = try folder.write("cases.csv", header + csv)
            var engine = Engine(Engine.Inputs(configPath: nil, noConfig: true, cases: [cases]))
            var job = AlertJob(settings: settings, statePath: folder.path + "/alerts.sqlite", transport: OutboxTransport(folder: outbox))
            job.waivers = waivers
            job.now = { Date(timeIntervalSince1970: 1_796_000_000) }
            return try job.run(engine: &engine, options: CheckOptions(asOf: day, since: nil, listAll: false, rag: .standard))
        }

        /// The text of a quoted-printable message: soft line breaks joined, `=XX` decoded.
        static func unquoted(_ text: String) -> String {
            let joined = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
            var out: [UInt8] = []
            var i = 0
            while i < joined.count {
                if joined[i] == UInt8(ascii: "="), i + 2 < joined.count,
                    let b = UInt8(String(decoding: joined[i + 1...i + 2], as: UTF8.self), radix: 16)
                {
                    out.append(b)
                    i += 3
                } else {
                    out.append(joined[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        static func messages(_ outbox: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        }

        /// A transport that keeps what it was handed and answers as told (for the layers above SMTP).
        final class Recorder: MailTransport, @unchecked Sendable {
            var name: String { "recorder" }
            var handed: [OutgoingMail] = []
            var answer: (OutgoingMail) -> Delivery = { _ in .accepted(detail: "250 OK") }
            func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
                for (i, m) in mails.enumerated() {
                    handed.append(m)
                    try report(i, answer(m))
                }
            }
        }

        static func night(_ folder: Folder, _ csv: String, _ day: Day, transport: any MailTransport) throws -> AlertJob.Outcome {
            let cases = try folder.write("cases.csv", header + csv)
            var engine = Engine(Engine.Inputs(configPath: nil, noConfig: true, cases: [cases]))
            var job = AlertJob(settings: settings, statePath: folder.path + "/alerts.sqlite", transport: transport)
            job.now = { Date(timeIntervalSince1970: 1_796_000_000) }
            return try job.run(engine: &engine, options: CheckOptions(asOf: day, since: nil, listAll: false, rag: .standard))
        }

        @Test("one refused recipient does not stop the others; its digest is tried again, never doubled for the others")
        func refusedRecipient() throws {
            let folder = try Folder()
            let recorder = Recorder()
            recorder.answer = { $0.to == "jo@example.gov.uk" ? .refused(permanent: true, detail: "550 no such user") : .accepted(detail: "250 OK") }
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\nC2,North,sam@example.gov.uk,2026-10-02,,,,\n"
            let first = try Self.night(folder, csv, day, transport: recorder)
            #expect(first.sent.sorted() == ["head@example.gov.uk", "north@example.gov.uk", "sam@example.gov.uk"])
            #expect(first.notSent.map(\.recipient) == ["jo@example.gov.uk"])
            recorder.answer = { _ in .accepted(detail: "250 OK") }
            let second = try Self.night(folder, csv, day.adding(days: 1), transport: recorder)
            #expect(second.sent == ["jo@example.gov.uk"], "only the refused digest goes again")
            let ids = recorder.handed.filter { $0.to == "jo@example.gov.uk" }.map(\.messageID)
            #expect(ids.count == 2 && ids[0] == ids[1], "the same Message-ID both times")
            #expect(Set(recorder.handed.map(\.messageID)).count == 4)
        }

        @Test("a crash between the server's acceptance and the record resends the digest under the same Message-ID")
        func crashWindow() throws {
            let folder = try Folder()
            let recorder = Recorder()
            // The server takes the message but the run never records it (as if killed in between).
            recorder.answer = { _ in .failed(detail: "connection lost after DATA") }
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\n"
            _ = try Self.night(folder, csv, day, transport: recorder)
            recorder.answer = { _ in .accepted(detail: "250 OK") }
            _ = try Self.night(folder, csv, day.adding(days: 1), transport: recorder)
            let byRecipient = Dictionary(grouping: recorder.handed, by: \.to)
            for (to, mails) in byRecipient {
                #expect(mails.count == 2, "\(to)")
                #expect(Set(mails.map(\.messageID)).count == 1, "\(to): a resend keeps its Message-ID")
                #expect(mails[0].bytes == mails[1].bytes)
            }
        }

        @Test("the state file is created with mode 0600 and migrated; a second run the same day sends nothing")
        func stateAndSameDay() throws {
            let folder = try Folder()
            let outbox = folder.path + "/outbox"
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\n"
            let first = try Self.night(folder, csv, day, outbox: outbox)
            #expect(first.events == 1 && first.digests == 3 && first.sent.count == 3 && first.notSent.isEmpty)
            let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/alerts.sqlite")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let second = try Self.night(folder, csv, day, outbox: outbox)
            #expect(second.events == 0 && second.digests == 0 && second.sent.isEmpty)
            #expect(Self.messages(outbox).count == 3)
        }

        @Test("a name column in the data never reaches an email")
        func noNames() throws {
            let folder = try Folder()
            let outbox = folder.path + "/outbox"
            let cases = try folder.write(
                "cases.csv",
                "case_id,child_name,team,caseworker,request_received,request_outcome,request_outcome_date\nC1,Alice Example,North,jo@example.gov.uk,2026-10-01,,\n"
            )
            var engine = Engine(Engine.Inputs(configPath: nil, noConfig: true, cases: [cases]))
            let job = AlertJob(settings: Self.settings, statePath: folder.path + "/alerts.sqlite", transport: OutboxTransport(folder: outbox))
            let outcome = try job.run(
                engine: &engine, options: CheckOptions(asOf: Day(year: 2026, month: 12, day: 1)!, since: nil, listAll: false, rag: .standard))
            #expect(outcome.sent.count == 3)
            for file in Self.messages(outbox) {
                let text = Self.unquoted(try String(contentsOfFile: outbox + "/" + file, encoding: .utf8))
                #expect(!text.contains("Alice"))
                if text.contains("To: <jo@example.gov.uk>") { #expect(text.contains("  C1  reg5-assessment-decision")) }
            }
        }

        @Test("two runs never overlap: the second is refused while the first holds the lock")
        func lock() throws {
            let folder = try Folder()
            do {
                let held = try RunLock(beside: folder.path + "/alerts.sqlite")
                #expect(throws: RunLock.Busy.self) { _ = try RunLock(beside: folder.path + "/alerts.sqlite") }
                withExtendedLifetime(held) {}
            }
            _ = try RunLock(beside: folder.path + "/alerts.sqlite")
        }

        @Test("an earlier as-of date than the state's is refused")
        func backwards() throws {
            let folder = try Folder()
            let outbox = folder.path + "/outbox"
            _ = try Self.night(folder, "C1,North,jo@example.gov.uk,2026-10-01,,,,\n", Day(year: 2026, month: 12, day: 2)!, outbox: outbox)
            #expect(throws: AlertJob.Failure.self) {
                _ = try Self.night(folder, "C1,North,jo@example.gov.uk,2026-10-01,,,,\n", Day(year: 2026, month: 12, day: 1)!, outbox: outbox)
            }
        }

        @Test("a digest that was not accepted stays queued and goes the next night, with the same Message-ID")
        func queuedUntilAccepted() throws {
            let folder = try Folder()
            let blocked = try folder.write("not-a-folder", "a file where the outbox should be")
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\n"
            let failed = try Self.night(folder, csv, day, outbox: blocked)
            #expect(failed.sent.isEmpty && failed.notSent.count == 3)
            let outbox = folder.path + "/outbox"
            let next = try Self.night(folder, csv, day.adding(days: 1), outbox: outbox)
            #expect(next.events == 0, "nothing new tonight")
            #expect(next.sent.count == 3, "last night's digests go now")
            let store = try AlertStore(path: folder.path + "/alerts.sqlite")
            #expect(try store.counts().queued == 0)
        }

        /// Thirty nights with the as-of date advancing and the data changing: each finding is alerted
        /// once, repeated every 7 days while open, and resolved once.
        @Test("thirty simulated nights: alerted once, repeated weekly, resolved once")
        func thirtyNights() throws {
            let folder = try Folder()
            let outbox = folder.path + "/outbox"
            let start = Day(year: 2026, month: 11, day: 1)!
            var kinds: [String: [String]] = [:]
            for n in 0..<30 {
                let day = start.adding(days: n)
                // C1: request 2026-09-25, decision due 6 weeks later (2026-11-06); decided on night 20.
                // C2: request 2026-10-20, due 2026-12-01: amber from mid-November, still open at the end.
                var csv = "C1,North,jo@example.gov.uk,2026-09-25,\(n >= 20 ? "assess,2026-11-21" : ","),,\n"
                csv += "C2,North,sam@example.gov.uk,2026-10-20,,,,\n"
                let outcome = try Self.night(folder, csv, day, outbox: outbox)
                #expect(outcome.notSent.isEmpty)
                for file in Self.messages(outbox) where kinds[file] == nil {
                    kinds[file] = []
                    let text = Self.unquoted(try String(contentsOfFile: outbox + "/" + file, encoding: .utf8))
                    guard text.contains("To: <jo@example.gov.uk>") || text.contains("To: <sam@example.gov.uk>") else { continue }
                    for line in text.components(separatedBy: "\r\n") where line.hasPrefix("  C") {
                        kinds[file, default: []].append(line.trimmingCharacters(in: .whitespaces))
                    }
                }
            }
            let lines = kinds.values.flatMap { $0 }
            let c1 = lines.filter { $0.hasPrefix("C1 ") }
            let c2 = lines.filter { $0.hasPrefix("C2 ") }
            #expect(c1.filter { $0.contains("[new]") }.count == 1, "\(c1)")
            // Due soon on 1 November, overdue from the 7th (escalated), a reminder 7 days later, decided late on the 21st.
            #expect(c1.filter { $0.contains("[now overdue]") }.count == 1, "\(c1)")
            #expect(c1.filter { $0.contains("[reminder]") }.count == 1, "\(c1)")
            #expect(c1.filter { $0.contains("done late") }.count == 1, "\(c1)")
            #expect(c2.filter { $0.contains("[new]") }.count == 1, "\(c2)")
            #expect(c2.filter { $0.contains("[now overdue]") }.isEmpty, "C2 is due on 1 December, after the last night")
        }
    }
#endif
