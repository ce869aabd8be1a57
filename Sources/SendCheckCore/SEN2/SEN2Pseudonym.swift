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

    public func reference(for person: SEN2Person) -> String? {
        if let own = person.value(.personID, in: 0) { return own }
        // The identity is hashed as bytes: "upn:" + the UPN in capitals, "uln:" + the ULN, or
        // "person:" + surname|forename|birth date, lower case without white space.
        if let upn = person.filled(.upn, in: 0) {
            return person.withBytes(upn) { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 4) { identity in
                    (identity[0], identity[1], identity[2], identity[3]) = (
                        UInt8(ascii: "u"), UInt8(ascii: "p"), UInt8(ascii: "n"), UInt8(ascii: ":")
                    )
                    for (i, b) in bytes.enumerated() { identity[i + 4] = b >= 97 && b <= 122 ? b - 32 : b }
                    return hasher.hexDigest(UnsafeBufferPointer(identity), bytes: 8, after: UInt8(ascii: "P"))
                }
            }
        }
        var identity: [UInt8] = []
        if let uln = person.filled(.uniqueLearnerNumber, in: 0) {
            identity += "uln:".utf8
            person.withBytes(uln) { identity += $0 }
        } else {
            let parts = [person.value(.surname, in: 0), person.value(.forename, in: 0), person.value(.personBirthDate, in: 0)]
            guard parts.contains(where: { $0 != nil }) else { return nil }
            identity += "person:".utf8
            identity += parts.map { ($0 ?? "").lowercased().filter { !$0.isWhitespace } }.joined(separator: "|").utf8
        }
        return hasher.hexDigest(identity, bytes: 8, after: UInt8(ascii: "P"))
    }
}
