import Foundation
import SendCheckCore
import Testing

/// The expected token was computed once with Python's hmac, hashlib and base64 modules, not with this code.
@Suite("Notify request")
struct NotifyRequestTests {
    static let serviceID = "26785a09-ab16-4eb0-8407-a37497a57506"
    static let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    static let key = "sendcheck_live-\(serviceID)-\(secret)"

    static func mail(subject: String = "SEND: 3 overdue", text: String = "Hello") -> OutgoingMail {
        OutgoingMail(
            messageID: "abc123.2025-01-31@sendcheck", from: "alerts@council.example", to: "team@council.example", subject: subject, text: text,
            html: "<p>Hello</p>", bytes: [])
    }

    @Test("an API key splits into the service id (iss) and the secret key")
    func keyParses() throws {
        let key = try NotifyAPIKey.parse(Self.key).get()
        #expect(key.serviceID == Self.serviceID)
        #expect(key.secret == Self.secret)
        // A name with dashes of its own, and upper-case hex, are fine.
        let dashed = try NotifyAPIKey.parse("my-test-key-\(Self.serviceID.uppercased())-\(Self.secret)").get()
        #expect(dashed.serviceID == Self.serviceID.uppercased())
        #expect(dashed.secret == Self.secret)
    }

    @Test("a key that is short, cut or padded is refused, and the error never quotes it")
    func badKeys() {
        let bad = [
            "", String(Self.key.dropLast()), Self.key + "x", "name-\(Self.serviceID)_\(Self.secret)", "name_\(Self.serviceID)-\(Self.secret)",
            "name-\(Self.serviceID)-\(Self.secret.replacingOccurrences(of: "e", with: "g"))",
            "name-\(Self.serviceID.replacingOccurrences(of: "-", with: "x"))-\(Self.secret)",
        ]
        for key in bad {
            guard case .failure(let error) = NotifyAPIKey.parse(key) else {
                Issue.record("accepted a bad key of \(key.count) characters")
                continue
            }
            #expect(error.message.contains("GOV.UK Notify API key"))
            #expect(!error.message.contains(Self.secret.prefix(8)))
            #expect(!error.message.contains(Self.serviceID.prefix(8)))
        }
    }

    @Test("a parsed key prints the service, never the secret")
    func keyDescription() throws {
        let key = try NotifyAPIKey.parse(Self.key).get()
        for text in [String(describing: key), String(reflecting: key), "\(key)"] {
            #expect(!text.contains(Self.secret))
            #expect(text.contains(Self.serviceID))
        }
    }

    @Test("the JWT matches one computed independently (Python hmac + hashlib)")
    func jwtKnownValue() {
        let token = NotifyRequest.jwt(serviceID: Self.serviceID, secret: Self.secret, issuedAt: 1_700_000_000)
        #expect(
            token
                == "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiIyNjc4NWEwOS1hYjE2LTRlYjAtODQwNy1hMzc0OTdhNTc1MDYiLCJpYXQiOjE3MDAwMDAwMDB9"
                + ".q1v0ZBAPOtT5-Ng39fZDm8ojJu-wrEQD-OrsVHHKnIM")
        // Another time or another secret gives another signature.
        #expect(NotifyRequest.jwt(serviceID: Self.serviceID, secret: Self.secret, issuedAt: 1_700_000_001) != token)
        #expect(NotifyRequest.jwt(serviceID: Self.serviceID, secret: String(Self.secret.reversed()), issuedAt: 1_700_000_000) != token)
    }

    @Test("the JWT's parts decode to Notify's header and claims")
    func jwtParts() throws {
        let parts = NotifyRequest.jwt(serviceID: Self.serviceID, secret: Self.secret, issuedAt: 42).split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
        #expect(Base64.decode(parts[0]).map { String(decoding: $0, as: UTF8.self) } == #"{"typ":"JWT","alg":"HS256"}"#)
        #expect(Base64.decode(parts[1]).map { String(decoding: $0, as: UTF8.self) } == #"{"iss":"\#(Self.serviceID)","iat":42}"#)
        #expect(Base64.decode(parts[2])?.count == 32)
    }

    @Test("the body carries the subject, the text and the Message-ID as the reference")
    func body() {
        let body = NotifyRequest.body(for: Self.mail(), templateID: "f33517ff-2a88-4f6e-b855-c550268ce08a")
        #expect(
            body
                == #"{"email_address": "team@council.example", "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a", "#
                + #""personalisation": {"subject": "SEND: 3 overdue", "body": "Hello"}, "reference": "abc123.2025-01-31@sendcheck"}"#)
    }

    @Test("quotes, backslashes, line ends, control characters and non-ASCII survive as JSON")
    func bodyEscaping() throws {
        let subject = #"Ysgol "Gymraeg" \ Bro Morgannwg – 2 ddyledus"#
        let text = "Line one\r\nLine \"two\"\ttab\u{1}\nCafé ✓ 🏫\n"
        let body = NotifyRequest.body(for: Self.mail(subject: subject, text: text), templateID: "t")
        #expect(body.contains(#"\"Gymraeg\" \\ Bro"#))
        #expect(body.contains(#"Line one\r\nLine \"two\"\ttab\u0001\nCafé ✓ 🏫\n"#))
        #expect(!body.contains("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let personalisation = try #require(object["personalisation"] as? [String: String])
        #expect(personalisation["subject"] == subject)
        #expect(personalisation["body"] == text)
        #expect(object["reference"] as? String == "abc123.2025-01-31@sendcheck")
    }

    @Test("headers: a bearer token, JSON and the user agent")
    func headers() {
        let headers = NotifyRequest.headers(token: "a.b.c")
        #expect(headers.map(\.name) == ["Authorization", "Content-Type", "User-Agent"])
        #expect(headers.map(\.value) == ["Bearer a.b.c", "application/json", "sendcheck"])
    }

    @Test("201 is accepted with the notification id")
    func accepted() {
        #expect(
            NotifyRequest.outcome(of: NotifyReply(status: 201, id: "740e5834-3a29-46b4-9a6f-16142fde533a"))
                == .settled(.accepted(detail: "GOV.UK Notify 201, notification 740e5834-3a29-46b4-9a6f-16142fde533a")))
        #expect(
            NotifyRequest.outcome(of: NotifyReply(status: 201)) == .settled(.accepted(detail: "GOV.UK Notify 201 (no notification id in the reply)")))
    }

    @Test("400 refuses this message, 403 every message, 429 retries, 500 fails")
    func errors() {
        let bad = NotifyReply(status: 400, error: "BadRequestError", message: "Can’t send to this recipient using a team-only API key")
        #expect(
            NotifyRequest.outcome(of: bad)
                == .settled(
                    .refused(permanent: true, detail: "GOV.UK Notify 400 BadRequestError: Can’t send to this recipient using a team-only API key")))
        let validation = NotifyReply(status: 400, error: "ValidationError", message: "template_id is not a valid UUID")
        #expect(
            NotifyRequest.outcome(of: validation)
                == .settled(.refused(permanent: true, detail: "GOV.UK Notify 400 ValidationError: template_id is not a valid UUID")))
        let auth = NotifyReply(status: 403, error: "AuthError", message: "Invalid token: API key not found")
        #expect(
            NotifyRequest.outcome(of: auth)
                == .refuseAll(.refused(permanent: true, detail: "GOV.UK Notify 403 AuthError: Invalid token: API key not found")))
        let missing = NotifyReply(status: 401, error: "AuthError", message: "Unauthorized: authentication token must be provided")
        guard case .refuseAll = NotifyRequest.outcome(of: missing) else {
            Issue.record("401 should refuse every message")
            return
        }
        let rate = NotifyReply(status: 429, error: "RateLimitError", message: "Exceeded rate limit for key type live of 3000 requests per 60 seconds")
        #expect(
            NotifyRequest.outcome(of: rate)
                == .retry(detail: "GOV.UK Notify 429 RateLimitError: Exceeded rate limit for key type live of 3000 requests per 60 seconds"))
        let daily = NotifyReply(status: 429, error: "TooManyRequestsError", message: "Exceeded send limits (email: 250000) for today")
        #expect(
            NotifyRequest.outcome(of: daily)
                == .retry(detail: "GOV.UK Notify 429 TooManyRequestsError: Exceeded send limits (email: 250000) for today"))
        let boom = NotifyReply(status: 500, error: "Exception", message: "Internal server error")
        #expect(NotifyRequest.outcome(of: boom) == .settled(.failed(detail: "GOV.UK Notify 500 Exception: Internal server error")))
    }

    @Test("a reply that is not Notify's JSON is summed up on one short line")
    func otherReplies() {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\n" + String(repeating: "x", count: 500)
        guard case .settled(.failed(let detail)) = NotifyRequest.outcome(of: NotifyReply(status: 502, body: page)) else {
            Issue.record("502 should fail")
            return
        }
        #expect(detail.hasPrefix("GOV.UK Notify 502: <html> <head><title>502 Bad Gateway</title></head> xxx"))
        #expect(!detail.contains("\n") && !detail.contains("\r"))
        #expect(detail.count < 230)
        #expect(NotifyRequest.outcome(of: NotifyReply(status: 404)) == .settled(.refused(permanent: true, detail: "GOV.UK Notify 404")))
        #expect(NotifyRequest.outcome(of: NotifyReply(status: 302)) == .settled(.failed(detail: "GOV.UK Notify 302")))
    }

    @Test("the base URL: https anywhere, http only on this machine")
    func endpoints() throws {
        let notify = try NotifyEndpoint.parse(baseURL: "https://api.notifications.service.gov.uk").get()
        #expect(notify == NotifyEndpoint(tls: true, host: "api.notifications.service.gov.uk", port: 443))
        #expect(notify.emailPath == "/v2/notifications/email")
        #expect(notify.hostHeader == "api.notifications.service.gov.uk")
        let local = try NotifyEndpoint.parse(baseURL: "http://127.0.0.1:8123/").get()
        #expect(local == NotifyEndpoint(tls: false, host: "127.0.0.1", port: 8123))
        #expect(local.hostHeader == "127.0.0.1:8123")
        let proxied = try NotifyEndpoint.parse(baseURL: "HTTPS://proxy.council.example:8443/notify/").get()
        #expect(proxied.emailPath == "/notify/v2/notifications/email")
        #expect(proxied.port == 8443)
        let v6 = try NotifyEndpoint.parse(baseURL: "http://[::1]:9000").get()
        #expect(v6.host == "::1" && v6.hostHeader == "[::1]:9000")
        for bad in [
            "http://api.notifications.service.gov.uk", "ftp://x", "api.notifications.service.gov.uk", "https://", "https://h:0", "https://h:x",
            "https://user@h", "https://h/p?q=1", "http://[::1",
        ] {
            #expect(throws: AlertSettingsError.self, "\(bad)") { try NotifyEndpoint.parse(baseURL: bad).get() }
        }
    }
}
