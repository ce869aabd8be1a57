import SendCheckCore
import Testing

@Suite("SMTP protocol")
struct SMTPProtocolTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a multi-line reply is one reply; its classes follow the first digit")
    func multiLine() throws {
        var reader = SMTPReplyReader()
        let replies = try reader.feed(Self.bytes("250-mail.example.org Hello\r\n250-SIZE 1000\r\n250 STARTTLS\r\n"))
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.example.org Hello", "SIZE 1000", "STARTTLS"])])
        #expect(replies[0].isPositive && !replies[0].isTransient && !replies[0].isPermanent)
        #expect(SMTPReply(code: 354, lines: []).isPositive)
        #expect(SMTPReply(code: 451, lines: []).isTransient)
        #expect(SMTPReply(code: 550, lines: []).isPermanent && !SMTPReply(code: 550, lines: []).isPositive)
        #expect(SMTPReply(code: 550, lines: ["5.1.1 no such user", "try again"]).description == "550 5.1.1 no such user / try again")
        #expect(!reader.hasBufferedInput)
    }

    @Test("a reply split across reads, even inside CRLF, comes out once it is whole")
    func splitAcrossReads() throws {
        var reader = SMTPReplyReader()
        #expect(try reader.feed(Self.bytes("22")).isEmpty)
        #expect(reader.hasBufferedInput)
        #expect(try reader.feed(Self.bytes("0-first\r")).isEmpty)
        #expect(try reader.feed(Self.bytes("\n220 sec")).isEmpty)
        let replies = try reader.feed(Self.bytes("ond\r\n354 go on\r\n221"))
        #expect(replies == [SMTPReply(code: 220, lines: ["first", "second"]), SMTPReply(code: 354, lines: ["go on"])])
        #expect(reader.hasBufferedInput)
        #expect(try reader.feed(Self.bytes("\n")) == [SMTPReply(code: 221, lines: [""])])
    }

    @Test("bare LF ends a line; a code alone is a whole reply")
    func bareLineFeed() throws {
        var reader = SMTPReplyReader()
        #expect(try reader.feed(Self.bytes("250\n")) == [SMTPReply(code: 250, lines: [""])])
    }

    @Test(
        "malformed lines are errors",
        arguments: ["hello", "25", "2500 ok", "250x ok", "650 nope", "abc def", "", "150 preliminary"])
    func malformed(line: String) {
        var reader = SMTPReplyReader()
        #expect(throws: SMTPProtocolError.self) { try reader.feed(line: line) }
    }

    @Test("a continuation with another code is an error")
    func mixedCodes() throws {
        var reader = SMTPReplyReader()
        #expect(try reader.feed(line: "250-one") == nil)
        #expect(throws: SMTPProtocolError.self) { try reader.feed(line: "251 two") }
    }

    @Test("a line beyond the bound is an error, not a buffer without end")
    func longLine() throws {
        var reader = SMTPReplyReader(maximumLineLength: 16)
        #expect(try reader.feed(Self.bytes("250 0123456789ab\r\n")).count == 1)
        #expect(throws: SMTPProtocolError.self) { try reader.feed(Self.bytes("250 0123456789abcdef")) }
        var other = SMTPReplyReader(maximumLineLength: 16)
        #expect(throws: SMTPProtocolError.self) { try other.feed(Self.bytes("250 0123456789abc\n")) }
    }

    @Test("EHLO capabilities: STARTTLS, AUTH (both forms), SIZE, 8BITMIME")
    func capabilities() {
        let reply = SMTPReply(
            code: 250,
            lines: [
                "smtp.example.org greets you", "PIPELINING", "SIZE 35882577", "8BITMIME", "AUTH LOGIN plain XOAUTH2", "AUTH=LOGIN CRAM-MD5",
                "starttls",
            ])
        let caps = SMTPCapabilities(ehlo: reply)
        #expect(caps.startTLS)
        #expect(caps.eightBitMIME)
        #expect(caps.size == 35_882_577)
        #expect(caps.authMechanisms == ["LOGIN", "PLAIN", "XOAUTH2", "CRAM-MD5"])
        let bare = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["STARTTLS offered in the greeting is not a keyword", "SIZE"]))
        #expect(!bare.startTLS && bare.authMechanisms.isEmpty && !bare.eightBitMIME)
        #expect(bare.size == 0)
    }

    @Test(
        "dot-stuffing doubles leading dots, normalises line ends and terminates the data",
        arguments: [
            ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
            ("a\r\nb", "a\r\nb\r\n.\r\n"),
            (".hidden\r\n", "..hidden\r\n.\r\n"),
            ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"),
            ("a\n..b\rc\r\n", "a\r\n...b\r\nc\r\n.\r\n"),
            ("mid.dot\r\n", "mid.dot\r\n.\r\n"),
            ("", ".\r\n"),
            ("\r\n", "\r\n.\r\n"),
            ("a\r\r\nb", "a\r\n\r\nb\r\n.\r\n"),
        ])
    func dotStuffing(input: String, expected: String) {
        #expect(SMTPData.dotStuffed(Self.bytes(input)) == Self.bytes(expected))
    }

    @Test("PLAIN follows RFC 4616's example; LOGIN and XOAUTH2 encode what they should")
    func authentication() {
        // RFC 4616 section 4: "\0tim\0tanstaaftanstaaf" with an empty authorisation identity.
        #expect(SMTPAuthentication.plain(user: "tim", password: "tanstaaftanstaaf") == "AHRpbQB0YW5zdGFhZnRhbnN0YWFm")
        // RFC 4954 section 4's example: "\0test\0testpass".
        #expect(SMTPAuthentication.plain(user: "test", password: "testpass") == "AHRlc3QAdGVzdHBhc3M=")
        let login = SMTPAuthentication.login(user: "sendcheck", password: "pw")
        #expect(login.user == "c2VuZGNoZWNr" && login.password == "cHc=")
        let xoauth = SMTPAuthentication.xoauth2(user: "someuser@example.com", token: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg")
        // Google's documented example of the XOAUTH2 initial client response.
        #expect(
            xoauth
                == "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==")
        #expect(
            Base64.decode(xoauth) == Self.bytes("user=someuser@example.com\u{1}auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u{1}\u{1}"))
    }

    @Test("envelope commands carry valid addresses")
    func commands() throws {
        #expect(try SMTPAddress.mailFrom("alerts@council.gov.uk") == "MAIL FROM:<alerts@council.gov.uk>")
        #expect(try SMTPAddress.mailFrom("a@b.example", size: 1234) == "MAIL FROM:<a@b.example> SIZE=1234")
        #expect(try SMTPAddress.rcptTo("sen.team+x@council.gov.uk") == "RCPT TO:<sen.team+x@council.gov.uk>")
    }

    @Test(
        "addresses that could inject commands are refused",
        arguments: [
            "a@b\r\nRCPT TO:<evil@x>", "a@b\nDATA", "a@b>", "<a@b", "a b@c", "", "no-at-sign", "a@b\u{0}", "tab\t@b", "é@b.fr",
            "a@b> SIZE=1",
        ])
    func injection(address: String) {
        #expect(throws: SMTPProtocolError.self) { try SMTPAddress.validated(address) }
        #expect(throws: SMTPProtocolError.self) { try SMTPAddress.rcptTo(address) }
    }

    @Test("an error names the address without its control characters")
    func errorText() {
        #expect(throws: SMTPProtocolError("the address 'a@b??DATA' holds a space, line end or control character")) {
            try SMTPAddress.validated("a@b\r\nDATA")
        }
    }
}
