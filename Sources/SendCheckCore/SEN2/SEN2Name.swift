/// The elements of a SEN2 return that sendcheck reads (`docs/sen2.md`), by their lower-cased local
/// name. Blocks hold other elements; every other name is a value. Names are matched without regard
/// to case, and the spellings seen in the field (`PlanWPB`, `WPB`) are read as the DfE's.
public enum SEN2Name: String, Sendable, CaseIterable {
    // Blocks.
    case message, header, collectionDetails = "collectiondetails", source, persons, person, requests, assessment
    case namedPlan = "namedplan", planDetail = "plandetail", activePlans = "activeplans"
    case placementDetail = "placementdetail", senNeed = "senneed"
    // Header.
    case collection, year, referenceDate = "referencedate", sourceLevel = "sourcelevel", lea, softwareCode = "softwarecode"
    case release, serialNo = "serialno", dateTime = "datetime", dmo, dco, dsco
    // Module 1: person.
    case surname, forename, personBirthDate = "personbirthdate", sex, genderCurrent = "gendercurrent", ethnicity
    case postCode = "postcode", upn, uniqueLearnerNumber = "uniquelearnernumber", upnUnknown = "upnunknown"
    /// The council's own person id, when configuration names the element that holds it.
    case personID = "#personid"
    // Module 2: requests.
    case receivedDate = "receiveddate", requestSource = "requestsource", rya, requestOutcomeDate = "requestoutcomedate"
    case requestOutcome = "requestoutcome", requestMediation = "requestmediation", requestTribunal = "requesttribunal", exported
    // Module 3: assessment.
    case assessmentOutcome = "assessmentoutcome", assessmentOutcomeDate = "assessmentoutcomedate"
    case assessmentMediation = "assessmentmediation", assessmentTribunal = "assessmenttribunal"
    case otherMediation = "othermediation", otherTribunal = "othertribunal", week20
    // Module 4: named plan and plan detail.
    case startDate = "startdate", planRes = "planres", planWBP = "planwbp", pb, oa, dp, ceaseDate = "ceasedate", ceaseReason = "ceasereason"
    case urn, ukprn, senSetting = "sensetting", senSettingOther = "sensettingother", placementRank = "placementrank"
    case senUnitIndicator = "senunitindicator", resourcedProvisionIndicator = "resourcedprovisionindicator"
    // Module 5: active plans, placement detail, SEN need.
    case transferLA = "transferla", reviewMeeting = "reviewmeeting", reviewOutcome = "reviewoutcome", reviewDraft = "reviewdraft"
    case phaseTransferDueDate = "phasetransferduedate", phaseTransferFinalDate = "phasetransferfinaldate", lastReview = "lastreview"
    case entryDate = "entrydate", leavingDate = "leavingdate", res, wbp, attendancePattern = "attendancepattern"
    case senType = "sentype", senTypeRank = "sentyperank"

    /// Whether sendcheck reads the value at all. The others (ethnicity, postcode, sex, file metadata,
    /// free text) are passed over as the file is read: nothing uses them, and a postcode not kept is
    /// one that cannot leak.
    public var isRead: Bool {
        switch self {
        case .ethnicity, .postCode, .sex, .genderCurrent, .softwareCode, .release, .serialNo, .dateTime, .sourceLevel, .collection,
            .senSettingOther, .attendancePattern, .dp, .exported, .upnUnknown:
            return false
        default: return true
        }
    }

    /// Whether the value is a 0/1 flag that is only checked (Week20 is read, so it is not one of these).
    public var isCheckedFlag: Bool {
        switch self {
        case .requestMediation, .requestTribunal, .rya, .assessmentMediation, .assessmentTribunal, .otherMediation, .otherTribunal, .pb, .oa,
            .senUnitIndicator, .resourcedProvisionIndicator:
            return true
        default: return false
        }
    }

    /// Whether the element holds other elements.
    public var isBlock: Bool {
        switch self {
        case .message, .header, .collectionDetails, .source, .persons, .person, .requests, .assessment, .namedPlan, .planDetail,
            .activePlans, .placementDetail, .senNeed:
            return true
        default: return false
        }
    }

    /// Names by their hash (`XMLScanner.nameHash`), with the alternative spellings found in the field.
    public static func table(personID: String? = nil) -> SEN2NameTable {
        var table = SEN2NameTable()
        for name in allCases where name != .personID { table.insert(XMLScanner.nameHash(name.rawValue), name) }
        table.insert(XMLScanner.nameHash("planwpb"), .planWBP)
        table.insert(XMLScanner.nameHash("wpb"), .wbp)
        if let personID { table.insert(XMLScanner.nameHash(personID), .personID) }
        return table
    }
}

/// Element names by hash: a small open-addressed table, looked up once per start tag (a national
/// return has tens of millions), so it avoids the general dictionary's per-lookup hashing.
public struct SEN2NameTable: Sendable {
    private var keys = [UInt64](repeating: 0, count: 512)
    private var names = [SEN2Name?](repeating: nil, count: 512)

    mutating func insert(_ hash: UInt64, _ name: SEN2Name) {
        var i = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & 511
        while keys[i] != 0, keys[i] != hash { i = (i + 1) & 511 }
        keys[i] = hash
        names[i] = name
    }

    @inline(__always) public subscript(hash: UInt64) -> SEN2Name? {
        var i = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & 511
        while keys[i] != 0 {
            if keys[i] == hash { return names[i] }
            i = (i + 1) & 511
        }
        return nil
    }
}

/// One value element as written: its text and where it is.
public struct SEN2Item: Sendable, Equatable {
    public var name: SEN2Name
    public var text: String
    public var line: Int32
    public var column: Int32

    public init(name: SEN2Name, text: String, line: Int, column: Int) {
        self.name = name
        self.text = text
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }
}

/// One block of a SEN2 return (a person, a request, an assessment, ...) with its values and the
/// blocks inside it, in file order. Every block may repeat; the mapping decides what a repeat means.
public struct SEN2Block: Sendable {
    public var name: SEN2Name
    public var line: Int32
    public var column: Int32
    public var items: [SEN2Item] = []
    public var children: [SEN2Block] = []

    public init(name: SEN2Name, line: Int, column: Int) {
        self.name = name
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    /// The first value of an element, in file order (a repeated value element is not reported; the
    /// first is used).
    public func item(_ name: SEN2Name) -> SEN2Item? { items.first { $0.name == name } }

    /// The text of a value, nil when absent or blank.
    public func value(_ name: SEN2Name) -> String? {
        guard let t = item(name)?.text, !t.isEmpty else { return nil }
        return t
    }

    public func blocks(_ name: SEN2Name) -> [SEN2Block] { children.filter { $0.name == name } }

    /// The first block of a kind inside this one.
    public func first(_ name: SEN2Name) -> SEN2Block? { children.first { $0.name == name } }
}
