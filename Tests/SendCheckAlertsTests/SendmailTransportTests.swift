#if Alerts
    import Foundation
    import Testing

    @testable import SendCheckAlerts
    @testable import SendCheckCore

    /// The sendmail transport against a real program standing in for the local MTA: a shell script
    /// that keeps its arguments and standard input, or fails as an MTA does.
    @Suite("sendmail transport")
    struct SendmailTransportTests {
        static func script(_ folder: String, _ body: String, name: String = "sendmail") throws -> String {
            let path = folder + "/" + name
            try executable(path, "#!/bin/sh\n" + body)
            return path
        }

        /// Writes a program through a descriptor no other process can inherit: a test that runs in
        /// parallel and starts a child at that moment would otherwise hold it open for writing, and
        /// running it would fail with "Text file busy".
        static func executable(_ path: String, _ text: String) throws {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            defer { close(fd) }
            let bytes = Array(text.utf8)
            guard write(fd, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        }

        static func mail(_ to: String) -> OutgoingMail {
            let r = DigestRenderer.Rendered(
                subject: "SEND deadlines: 1 overdue", text: "  C1  reg5-assessment-decision  overdue\n", html: "<p>C1</p>")
            return MailComposer.compose(
                from: "send@example.gov.uk", to: to, rendered: r, date: "Tue, 01 Dec 2026 06:00:00 +0000", runKey: "2026-12-01")
        }

        @Test("each message goes on standard input with -i -f FROM -- TO; exit 0 is acceptance")
        func accepted() throws {
            let folder = try AlertJobTests.Folder()
            let program = try Self.script(
                folder.path, "n=$(ls \(folder.path) | grep -c '.eml$')\necho \"$@\" > \(folder.path)/$n.args\ncat > \(folder.path)/$n.eml\n")
            var reports: [Delivery] = []
            SendmailTransport(program: program).deliver([Self.mail("a@example.gov.uk"), Self.mail("b@example.gov.uk")]) { reports.append($1) }
            let allAccepted = reports.allSatisfy { $0.isAccepted }
            #expect(allAccepted && reports.count == 2)
            let args = try String(contentsOfFile: folder.path + "/1.args", encoding: .utf8)
            #expect(args == "-i -f send@example.gov.uk -- b@example.gov.uk\n")
            let text = try String(contentsOfFile: folder.path + "/0.eml", encoding: .utf8)
            #expect(text.hasPrefix("From: SEND deadlines <send@example.gov.uk>\nTo: <a@example.gov.uk>\n"), "LF line ends for a local MTA")
        }

        @Test("an MTA that fails is reported with its words, and the next message still goes")
        func failed() throws {
            let folder = try AlertJobTests.Folder()
            let program = try Self.script(
                folder.path, "cat > /dev/null\ncase \"$*\" in *bad@*) echo 'bad@example.gov.uk... User unknown' >&2; exit 67;; esac\nexit 0\n")
            var reports: [Delivery] = []
            SendmailTransport(program: program).deliver([Self.mail("bad@example.gov.uk"), Self.mail("good@example.gov.uk")]) { reports.append($1) }
            #expect(reports.count == 2)
            #expect(reports[0] == .failed(detail: "\(program) exit 67: bad@example.gov.uk... User unknown"))
            #expect(reports[1].isAccepted)
            var missing: [Delivery] = []
            SendmailTransport(program: folder.path + "/no-such-sendmail").deliver([Self.mail("a@example.gov.uk")]) { missing.append($1) }
            #expect(!(missing.first?.isAccepted ?? true))
        }
    }
#endif
