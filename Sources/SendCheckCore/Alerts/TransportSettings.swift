/// Where a secret comes from. Secrets never appear on the command line, in the configuration's text
/// or in a log: the configuration names an environment variable, a file or a command (like msmtp's
/// `passwordeval`) whose first line of output is the secret (an OAuth token is short-lived, so a
/// command that fetches a fresh one suits Microsoft 365).
public enum SecretSource: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)
    case command(String)

    /// Names the source, never the secret.
    public var description: String {
        switch self {
        case .environment(let name): return "environment variable \(name)"
        case .file(let path): return "file \(path)"
        case .command(let command): return "command '\(command)'"
        }
    }
}

/// How sendcheck proves who it is to an SMTP server.
public enum SMTPAuthMechanism: String, Sendable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
    /// OAuth 2.0 bearer token (Microsoft 365 and Google): `user=...\u{1}auth=Bearer ...\u{1}\u{1}`.
    case xoauth2 = "XOAUTH2"
}

/// An SMTP server and how to talk to it.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        /// No TLS (a relay on the same host or a test server only).
        case plain
        /// Plain connection upgraded with STARTTLS; refused if the server does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var secret: SecretSource?
    /// Nil: the first the server offers of XOAUTH2 (only with `xoauth2` set), PLAIN, LOGIN.
    public var mechanism: SMTPAuthMechanism?
    /// Extra trust roots (a PEM file), for a council's own certificate authority or a test server.
    /// Certificates are verified whatever this says.
    public var caFile: String?
    public var connectTimeout: Int = 30
    public var replyTimeout: Int = 60
    /// Seconds one message may take, from MAIL FROM to the reply after its data.
    public var messageTimeout: Int = 300
    public var limits = DeliveryLimits()
    /// The name sendcheck gives in EHLO.
    public var helo: String = "localhost"

    public init(host: String, port: Int, security: Security) {
        self.host = host
        self.port = port
        self.security = security
    }

    /// `smtp://host:port` (plain), `smtp+starttls://host:587`, `smtps://host:465`. The port defaults
    /// to 25, 587 and 465. A user name may come before `@`; a password in the URL is refused (it would
    /// be on the command line and in the process list).
    public static func parse(url: String) -> Result<SMTPSettings, AlertSettingsError> {
        let schemes: [(String, Security, Int)] = [("smtp+starttls://", .startTLS, 587), ("smtps://", .tls, 465), ("smtp://", .plain, 25)]
        guard let (prefix, security, port) = schemes.first(where: { url.lowercased().hasPrefix($0.0) }) else {
            return .failure(AlertSettingsError("'\(url)' is not an SMTP URL: use smtp://host:port, smtp+starttls://host:587 or smtps://host:465"))
        }
        var rest = Substring(url.dropFirst(prefix.count))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let u = rest[..<at]
            if u.contains(":") {
                return .failure(
                    AlertSettingsError("a password in an SMTP URL would be seen in the process list: give it with 'password' under alerts.transport"))
            }
            user = u.isEmpty ? nil : String(u)
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest)
        var number = port
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return .failure(AlertSettingsError("'\(url)': an IPv6 address needs a closing ']'")) }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let n = Int(after.dropFirst()), (1...65535).contains(n) else {
                    return .failure(AlertSettingsError("'\(url)': the port must be a number from 1 to 65535"))
                }
                number = n
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let n = Int(host[host.index(after: colon)...]), (1...65535).contains(n) else {
                return .failure(AlertSettingsError("'\(url)': the port must be a number from 1 to 65535"))
            }
            number = n
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { return .failure(AlertSettingsError("'\(url)' names no host")) }
        var s = SMTPSettings(host: host, port: number, security: security)
        s.username = user
        return .success(s)
    }
}

/// GOV.UK Notify: an email template whose personalisation carries the subject and the body.
public struct NotifySettings: Sendable, Equatable {
    /// The API key (`name-serviceid-secret`, 74 characters) comes from here, never the config text.
    public var apiKey: SecretSource
    /// A template whose subject is `((subject))` and whose body is `((body))`.
    public var templateID: String
    public var baseURL: String = "https://api.notifications.service.gov.uk"
    /// Seconds for one request, connecting included.
    public var timeout: Int = 30
    public var limits = DeliveryLimits()

    public init(apiKey: SecretSource, templateID: String) {
        self.apiKey = apiKey
        self.templateID = templateID
    }
}

/// A local MTA (`sendmail -i -f FROM -- TO`, the message on its standard input).
public struct SendmailSettings: Sendable, Equatable {
    public var path: String
    /// Seconds the program may take for one message; then it is stopped.
    public var timeout: Int = 60
    public var limits = DeliveryLimits()

    public init(path: String) { self.path = path }
}

/// What every transport but the outbox keeps to over one night, so that a server (or program) that
/// is down, slow or hostile cannot hold the job, and the state's lock, for hours: a deadline for
/// the night's sending, and a stop after a run of failures. What is not attempted stays queued for
/// the next run.
public struct DeliveryLimits: Sendable, Equatable {
    /// Seconds the night's sending may take (`run_timeout`).
    public var runSeconds: Int = 3600
    /// Failed deliveries in a row after which the rest are not attempted (`max_failures`). A
    /// permanent refusal (a recipient the server does not know) is an answer, not a failure.
    public var failuresInARow: Int = 5

    public init() {}
}

/// How digests leave sendcheck.
public enum TransportSettings: Sendable, Equatable {
    case smtp(SMTPSettings)
    case notify(NotifySettings)
    /// A local MTA: the message on the program's standard input (`sendmail -i -- TO` style).
    case sendmail(SendmailSettings)
    /// Each message written as an `.eml` file into a folder.
    case outbox(folder: String)
}

/// A problem with the alert settings that is not tied to a place in a file (a command-line URL).
public struct AlertSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
