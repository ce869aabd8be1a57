/// A GOV.UK Notify API key taken apart: `{key name}-{service id}-{secret key}`. It never prints the
/// secret (`description` names the service only), and errors about a key never quote it.
public struct NotifyAPIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The service id, the JWT's `iss`: the 36 characters starting 73 from the end.
    public var serviceID: String
    /// The secret key that signs each token: the last 36 characters.
    public var secret: String

    public init(serviceID: String, secret: String) {
        self.serviceID = serviceID
        self.secret = secret
    }

    public var description: String { "GOV.UK Notify API key for service \(serviceID)" }
    public var debugDescription: String { description }

    /// Splits a key as Notify's own clients do (the secret last, the service id before it), checking
    /// that both are UUIDs so that a key cut short or pasted with extra text is caught before sending.
    public static func parse(_ key: String) -> Result<NotifyAPIKey, AlertSettingsError> {
        let chars = Array(key.utf8)
        let shape = "its name, the service id and the secret key joined by '-' (two UUIDs at the end)"
        guard chars.count >= 73 else {
            return .failure(AlertSettingsError("the GOV.UK Notify API key is \(chars.count) characters long, too short to be \(shape)"))
        }
        let secret = chars.suffix(36)
        let service = chars.dropLast(37).suffix(36)
        let dash = UInt8(ascii: "-")
        guard chars[chars.count - 37] == dash, chars.count == 73 || chars[chars.count - 74] == dash, isUUID(service), isUUID(secret)
        else {
            return .failure(AlertSettingsError("the GOV.UK Notify API key is not \(shape): check that it was copied whole"))
        }
        return .success(NotifyAPIKey(serviceID: String(decoding: service, as: UTF8.self), secret: String(decoding: secret, as: UTF8.self)))
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ chars: ArraySlice<UInt8>) -> Bool {
        guard chars.count == 36 else { return false }
        for (i, c) in chars.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == UInt8(ascii: "-") else { return false }
            } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) && !(UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c | 0x20) {
                return false
            }
        }
        return true
    }
}

/// Where Notify's API is: `https://host[:port][/prefix]`. Plain `http` is only for a test server on
/// this machine (127.0.0.1, localhost, ::1): the key's tokens must not cross a network in clear.
public struct NotifyEndpoint: Sendable, Equatable {
    public var tls: Bool
    public var host: String
    public var port: Int
    /// Without a trailing `/`; empty for the root.
    public var pathPrefix: String

    public init(tls: Bool, host: String, port: Int, pathPrefix: String = "") {
        self.tls = tls
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// The path that sends an email.
    public var emailPath: String { pathPrefix + "/v2/notifications/email" }

    /// The `Host` header: the port only when it is not the scheme's own.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    public static func parse(baseURL: String) -> Result<NotifyEndpoint, AlertSettingsError> {
        let lower = baseURL.lowercased()
        let tls: Bool
        if lower.hasPrefix("https://") {
            tls = true
        } else if lower.hasPrefix("http://") {
            tls = false
        } else {
            return .failure(AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)' must start with https://"))
        }
        var rest = Substring(baseURL.drop(while: { $0 != "/" }).dropFirst(2))
        var prefix = ""
        if let slash = rest.firstIndex(of: "/") {
            prefix = String(rest[slash...])
            rest = rest[..<slash]
        }
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard !rest.contains("@"), !prefix.contains("?"), !prefix.contains("#") else {
            return .failure(AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)' must be only a scheme, a host, a port and a path"))
        }
        var host = String(rest)
        var port = tls ? 443 : 80
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                return .failure(AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)': an IPv6 address needs a closing ']'"))
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { portText = after }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = String(host[..<colon])
        }
        if let portText {
            guard let n = Int(portText), (1...65535).contains(n) else {
                return .failure(AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)': the port must be a number from 1 to 65535"))
            }
            port = n
        }
        guard !host.isEmpty else { return .failure(AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)' names no host")) }
        guard tls || ["127.0.0.1", "localhost", "::1"].contains(host.lowercased()) else {
            return .failure(
                AlertSettingsError("the GOV.UK Notify base URL '\(baseURL)' must use https:// (http:// is for a test server on 127.0.0.1)"))
        }
        return .success(NotifyEndpoint(tls: tls, host: host, port: port, pathPrefix: prefix))
    }
}

/// What Notify answered, as the edge read it: the status, and from the JSON body the notification id
/// (201) or the first error's `error` and `message` (`{"status_code": 400, "errors": [...]}`).
public struct NotifyReply: Sendable, Equatable {
    public var status: Int
    public var id: String?
    public var error: String?
    public var message: String?
    /// The start of a body that is not Notify's JSON (a proxy's error page), on one line, for the log.
    public var excerpt: String

    public init(status: Int, id: String? = nil, error: String? = nil, message: String? = nil, body: String = "") {
        self.status = status
        self.id = id.map { Self.oneLine($0, limit: 100) }
        self.error = error.map { Self.oneLine($0, limit: 100) }
        self.message = message.map { Self.oneLine($0, limit: 500) }
        self.excerpt = Self.oneLine(body, limit: 200)
    }

    /// At most `limit` characters of `text`, control characters and runs of spaces made one space: a
    /// reply's text goes into a log line.
    static func oneLine(_ text: String, limit: Int) -> String {
        let line = text.unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) }
        return String(line).split(separator: " ").joined(separator: " ")
    }
}

/// What the transport does after a reply.
public enum NotifyOutcome: Sendable, Equatable {
    /// This message's fate is known.
    case settled(Delivery)
    /// 429 (rate or daily limit): wait and send it again; `detail` is for the `.failed` if retries run out.
    case retry(detail: String)
    /// 401/403: the key or the token is wrong (or the clock is), so every message would be refused:
    /// this one is, and the rest are not tried.
    case refuseAll(Delivery)
}

/// The pure half of sending through GOV.UK Notify: the token, the request and the meaning of a reply.
public enum NotifyRequest {
    public static let userAgent = "sendcheck"

    /// A JWT (RFC 7519) signed with HS256 under the secret key's UTF-8 bytes, as Notify wants it:
    /// header `{"typ":"JWT","alg":"HS256"}`, claims `{"iss": service id, "iat": epoch seconds}`.
    public static func jwt(serviceID: String, secret: String, issuedAt: Int) -> String {
        let header = Base64.encodeURL(Array(#"{"typ":"JWT","alg":"HS256"}"#.utf8))
        let claims = Base64.encodeURL(Array(("{\"iss\":" + JSONText.string(serviceID) + ",\"iat\":\(issuedAt)}").utf8))
        let signingInput = header + "." + claims
        let signature = KeyedHash.hmacSHA256(key: Array(secret.utf8), message: Array(signingInput.utf8))
        return signingInput + "." + Base64.encodeURL(signature)
    }

    /// The JSON body of `POST /v2/notifications/email`: the template's `((subject))` and `((body))`
    /// from the mail's subject and plain text, and the Message-ID as the reference.
    public static func body(for mail: OutgoingMail, templateID: String) -> String {
        let value: JSONValue = .object([
            "email_address": .string(mail.to),
            "template_id": .string(templateID),
            "personalisation": .object(["subject": .string(mail.subject), "body": .string(mail.text)]),
            "reference": .string(mail.messageID),
        ])
        return value.compact
    }

    /// The request's own headers (the edge adds Host, Content-Length and Connection).
    public static func headers(token: String) -> [(name: String, value: String)] {
        [("Authorization", "Bearer " + token), ("Content-Type", "application/json"), ("User-Agent", userAgent)]
    }

    /// Notify's reply mapped to a delivery, a retry or a refusal of everything.
    public static func outcome(of reply: NotifyReply) -> NotifyOutcome {
        var detail = "GOV.UK Notify \(reply.status)"
        if let error = reply.error {
            detail += " \(error)" + (reply.message.map { ": \($0)" } ?? "")
        } else if let message = reply.message {
            detail += ": \(message)"
        } else if !reply.excerpt.isEmpty {
            detail += ": \(reply.excerpt)"
        }
        switch reply.status {
        case 201:
            let id = reply.id.map { "GOV.UK Notify 201, notification \($0)" } ?? "GOV.UK Notify 201 (no notification id in the reply)"
            return .settled(.accepted(detail: id))
        case 401, 403: return .refuseAll(.refused(permanent: true, detail: detail))
        case 429: return .retry(detail: detail)
        case 400...499: return .settled(.refused(permanent: true, detail: detail))
        default: return .settled(.failed(detail: detail))
        }
    }
}
