/// Gives each SEN2 person a stable pseudonymous reference, so the same child has the same reference
/// run after run and no output carries a name, UPN, ULN, postcode or date of birth.
///
/// The reference is `P` and 16 hex digits of HMAC-SHA256 under a key kept in configuration, over the
/// person's UPN, else their ULN, else their names and date of birth (normalised). Without the key the
/// reference cannot be recomputed from a UPN, so a leaked report does not identify a child. When the
/// council's own person id is in the return (configuration names its element), that id is used as is.
public struct SEN2Pseudonym: Sendable {
    private let hasher: KeyedHasher

    public init(key: String) { hasher = KeyedHasher(key: Array(key.utf8)) }

    /// The smallest key accepted: shorter keys make references easy to recompute from UPNs.
    public static let minimumKeyLength = 16

    public func reference(for person: SEN2Block) -> String? {
        if let own = person.value(.personID) { return own }
        // The identity is hashed as bytes: "upn:" + the UPN in capitals, "uln:" + the ULN, or
        // "person:" + surname|forename|birth date, lower case without white space.
        var identity: [UInt8] = []
        identity.reserveCapacity(48)
        if let upn = person.value(.upn) {
            identity += "upn:".utf8
            for b in upn.utf8 { identity.append(b >= 97 && b <= 122 ? b - 32 : b) }
        } else if let uln = person.value(.uniqueLearnerNumber) {
            identity += "uln:".utf8
            identity += uln.utf8
        } else {
            let parts = [person.value(.surname), person.value(.forename), person.value(.personBirthDate)]
            guard parts.contains(where: { $0 != nil }) else { return nil }
            identity += "person:".utf8
            identity += parts.map { ($0 ?? "").lowercased().filter { !$0.isWhitespace } }.joined(separator: "|").utf8
        }
        return "P" + hasher.hexDigest(identity, bytes: 8)
    }
}
