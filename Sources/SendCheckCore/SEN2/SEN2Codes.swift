/// The code lists of the SEN2 return that sendcheck checks values against (`docs/sen2.md`).
public enum SEN2Codes {
    /// RequestOutcome: Y assess, N not assess, A not yet decided, W withdrawn, H historical.
    public static let outcomes = SEN2CodeList(["Y", "N", "A", "W", "H"])
    /// AssessmentOutcome adds S: plan issued after an assessment completed by another LA (UNSURE code).
    public static let assessmentOutcomes = SEN2CodeList(["Y", "N", "A", "W", "H", "S"])
    public static let requestSources = SEN2CodeList(["1", "2", "3", "4", "5"])
    public static let ceaseReasons = SEN2CodeList(["1", "2", "3", "4", "5", "6", "7", "8", "9"])
    /// ReviewOutcome: M maintain, C cease, A amend.
    public static let reviewOutcomes = SEN2CodeList(["M", "C", "A"])
    /// ReviewOutcome as the case field review_outcome: maintain, cease, amend.
    public static let reviewOutcomeWord = ["M": "keep", "C": "cease", "A": "amend"]
    public static let senTypes = SEN2CodeList(["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"])
    /// SENsetting, for a placement without a URN or UKPRN.
    public static let settings = SEN2CodeList(["OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"])
    /// PlacementRank and SENtypeRank.
    public static let ranks = SEN2CodeList(["1", "2"])

    /// The statutory pack's word for each SEN2 outcome (A is "not decided": no value).
    public static let requestOutcomeWord: [String: String] = ["Y": "assess", "N": "not_assess", "W": "withdrawn", "H": "historical"]
    public static let assessmentOutcomeWord: [String: String] = [
        "Y": "issue", "N": "not_issue", "W": "withdrawn", "H": "historical", "S": "historical",
    ]
}

/// One SEN2 code list. Codes are at most eight bytes, so a value is matched by packing its bytes
/// into a word, without making a string of it.
public struct SEN2CodeList: Sendable {
    public let codes: [String]
    private let packed: [UInt64]

    public init(_ codes: [String]) {
        precondition(codes.allSatisfy { $0.utf8.count <= 8 }, "SEN2 codes are at most eight bytes")
        self.codes = codes
        packed = codes.map { code in Array(code.utf8).withUnsafeBytes { Self.pack($0, upper: false) ?? 0 } }
    }

    /// The code `bytes` spell (compared without regard to case), or nil.
    @inline(__always)
    public func code(of bytes: UnsafeRawBufferPointer) -> String? {
        // Codes are almost always written in capitals: compare first, fold case only if that fails.
        guard let word = Self.pack(bytes, upper: false) else { return nil }
        if let i = packed.firstIndex(of: word) { return codes[i] }
        guard let upper = Self.pack(bytes, upper: true), upper != word, let i = packed.firstIndex(of: upper) else { return nil }
        return codes[i]
    }

    /// The codes, sorted and separated by commas (for messages).
    public var listed: String { codes.sorted().joined(separator: ", ") }

    /// The bytes as one word (the first byte lowest), nil when there are more than eight; a blank
    /// value packs to 0, which no code does.
    @inline(__always)
    private static func pack(_ bytes: UnsafeRawBufferPointer, upper: Bool) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var word: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            let c = upper && b >= 97 && b <= 122 ? b - 32 : b
            word |= UInt64(c) << (UInt64(i) * 8)
        }
        return word
    }
}
