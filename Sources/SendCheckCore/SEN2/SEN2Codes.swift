/// The code lists of the SEN2 return that sendcheck checks values against (`docs/sen2.md`).
public enum SEN2Codes {
    /// RequestOutcome: Y assess, N not assess, A not yet decided, W withdrawn, H historical.
    public static let outcomes: [String] = ["Y", "N", "A", "W", "H"]
    /// AssessmentOutcome adds S: plan issued after an assessment completed by another LA (UNSURE code).
    public static let assessmentOutcomes: [String] = ["Y", "N", "A", "W", "H", "S"]
    public static let requestSources: [String] = ["1", "2", "3", "4", "5"]
    public static let ceaseReasons: [String] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    /// ReviewOutcome: M maintain, C cease, A amend.
    public static let reviewOutcomes: [String] = ["M", "C", "A"]
    public static let senTypes: [String] = ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"]
    /// SENsetting, for a placement without a URN or UKPRN.
    public static let settings: [String] = ["OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"]

    /// The statutory pack's word for each SEN2 outcome (A is "not decided": no value).
    public static let requestOutcomeWord: [String: String] = ["Y": "assess", "N": "not_assess", "W": "withdrawn", "H": "historical"]
    public static let assessmentOutcomeWord: [String: String] = [
        "Y": "issue", "N": "not_issue", "W": "withdrawn", "H": "historical", "S": "historical",
    ]
}
