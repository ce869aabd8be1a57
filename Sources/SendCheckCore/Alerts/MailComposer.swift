/// Builds the RFC 5322 message of a digest: multipart/alternative (text, then HTML), 7-bit
/// quoted-printable bodies, a subject encoded per RFC 2047 when it is not ASCII, and a stable
/// Message-ID.
public enum MailComposer {
    /// - Parameters:
    ///   - date: the `Date:` header (RFC 5322), from the caller's clock.
    ///   - runKey: what makes the same digest the same message (the as-of date and the events).
    public static func compose(from: String, to: String, rendered: DigestRenderer.Rendered, date: String, runKey: String) -> OutgoingMail {
        let hash = KeyedHash.sha256Hex(Array("\(to)\n\(runKey)\n\(rendered.subject)\n\(rendered.text)".utf8), bytes: 10)
        let domain = from.split(separator: "@").last.map(String.init) ?? "sendcheck.invalid"
        let messageID = "\(hash).sendcheck@\(domain)"
        let boundary = "=_sendcheck_\(hash)"
        var lines = [
            "From: SEND deadlines <\(from)>",
            "To: <\(to)>",
            subjectHeader(rendered.subject),
            "Date: \(date)",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "X-Auto-Response-Suppress: All",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            quotedPrintable(rendered.text),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            quotedPrintable(rendered.html),
            "--\(boundary)--",
        ]
        lines.append("")
        let bytes = Array(lines.joined(separator: "\r\n").utf8)
        return OutgoingMail(
            messageID: messageID, from: from, to: to, subject: rendered.subject, text: rendered.text, html: rendered.html, bytes: bytes)
    }

    /// `=XX` for a byte in quoted-printable.
    static func escaped(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return b < 16 ? "=0" + s : "=" + s
    }

    /// The subject as is when it is printable ASCII, else as RFC 2047 base64 words.
    public static func encodedWord(_ s: String) -> String {
        let clean = s.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? " " : String($0) }.joined()
        if clean.utf8.allSatisfy({ $0 < 128 }) { return clean }
        // Words of at most 42 bytes of UTF-8 (56 of base64, 68 with the markers), split between
        // characters, so that `Subject: ` and the first word stay within 78 characters.
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in clean {
            let b = Array(String(ch).utf8)
            if chunk.count + b.count > 42 {
                words.append("=?utf-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += b
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Base64.encode(chunk))?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Subject: ...`, folded (RFC 5322 section 2.2.3) into lines of at most 78 characters where it
    /// has spaces to break at; a subject outside ASCII is RFC 2047 words, one per line.
    static func subjectHeader(_ subject: String) -> String {
        let encoded = encodedWord(subject)
        guard !encoded.hasPrefix("=?") else { return "Subject: " + encoded }
        var lines: [String] = []
        var current = "Subject:"
        for word in encoded.split(separator: " ") {
            if current != "Subject:", current.count + 1 + word.count > 78 {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// Quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends.
    public static func quotedPrintable(_ text: String) -> String {
        var out: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        for line in lines {
            var current = ""
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let last = i == bytes.count - 1
                let piece: String
                if (b == 32 || b == 9) && last {
                    piece = escaped(b)
                } else if (b >= 33 && b <= 126 && b != 61) || b == 32 || b == 9 {
                    piece = String(UnicodeScalar(b))
                } else {
                    piece = escaped(b)
                }
                if current.count + piece.count > 75 {
                    out.append(current + "=")
                    current = ""
                }
                current += piece
            }
            out.append(current)
        }
        return out.joined(separator: "\r\n")
    }
}
