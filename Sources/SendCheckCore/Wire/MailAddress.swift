/// The one rule for an address sendcheck can send to. The configuration (`from`, `teams`,
/// `caseworkers`, `service`), routing (a caseworker cell that holds an address) and the SMTP
/// transport all use it, so an address that passes the configuration is never refused by the
/// transport for its form.
public enum MailAddress {
    /// Whether `text` is one address sendcheck can send to.
    public static func isSendable(_ text: String) -> Bool { problem(text) == nil }

    /// Why `text` is not an address sendcheck can send to, as the end of a sentence about it ("holds
    /// a space, ..."), or nil when it is one. The rule: at most 254 bytes of printable ASCII (sendcheck's
    /// SMTP speaks no SMTPUTF8), no `<`, `>`, `,` or `;` (nothing that could end an SMTP command or
    /// add a second recipient), one `@` with something before it and a domain with a dot after it.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > 254 { return "is longer than 254 bytes" }
        for byte in text.utf8 {
            switch byte {
            case 0..<0x21, 0x7F: return "holds a space, line end or control character"
            case 0x80...:
                return "is not ASCII: sendcheck sends mail without SMTPUTF8, so an address must be ASCII (a domain in its xn-- form)"
            case UInt8(ascii: "<"), UInt8(ascii: ">"): return "holds '<' or '>'"
            case UInt8(ascii: ","), UInt8(ascii: ";"): return "holds ',' or ';' (one address only)"
            default: continue
            }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return "has no '@'" }
        if parts.count > 2 { return "has more than one '@'" }
        if parts[0].isEmpty { return "has nothing before its '@'" }
        if !parts[1].contains(".") || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") {
            return "has no domain such as example.gov.uk after its '@'"
        }
        return nil
    }
}
