import Testing

@testable import SendCheckCore

/// What a server echoes never carries a credential into the state or a log.
@Suite("Credential redaction")
struct CredentialRedactorTests {
    static let user = "sendcheck"
    static let secret = "correct-horse-battery-staple"

    @Test("every form of the secret is hidden, whole or cut short")
    func forms() {
        let redactor = CredentialRedactor(secret: Self.secret, user: Self.user)
        let plain = SMTPAuthentication.plain(user: Self.user, password: Self.secret)
        let login = SMTPAuthentication.login(user: Self.user, password: Self.secret).password
        let xoauth = SMTPAuthentication.xoauth2(user: Self.user, token: Self.secret)
        let texts = [
            "535 you sent \(plain)", "500 unrecognised: \(login)", "235 accepted \(xoauth)!", "the password \(Self.secret) is wrong",
            "250 queued; credentials were \(plain.prefix(20))", "535 '\(login.dropFirst(3).prefix(12))…'",
        ]
        for text in texts {
            let shown = redactor.redact(text)
            #expect(shown.contains("[secret]"), "\(shown)")
            for form in [Self.secret, plain, login, xoauth] {
                for start in stride(from: 0, to: form.count - 8, by: 1) {
                    let piece = String(form.dropFirst(start).prefix(8))
                    #expect(!shown.contains(piece), "\(shown) holds \(piece)")
                }
            }
        }
        #expect(redactor.redact("250 2.0.0 OK queued as 17") == "250 2.0.0 OK queued as 17")
        #expect(redactor.redact("535 5.7.8 sendcheck: authentication failed") == "535 5.7.8 sendcheck: authentication failed")
        #expect(CredentialRedactor(secret: nil, user: Self.user).redact("anything \(plain)") == "anything \(plain)")
    }

    @Test(
        "whatever follows a word AUTH in a server's line is not shown",
        arguments: [
            ("535 5.7.8 AUTH PLAIN AHNlbmRjaGVjawB0ZXN0 rejected", "535 5.7.8 AUTH [redacted]"),
            ("500 unrecognised: auth login dGVzdA==", "500 unrecognised: auth [redacted]"),
            ("250-AUTH=PLAIN LOGIN", "250-AUTH [redacted]"),
            ("535 5.7.8 Authentication credentials invalid", "535 5.7.8 Authentication credentials invalid"),
            ("250 OAUTH is not a word AUTH", "250 OAUTH is not a word AUTH"),
        ])
    func afterAuth(line: String, shown: String) {
        #expect(CredentialRedactor.afterAuth(line) == shown)
    }

    @Test("a reply's description and a malformed line's error never show what follows AUTH")
    func replies() {
        let reply = SMTPReply(code: 535, lines: ["5.7.8 credentials refused: AUTH PLAIN AHNlbmRjaGVjawB0ZXN0"])
        #expect(reply.description == "535 5.7.8 credentials refused: AUTH [redacted]")
        var reader = SMTPReplyReader()
        #expect(throws: SMTPProtocolError("malformed reply line 'you said AUTH [redacted]'")) {
            try reader.feed(line: "you said AUTH PLAIN AHNlbmRjaGVjawB0ZXN0")
        }
    }

    @Test("a reply of more lines than the bound is an error, not a list without end")
    func endlessReply() throws {
        var reader = SMTPReplyReader(maximumLineLength: 64, maximumLines: 3)
        #expect(try reader.feed(Array("220-a\r\n220-b\r\n220 c\r\n".utf8)).count == 1)
        #expect(throws: SMTPProtocolError("the server sent a reply of more than 3 lines")) {
            try reader.feed(Array("220-a\r\n220-b\r\n220-c\r\n220-d\r\n".utf8))
        }
    }
}
