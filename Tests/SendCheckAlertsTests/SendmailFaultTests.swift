#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore

    /// The sendmail transport against MTAs that misbehave: small shell scripts that exit without
    /// reading, never return, print a megabyte, die of a signal or fail every time.
    @Suite("sendmail transport faults")
    struct SendmailFaultTests {
        typealias Script = SendmailTransportTests

        /// A message bigger than a pipe's buffer (64 KiB), so a program that never reads holds us up.
        static func bigMail(_ to: String) -> OutgoingMail {
            var mail = Script.mail(to)
            mail.bytes += Array(String(repeating: "a line of the digest that pads it out\r\n", count: 4000).utf8)
            return mail
        }

        /// Alive and not a zombie waiting for whoever adopted it to reap it.
        static func isRunning(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
                return false
            }
            return !stat[close...].hasPrefix(") Z")
        }

        static func deliver(_ settings: SendmailSettings, _ mails: [OutgoingMail]) -> [Delivery] {
            var reports: [Delivery] = []
            SendmailTransport(settings: settings).deliver(mails) { reports.append($1) }
            return reports
        }

        @Test("an MTA that exits at once without reading is a failure with its reason, never a crash", arguments: [false, true])
        func exitsWithoutReading(big: Bool) throws {
            let folder = try AlertJobTests.Folder()
            let program = try Script.script(folder.path, "exit 0\n")
            let mail = big ? Self.bigMail("a@example.gov.uk") : Script.mail("a@example.gov.uk")
            let reports = Self.deliver(SendmailSettings(path: program), [mail, mail])
            #expect(reports.count == 2)
            for report in reports {
                guard case .failed(let detail) = report else {
                    Issue.record("expected a failure, got \(report)")
                    continue
                }
                #expect(detail.hasPrefix("not accepted: \(program) exited 0 without reading the whole message ("), "\(detail)")
            }
            let refusing = try Script.script(folder.path, "echo 'queue file write error' >&2\nexit 75\n", name: "refusing")
            let refused = Self.deliver(SendmailSettings(path: refusing), [Self.bigMail("b@example.gov.uk")])
            #expect(refused == [.failed(detail: "\(refusing) exit 75: queue file write error")])
        }

        @Test("an MTA that never returns is stopped at its deadline, with everything it started")
        func neverReturns() throws {
            let folder = try AlertJobTests.Folder()
            // The shell waits on a sleep it started; the sleep's process id is kept to check it ended.
            let program = try Script.script(folder.path, "cat > /dev/null\nsleep 1000 &\necho $! > \(folder.path)/sleep.pid\nwait\n")
            var settings = SendmailSettings(path: program)
            settings.timeout = 1
            let start = Date()
            let reports = Self.deliver(settings, [Script.mail("a@example.gov.uk")])
            let elapsed = Date().timeIntervalSince(start)
            #expect(elapsed < 3, "stopped at the 1 s deadline: \(elapsed) s")
            #expect(reports == [.failed(detail: "not accepted: \(program) did not finish within 1 s, and was stopped")])
            let pid = try #require(
                Int32(try String(contentsOfFile: folder.path + "/sleep.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(!Self.isRunning(pid), "the sleep it started was ended too")
        }

        @Test("one that ignores SIGTERM, or never reads a big message, gets SIGKILL after the grace period")
        func ignoresTerm() throws {
            let folder = try AlertJobTests.Folder()
            let program = try Script.script(folder.path, "trap '' TERM\nwhile :; do sleep 1; done\n")
            var settings = SendmailSettings(path: program)
            settings.timeout = 1
            let start = Date()
            let reports = Self.deliver(settings, [Self.bigMail("a@example.gov.uk")])
            let elapsed = Date().timeIntervalSince(start)
            #expect(elapsed >= 2.9 && elapsed < 5, "1 s, then 2 s of grace: \(elapsed) s")
            #expect(reports == [.failed(detail: "not accepted: \(program) did not finish within 1 s, and was stopped")])
        }

        @Test("a megabyte of output is read and kept bounded; endless output ends at the deadline")
        func output() throws {
            let folder = try AlertJobTests.Folder()
            let chatty = try Script.script(folder.path, "cat > /dev/null\nhead -c 1048576 /dev/zero | tr '\\0' 'x'\nexit 0\n")
            #expect(Self.deliver(SendmailSettings(path: chatty), [Script.mail("a@example.gov.uk")]) == [.accepted(detail: "\(chatty) exit 0")])
            let failing = try Script.script(folder.path, "cat > /dev/null\nhead -c 1048576 /dev/zero | tr '\\0' 'x'\nexit 1\n", name: "failing")
            let reports = Self.deliver(SendmailSettings(path: failing), [Script.mail("a@example.gov.uk")])
            let detail = try #require(reports.first?.detail)
            #expect(detail.hasPrefix("\(failing) exit 1: xxxx"), "\(detail.prefix(80))")
            #expect(detail.hasSuffix("x (… 1048576 bytes of output in all)") && detail.count < 500 + failing.count + 60, "\(detail.suffix(80))")
            let endless = try Script.script(folder.path, "cat > /dev/null\nexec yes\n", name: "endless")
            var settings = SendmailSettings(path: endless)
            settings.timeout = 1
            let stopped = Self.deliver(settings, [Script.mail("a@example.gov.uk")])
            #expect(stopped.first?.detail.hasPrefix("not accepted: \(endless) did not finish within 1 s, and was stopped: y / y / y") == true)
        }

        @Test("an MTA ended by a signal, or missing, is a failure that says so")
        func signalled() throws {
            let folder = try AlertJobTests.Folder()
            let program = try Script.script(folder.path, "cat > /dev/null\nkill -9 $$\n")
            #expect(
                Self.deliver(SendmailSettings(path: program), [Script.mail("a@example.gov.uk")]) == [
                    .failed(detail: "not accepted: \(program) was ended by signal 9")
                ])
            let missing = folder.path + "/no-such-sendmail"
            #expect(
                Self.deliver(SendmailSettings(path: missing), [Script.mail("a@example.gov.uk")]) == [
                    .failed(detail: "not accepted: cannot start \(missing): No such file or directory")
                ])
        }

        @Test("failures in a row stop the rest, which are not attempted; the night's deadline stops them too")
        func limits() throws {
            let folder = try AlertJobTests.Folder()
            let failing = try Script.script(folder.path, "cat > /dev/null\necho run >> \(folder.path)/runs\nexit 69\n")
            var settings = SendmailSettings(path: failing)
            settings.limits.failuresInARow = 2
            let mails = (1...5).map { Script.mail("r\($0)@example.gov.uk") }
            let reports = Self.deliver(settings, mails)
            #expect(reports.prefix(2).allSatisfy { $0 == .failed(detail: "\(failing) exit 69") }, "\(reports)")
            #expect(reports.dropFirst(2).allSatisfy { $0 == .failed(detail: "not attempted: \(failing) failed 2 times in a row") }, "\(reports)")
            #expect(try String(contentsOfFile: folder.path + "/runs", encoding: .utf8) == "run\nrun\n")
            let slow = try Script.script(folder.path, "cat > /dev/null\nsleep 0.6\n", name: "slow")
            var night = SendmailSettings(path: slow)
            night.limits.runSeconds = 2
            let start = Date()
            let late = Self.deliver(night, mails)
            #expect(Date().timeIntervalSince(start) < 4)
            let firstAccepted = late.prefix(2).allSatisfy { $0.isAccepted }
            #expect(firstAccepted, "\(late)")
            #expect(late.last == .failed(detail: "not attempted: the night's sending took longer than 2 s (run_timeout)"), "\(late)")
        }

        @Test("each digest's fate is in the state before the next one is handed to the MTA")
        func recordedBeforeNext() throws {
            let folder = try AlertJobTests.Folder()
            let state = folder.path + "/alerts.sqlite"
            // The MTA reads the state as another process would: how many digests are marked delivered.
            let count =
                "import sqlite3; print(sqlite3.connect('\(state)').execute('select count(*) from message where delivered_at is not null').fetchone()[0])"
            let program = try Script.script(folder.path, "cat > /dev/null\npython3 -c \"\(count)\" >> \(folder.path)/seen\n")
            let day = Day(year: 2026, month: 12, day: 1)!
            let csv = "C1,North,jo@example.gov.uk,2026-10-01,,,,\nC2,North,sam@example.gov.uk,2026-10-02,,,,\n"
            let outcome = try AlertJobTests.night(folder, csv, day, transport: SendmailTransport(program: program))
            #expect(outcome.sent.count == 4 && outcome.notSent.isEmpty, "\(outcome.notSent)")
            #expect(try String(contentsOfFile: folder.path + "/seen", encoding: .utf8) == "0\n1\n2\n3\n")
        }
    }
#endif
