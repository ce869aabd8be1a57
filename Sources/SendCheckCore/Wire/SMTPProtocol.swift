/// The pure half of SMTP (RFC 5321): replies, EHLO capabilities, DATA transparency, AUTH initial
/// responses and envelope addresses. The transport (SwiftNIO) only moves these bytes.

/// A protocol violation: a reply the server should not have sent, a line too long, an address that
/// would smuggle a command. Carries no secret.
public struct SMTPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One server reply: a three-digit code and its text lines (one per `250-`/`250 ` line).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// The text after each line's code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx (done) or 3xx (go on): the command was taken.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: do not try this again as it is.
    public var isPermanent: Bool { (500..<600).contains(code) }

    /// The code and the lines on one line, for details and logs: whatever follows a word `AUTH` in a
    /// line is not shown (a server that echoes the AUTH command would repeat the credentials).
    public var description: String {
        let text = lines.filter { !$0.isEmpty }.map(CredentialRedactor.afterAuth).joined(separator: " / ")
        return text.isEmpty ? "\(code)" : "\(code) \(text)"
    }
}

/// Turns the bytes a server sends into replies, however they are split across reads. Lines end in
/// CRLF (a bare LF is taken too); a line longer than `maximumLineLength`, or a reply of more than
/// `maximumLines` lines, is an error, so a hostile server cannot make us buffer without bound.
public struct SMTPReplyReader: Sendable {
    public let maximumLineLength: Int
    /// The longest EHLO reply of a real server has a dozen or two lines.
    public let maximumLines: Int
    private var pending: [UInt8] = []
    private var code: Int?
    private var lines: [String] = []

    public init(maximumLineLength: Int = 4096, maximumLines: Int = 100) {
        self.maximumLineLength = maximumLineLength
        self.maximumLines = maximumLines
    }

    /// True when bytes or lines of an unfinished reply are buffered (after STARTTLS this means the
    /// server sent plaintext it should not have).
    public var hasBufferedInput: Bool { !pending.isEmpty || code != nil }

    /// Takes the next chunk of bytes and returns the replies it completes, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SMTPProtocolError) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        let tooLong = SMTPProtocolError("the server sent a line longer than \(maximumLineLength) bytes")
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                guard pending.count <= maximumLineLength else { throw tooLong }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll(keepingCapacity: true)
                if let reply = try feed(line: line) { replies.append(reply) }
            } else {
                pending.append(byte)
                // One byte more for the CR of the line end.
                guard pending.count <= maximumLineLength + 1 else { throw tooLong }
            }
        }
        return replies
    }

    /// Takes one line (without its line end); returns the reply it completes, if any.
    public mutating func feed(line: String) throws(SMTPProtocolError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0])
        else { throw SMTPProtocolError("malformed reply line '\(Self.shown(line))'") }
        let lineCode = Int(bytes[0] - 48) * 100 + Int(bytes[1] - 48) * 10 + Int(bytes[2] - 48)
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPProtocolError("malformed reply line '\(Self.shown(line))'")
        }
        if let code, code != lineCode {
            throw SMTPProtocolError("reply line '\(Self.shown(line))' continues a \(code) reply with another code")
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= maximumLines else { throw SMTPProtocolError("the server sent a reply of more than \(maximumLines) lines") }
        guard separator == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }

    /// At most 80 characters of a line, with nothing after a word `AUTH`.
    private static func shown(_ line: String) -> String {
        let line = CredentialRedactor.afterAuth(line)
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }
}

/// What a server says it can do in its EHLO reply (RFC 5321 4.1.1.1).
public struct SMTPCapabilities: Sendable, Equatable {
    public var startTLS = false
    /// Upper-cased, in the server's order.
    public var authMechanisms: [String] = []
    /// The largest message the server takes; nil when it gives none, 0 for no limit.
    public var size: Int?
    public var eightBitMIME = false

    public init() {}

    /// Reads the keyword lines after the greeting line. Also takes the old `AUTH=PLAIN LOGIN` form.
    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "8BITMIME": eightBitMIME = true
            case "SIZE": size = words.count > 1 ? Int(words[1]) : 0
            case "AUTH": authMechanisms += words.dropFirst().filter { !authMechanisms.contains($0) }
            default:
                if keyword.hasPrefix("AUTH=") {
                    let first = String(keyword.dropFirst(5))
                    authMechanisms += ([first] + words.dropFirst()).filter { !$0.isEmpty && !authMechanisms.contains($0) }
                }
            }
        }
    }
}

/// The DATA section: RFC 5321 4.5.2 transparency.
public enum SMTPData {
    /// Line ends normalised to CRLF (a bare CR or LF becomes one), every line that starts with "."
    /// given another, and the terminating `CRLF . CRLF` added (after a final CRLF if the message
    /// lacks one).
    public static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        var atLineStart = true
        var i = 0
        while i < message.count {
            let byte = message[i]
            if byte == cr || byte == lf {
                out += [cr, lf]
                if byte == cr, i + 1 < message.count, message[i + 1] == lf { i += 1 }
                atLineStart = true
            } else {
                if atLineStart && byte == dot { out.append(dot) }
                out.append(byte)
                atLineStart = false
            }
            i += 1
        }
        if !atLineStart { out += [cr, lf] }
        out += [dot, cr, lf]
        return out
    }
}

/// AUTH initial responses (base64, as sent after the mechanism name or after a 334 prompt).
public enum SMTPAuthentication {
    /// RFC 4616: an empty authorisation identity, the user and the password, NUL-separated.
    public static func plain(user: String, password: String) -> String {
        Base64.encode([0] + Array(user.utf8) + [0] + Array(password.utf8))
    }

    /// The two answers to LOGIN's "Username:" and "Password:" prompts.
    public static func login(user: String, password: String) -> (user: String, password: String) {
        (Base64.encode(Array(user.utf8)), Base64.encode(Array(password.utf8)))
    }

    /// Google's and Microsoft's XOAUTH2: `user=U ^A auth=Bearer T ^A ^A`.
    public static func xoauth2(user: String, token: String) -> String {
        Base64.encode(Array("user=\(user)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8))
    }
}

/// Envelope addresses for MAIL FROM and RCPT TO.
public enum SMTPAddress {
    /// The address, or an error if `MailAddress`'s rule refuses it (the one the configuration checks
    /// too): empty, too long, not ASCII, or holding a character that could end the command or the
    /// angle brackets early (CR, LF, `<`, `>`, space, controls). A digest's recipient comes from data,
    /// and must not be able to inject commands.
    public static func validated(_ address: String) throws(SMTPProtocolError) -> String {
        if let problem = MailAddress.problem(address) { throw SMTPProtocolError("the address '\(shown(address))' \(problem)") }
        return address
    }

    /// `MAIL FROM:<from>` with ` SIZE=n` when the server announced SIZE.
    public static func mailFrom(_ from: String, size: Int? = nil) throws(SMTPProtocolError) -> String {
        let command = "MAIL FROM:<\(try validated(from))>"
        return size.map { "\(command) SIZE=\($0)" } ?? command
    }

    /// `RCPT TO:<to>`.
    public static func rcptTo(_ to: String) throws(SMTPProtocolError) -> String { "RCPT TO:<\(try validated(to))>" }

    private static func shown(_ address: String) -> String {
        String(address.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}
