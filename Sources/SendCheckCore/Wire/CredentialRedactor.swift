/// Keeps credentials out of what the alert job stores and prints. A server's replies go into the
/// state (`message.last_error`, `message.server_reply`) and onto standard error, and a server may
/// echo what it was sent: the AUTH command, a LOGIN answer, a token.
public struct CredentialRedactor: Sendable {
    /// The secret and every form it is sent in (AUTH PLAIN's, LOGIN's and XOAUTH2's base64).
    let forms: [String]

    /// Fragments of a form this long or longer are hidden too: a reply cut short still shows no
    /// more than a few characters of a credential.
    static let shortestFragment = 8

    /// Nothing to hide when there is no secret.
    public init(secret: String?, user: String?) {
        guard let secret, !secret.isEmpty else {
            forms = []
            return
        }
        let user = user ?? ""
        forms = [
            secret, SMTPAuthentication.plain(user: user, password: secret), SMTPAuthentication.login(user: user, password: secret).password,
            SMTPAuthentication.xoauth2(user: user, token: secret),
        ]
    }

    /// `text` with each form of the secret, and each run of eight or more base64 or token characters
    /// that is part of one, replaced by `[secret]`.
    public func redact(_ text: String) -> String {
        guard !forms.isEmpty else { return text }
        var out = text
        for form in forms { out = out.replacing(form, with: "[secret]") }
        var result = ""
        var run = ""
        for character in out {
            if Self.isTokenCharacter(character) {
                run.append(character)
                continue
            }
            result += hidden(run)
            run = ""
            result.append(character)
        }
        return result + hidden(run)
    }

    private func hidden(_ run: String) -> String {
        guard run.count >= Self.shortestFragment, forms.contains(where: { $0.contains(run) }) else { return run }
        return "[secret]"
    }

    private static func isTokenCharacter(_ c: Character) -> Bool {
        guard c.isASCII else { return false }
        return c.isLetter || c.isNumber || "+/=_.~-".contains(c)
    }

    /// `line` with everything after a word `AUTH` (in any case) replaced by `[redacted]`: a server
    /// that quotes the command it refused would otherwise repeat the credentials that followed it.
    public static func afterAuth(_ line: String) -> String {
        let bytes = Array(line.utf8)
        let auth = Array("auth".utf8)
        var i = 0
        while i + 4 < bytes.count {
            let startsWord = i == 0 || !isAlphanumeric(bytes[i - 1])
            if startsWord, (0..<4).allSatisfy({ bytes[i + $0] | 0x20 == auth[$0] }), !isAlphanumeric(bytes[i + 4]) {
                return String(decoding: bytes[..<(i + 4)], as: UTF8.self) + " [redacted]"
            }
            i += 1
        }
        return line
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
