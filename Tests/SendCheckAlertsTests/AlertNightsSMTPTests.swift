#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore
    @testable import SendCheckRuntime

    /// Thirty nights of the alert job against the real SMTP server on 127.0.0.1 (STARTTLS on the
    /// test certificate, AUTH PLAIN), with one recipient the server refuses and one at which it drops
    /// the connection: every digest reaches the others exactly once, and nothing is lost.
    @Suite("Thirty nights over SMTP", .enabled(if: TestSMTPServer.available, TestSMTPServer.skipNote))
    struct AlertNightsSMTPTests {
        @Test("each finding alerted once, reminded weekly, resolved once; a refused or dropped recipient loses and doubles nothing")
        func thirtyNights() throws {
            let server = try TestSMTPServer.shared()
            let tag = UUID().uuidString.prefix(8).lowercased()
            let jo = "jo-\(tag)@example.gov.uk"
            let refused = "refuse-\(tag)@example.gov.uk"
            let dropped = "drop-\(tag)@example.gov.uk"
            let manager = "north-\(tag)@example.gov.uk"
            let head = "head-\(tag)@example.gov.uk"
            var settings = AlertSettings(from: "send-deadlines@example.gov.uk")
            settings.teams = ["North": manager]
            settings.service = head
            var smtp = SMTPSettings(host: "127.0.0.1", port: server.startTLS, security: .startTLS)
            smtp.caFile = server.cert
            smtp.username = "sendcheck"
            smtp.mechanism = .plain
            smtp.connectTimeout = 10
            smtp.replyTimeout = 10
            let folder = try AlertJobTests.Folder()
            let start = Day(year: 2026, month: 11, day: 1)!
            var notSentNights = 0
            for n in 0..<30 {
                // C1 (jo): a decision due 6 November, made late on the 21st. C2 and C3 (the refused and
                // dropped recipients): open all month.
                var csv = "C1,North,\(jo),2026-09-25,\(n >= 20 ? "assess,2026-11-21" : ","),,\n"
                csv += "C2,North,\(refused),2026-09-25,,,,\nC3,North,\(dropped),2026-09-25,,,,\n"
                let cases = try folder.write("cases.csv", AlertJobTests.header + csv)
                var engine = Engine(Engine.Inputs(noConfig: true, cases: [cases]))
                var job = AlertJob(
                    settings: settings, statePath: folder.path + "/alerts.sqlite", transport: SMTPTransport(settings: smtp, secret: "test-password"))
                job.now = { Date(timeIntervalSince1970: 1_796_000_000 + Double(n) * 86_400) }
                let outcome = try job.run(
                    engine: &engine, options: CheckOptions(asOf: start.adding(days: n), since: nil, listAll: false, rag: .standard))
                #expect(!outcome.sent.contains(refused) && !outcome.sent.contains(dropped))
                if !outcome.notSent.isEmpty { notSentNights += 1 }
            }
            #expect(notSentNights > 0, "the refused and dropped digests are reported every night they are tried")
            let store = try AlertStore(path: folder.path + "/alerts.sqlite")
            let kept = try store.messages()
            for address in [jo, manager, head] {
                let received = try server.received(for: [address])
                let ids = received.compactMap(\.messageID)
                #expect(ids.count == received.count && Set(ids).count == ids.count, "\(address): no digest twice")
                let recorded = kept.filter { $0.recipient == address }
                let allDelivered = recorded.allSatisfy { $0.delivered }
                #expect(allDelivered, "\(address): every digest accepted and recorded")
                #expect(
                    Set(recorded.map(\.messageID)) == Set(ids.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }),
                    "\(address): the server has exactly the recorded digests")
                let secured = received.allSatisfy { $0.tls && $0.authUser == "sendcheck" }
                #expect(secured)
            }
            for address in [refused, dropped] {
                let got = try server.received(for: [address])
                #expect(got.isEmpty)
                let recorded = kept.filter { $0.recipient == address }
                let noneDelivered = recorded.allSatisfy { !$0.delivered }
                #expect(!recorded.isEmpty && noneDelivered, "\(address): kept for the next run, not lost")
            }
            // What jo was told, night by night.
            let lines = try server.received(for: [jo]).flatMap { r in
                AlertJobTests.unquoted(String(decoding: r.bytes, as: UTF8.self)).components(separatedBy: "\r\n").filter { $0.hasPrefix("  C1 ") }
            }
            #expect(lines.filter { $0.contains("[new]") }.count == 1, "\(lines)")
            #expect(lines.filter { $0.contains("[now overdue]") }.count == 1, "\(lines)")
            #expect(lines.filter { $0.contains("[reminder]") }.count == 1, "\(lines)")
            #expect(lines.filter { $0.contains("done late") }.count == 1, "\(lines)")
        }
    }
#endif
