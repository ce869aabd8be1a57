import Foundation
import SendCheckCore

/// The bundled rules (the statutory pack and the others).
func loadRules() -> RuleSet {
    var diagnostics = Diagnostics()
    let sources = BundledRules.files.map { RuleSetLoader.Source(path: $0.path, text: $0.text + "\n") }
    return RuleSetLoader.load(sources, diagnostics: &diagnostics)!
}

/// Fuzz bytes read front to back; past the end every read is zero, so a short input means defaults.
struct FuzzBytes {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isEmpty: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func int16() -> Int { Int(Int16(bitPattern: UInt16(byte()) << 8 | UInt16(byte()))) }

    mutating func int64() -> Int {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(byte()) }
        return Int(Int64(bitPattern: v))
    }

    /// A length byte, then up to that many bytes as UTF-8 (repaired, as a database's TEXT would be).
    mutating func string(max: Int = 96) -> String {
        let n = min(Int(byte()) % (max + 1), bytes.count - min(offset, bytes.count))
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
    }

    /// One of `pool` (most bytes), or a string of the fuzzer's own.
    mutating func pick(_ pool: [String]) -> String {
        let b = byte()
        return b < 0xF0 ? pool[Int(b) % pool.count] : string()
    }

    mutating func pickOptional(_ pool: [String?]) -> String? {
        let b = byte()
        return b < 0xF0 ? pool[Int(b) % pool.count] : string()
    }
}

/// Invariants: a violation aborts, which libFuzzer records as a crash with its input.
enum Check {
    /// FUZZ_DEBUG=1 prints what a target made (run the binary on one input to see it).
    static let debug = ProcessInfo.processInfo.environment["FUZZ_DEBUG"] == "1"

    static func that(_ condition: Bool, _ message: @autoclosure () -> String) {
        if condition { return }
        FileHandle.standardError.write(Data(("fuzz invariant failed: " + message() + "\n").utf8))
        abort()
    }

    /// Whether `needle` occurs in `haystack` (bytes; Foundation's `contains` is slow on Linux).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            guard let at = haystack[i...last].firstIndex(of: first) else { return false }
            var j = 1
            while j < needle.count, haystack[at + j] == needle[j] { j += 1 }
            if j == needle.count { return true }
            i = at + 1
        }
        return false
    }

    /// Tags a self-contained page (digest or board) never holds, whatever the data: an opening `<`
    /// followed, in any case, by one of these names.
    static let forbiddenTags = ["script", "iframe", "img", "object", "embed", "link", "form", "base"].map { Array($0.utf8) }

    static func noActiveHTML(_ html: String, _ what: String) {
        let u = Array(html.utf8)
        var i = 0
        while let lt = u[i...].firstIndex(of: UInt8(ascii: "<")) {
            for t in forbiddenTags where lt + t.count < u.count {
                var same = true
                for j in 0..<t.count where u[lt + 1 + j] | 0x20 != t[j] {
                    same = false
                    break
                }
                Check.that(!same, "\(what): an unescaped <\(String(decoding: t, as: UTF8.self)) in the HTML")
            }
            i = lt + 1
        }
    }

    /// An RFC 5322 message as MailComposer builds it: 7-bit, CRLF only (no bare CR or LF), lines of
    /// at most 998 bytes, and exactly the headers it writes, in order (a header value that broke its
    /// line would show up as a header of its own).
    static func mail(_ mail: OutgoingMail, _ rendered: DigestRenderer.Rendered) {
        let b = mail.bytes
        Check.that(b.allSatisfy { $0 < 128 }, "mail to \(mail.to): not 7-bit")
        var lineStart = 0
        for (i, c) in b.enumerated() {
            if c == 13 { Check.that(i + 1 < b.count && b[i + 1] == 10, "mail to \(mail.to): a bare CR at byte \(i)") }
            if c == 10 {
                Check.that(i > 0 && b[i - 1] == 13, "mail to \(mail.to): a bare LF at byte \(i)")
                Check.that(i - 1 - lineStart <= 998, "mail to \(mail.to): a line longer than 998 bytes")
                lineStart = i + 1
            }
        }
        // The header block: lines up to the first empty one; a line starting with a space continues a header.
        var names: [String] = []
        var start = 0
        while true {
            guard let cr = b[start...].firstIndex(of: 13) else {
                Check.that(false, "mail to \(mail.to): no end of headers")
                return
            }
            if cr == start { break }
            if b[start] != 32 {
                let line = b[start..<cr]
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                    Check.that(false, "mail to \(mail.to): a header line without a name: \(String(decoding: line, as: UTF8.self).debugDescription)")
                    return
                }
                names.append(String(decoding: b[start..<colon], as: UTF8.self))
            }
            start = cr + 2
        }
        let expected = [
            "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "X-Auto-Response-Suppress", "Content-Type",
        ]
        Check.that(names == expected, "mail to \(mail.to): headers \(names)")
        // The subject is also handed as is to transports that take it apart (GOV.UK Notify).
        Check.that(
            !rendered.subject.unicodeScalars.contains { $0 == "\r" || $0 == "\n" },
            "a subject with a line break: \(rendered.subject.debugDescription)")
        noActiveHTML(rendered.html, "digest to \(mail.to)")
    }

    /// The board CSV: every record has the header's 11 fields, and no field a spreadsheet would read
    /// as a formula.
    static func boardCSV(_ csv: String) {
        let u = Array(csv.utf8)
        var i = 0
        var record = 0
        while i < u.count {
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var quoted = false
            var atStart = true
            var ended = false
            while i < u.count {
                let c = u[i]
                if quoted {
                    if c == UInt8(ascii: "\"") {
                        if i + 1 < u.count, u[i + 1] == UInt8(ascii: "\"") {
                            field.append(c)
                            i += 2
                            continue
                        }
                        quoted = false
                    } else {
                        field.append(c)
                    }
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    Check.that(atStart, "board CSV record \(record): a quote inside an unquoted field")
                    quoted = true
                    atStart = false
                } else if c == UInt8(ascii: ",") {
                    fields.append(field)
                    field = []
                    atStart = true
                } else if c == 10 {
                    i += 1
                    ended = true
                    break
                } else {
                    Check.that(c != 13, "board CSV record \(record): a CR in an unquoted field")
                    field.append(c)
                    atStart = false
                }
                i += 1
            }
            Check.that(!quoted && ended, "board CSV record \(record): not ended")
            fields.append(field)
            Check.that(fields.count == BoardCSVRenderer.header.count, "board CSV record \(record): \(fields.count) fields")
            for f in fields {
                guard let first = f.first, "=+-@\t\r".utf8.contains(first) else { continue }
                Check.that(
                    Double(String(decoding: f, as: UTF8.self)) != nil,
                    "board CSV record \(record): a formula \(String(decoding: f, as: UTF8.self).debugDescription)")
            }
            record += 1
        }
    }
}
