#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore

    /// NotifyTransport when Notify does not answer, or answers without end: each request has its
    /// timeout, a run of failures stops the rest, the night has a deadline, and a reply is read up to
    /// a bound.
    @Suite("Notify transport faults")
    struct NotifyFaultTests {
        typealias Notify = NotifyTransportTests

        static func transport(_ server: NotifyTestServer, timeout: Int = 1, _ limits: DeliveryLimits = DeliveryLimits()) -> NotifyTransport {
            var settings = NotifySettings(apiKey: .environment("NOTIFY_API_KEY"), templateID: server.templateID)
            settings.baseURL = server.baseURL
            settings.timeout = timeout
            settings.limits = limits
            return NotifyTransport(settings: settings, apiKey: server.apiKey, sleep: { _ in })
        }

        @Test("Notify that never answers: max_failures requests wait their timeout, the rest are not attempted")
        func unreachable() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            var limits = DeliveryLimits()
            limits.failuresInARow = 3
            let mails = (1...10).map { Notify.mail(to: "hang\($0)@council.example") }
            let start = Date()
            let outcomes = Notify.deliver(Self.transport(server, limits), mails)
            let elapsed = Date().timeIntervalSince(start)
            #expect(elapsed < 5, "3 timeouts of 1 s, not 10: \(elapsed) s")
            #expect(outcomes.prefix(3).allSatisfy { $0 == .failed(detail: "GOV.UK Notify at 127.0.0.1:\(server.port): no reply within 1 s") })
            #expect(outcomes.dropFirst(3).allSatisfy { $0 == .failed(detail: "not attempted: GOV.UK Notify failed 3 times in a row") })
            #expect(server.log.count == 3)
        }

        @Test("the night's deadline stops the rest, which are not attempted")
        func nightDeadline() throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            var limits = DeliveryLimits()
            limits.runSeconds = 2
            limits.failuresInARow = 100
            let mails = (1...10).map { Notify.mail(to: "hang\($0)@council.example") }
            let start = Date()
            let outcomes = Notify.deliver(Self.transport(server, limits), mails)
            #expect(Date().timeIntervalSince(start) < 4.5)
            #expect(outcomes.last == .failed(detail: "not attempted: the night's sending took longer than 2 s (run_timeout)"), "\(outcomes)")
            #expect(server.log.count <= 3)
        }

        @Test(
            "a reply without end is read up to its bound and fails the message; a good one after it is still sent",
            arguments: ["endless", "headers"])
        func endlessReply(kind: String) throws {
            let server = try NotifyTestServer()
            defer { server.stop() }
            let start = Date()
            let outcomes = Notify.deliver(
                Self.transport(server, timeout: 20), [Notify.mail(to: "\(kind)@council.example"), Notify.mail(to: "ok@council.example")])
            #expect(Date().timeIntervalSince(start) < 10, "not the 20 s timeout")
            guard case .failed(let detail) = outcomes[0] else {
                Issue.record("\(outcomes[0])")
                return
            }
            let bound = kind == "endless" ? "the reply was longer than 1048576 bytes" : "the reply's headers are longer than this client reads"
            #expect(detail == "GOV.UK Notify at 127.0.0.1:\(server.port): \(bound)", "\(detail)")
            #expect(outcomes[1].isAccepted)
        }
    }
#endif
