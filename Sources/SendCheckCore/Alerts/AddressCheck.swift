/// Whether mail can be sent to an address, by the rule the SMTP transport keeps: at most 254 bytes of
/// printable ASCII (no SMTPUTF8), no `<`, `>`, `,` or `;`, one `@` with something before it and a
/// domain with a dot after it. Routing uses it for addresses read from case data.
public enum AddressCheck {
    public static func isSendable(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 254 else { return false }
        let forbidden: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";")]
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }
}
