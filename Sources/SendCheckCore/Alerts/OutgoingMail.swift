/// One digest as it leaves sendcheck: a whole RFC 5322 message for one recipient.
///
/// `bytes` is what a transport sends (SMTP `DATA`, sendmail's standard input, an `.eml` file): CRLF
/// line ends, 7-bit (bodies quoted-printable, non-ASCII subjects as RFC 2047 words). The other
/// fields are there for transports that take them apart (GOV.UK Notify takes a subject and a body).
public struct OutgoingMail: Sendable, Equatable {
    /// Without angle brackets: `<digest hash>.<as-of>@sendcheck`. Stable for the same digest, so a
    /// resend after a crash between the server's acceptance and our record is recognisable.
    public var messageID: String
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var bytes: [UInt8]

    public init(messageID: String, from: String, to: String, subject: String, text: String, html: String, bytes: [UInt8]) {
        self.messageID = messageID
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.bytes = bytes
    }
}

/// What became of one message handed to a transport.
public enum Delivery: Sendable, Equatable {
    /// The server took responsibility for it (SMTP 250 after DATA, Notify 201, sendmail exit 0,
    /// the file written). `detail` is the server's reply, for the log.
    case accepted(detail: String)
    /// The server refused this message (SMTP 5xx/4xx to RCPT or DATA, Notify 400/403). Permanent
    /// refusals are kept and retried on later runs all the same: the operator must see them.
    case refused(permanent: Bool, detail: String)
    /// It could not be handed over (connection refused or dropped, a timeout, TLS failed, 429 after
    /// retries): not sent, to be sent on the next run.
    case failed(detail: String)

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    public var detail: String {
        switch self {
        case .accepted(let d), .refused(_, let d), .failed(let d): return d
        }
    }
}
