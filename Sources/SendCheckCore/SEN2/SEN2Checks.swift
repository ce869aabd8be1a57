/// The data-quality checks made while a SEN2 person is mapped, each reported at the value's place:
/// values that cannot be read (errors: the value is then treated as not recorded) and dates or codes
/// that contradict each other (warnings).
struct SEN2Checks {
    let path: String
    /// For a Blade export: the file each block's rows came from (an XML return is one file).
    let files: [SEN2Name: String]
    let referenceDate: Day?
    var diagnostics = Diagnostics()
    var invalidValues = 0

    func location(_ block: SEN2Block) -> SourceLocation {
        SourceLocation(path: files[block.name] ?? path, line: Int(block.line), column: Int(block.column))
    }

    func location(_ item: SEN2Item, in block: SEN2Block) -> SourceLocation {
        SourceLocation(path: files[block.name] ?? path, line: Int(item.line), column: Int(item.column))
    }

    mutating func warn(_ block: SEN2Block, _ message: String) { diagnostics.warning(location(block), message) }

    mutating func invalid(_ item: SEN2Item, in block: SEN2Block, _ message: String) {
        invalidValues += 1
        diagnostics.error(location(item, in: block), message)
    }

    /// A date value; an unreadable one is reported and treated as absent.
    mutating func date(_ block: SEN2Block, _ name: SEN2Name) -> Day? {
        guard let item = block.item(name), !item.text.isEmpty else { return nil }
        let personal = name == .personBirthDate
        switch DateParser.parse(item.text) {
        case .success(let d):
            if personal, let referenceDate, d > referenceDate {
                diagnostics.warning(
                    location(item, in: block), "PersonBirthDate is after the return's reference date (value not shown: personal data)")
            } else if !personal, let referenceDate, d > referenceDate, name != .phaseTransferDueDate {
                diagnostics.warning(location(item, in: block), "\(Self.label(name)) \(d) is after the return's reference date \(referenceDate)")
            }
            return d
        case .failure(let f):
            invalid(
                item, in: block,
                personal
                    ? "PersonBirthDate is not a valid date (value not shown: personal data)" : "\(Self.label(name)): \(f.message(for: item.text))")
            return nil
        }
    }

    /// A code value (compared without regard to case), or nil when absent or not a code of the list.
    @discardableResult
    mutating func code(_ block: SEN2Block, _ name: SEN2Name, allowed: [String]) -> String? {
        guard let item = block.item(name), !item.text.isEmpty else { return nil }
        // Codes are almost always written in capitals: compare first, fold case only if that fails.
        if allowed.contains(item.text) { return item.text }
        let code = item.text.uppercased()
        guard allowed.contains(code) else {
            invalid(item, in: block, "\(Self.label(name)): '\(item.text)' is not a SEN2 code (expected \(allowed.sorted().joined(separator: ", ")))")
            return nil
        }
        return code
    }

    /// A 0/1 flag (true/false also read), nil when absent or unreadable.
    mutating func flag(_ block: SEN2Block, _ name: SEN2Name) -> Bool? {
        guard let item = block.item(name), !item.text.isEmpty else { return nil }
        if item.text == "0" { return false }
        if item.text == "1" { return true }
        switch item.text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(item, in: block, "\(Self.label(name)): '\(item.text)' is not a flag (expected 0 or 1)")
            return nil
        }
    }

    /// Checks every 0/1 flag of the block (one pass over its values).
    mutating func flags(_ block: SEN2Block) {
        for item in block.items where item.name.isCheckedFlag && item.text != "0" && item.text != "1" {
            _ = flag(block, item.name)
        }
    }

    /// The first block of a kind that may appear once in `parent`; each repeat is reported.
    mutating func onlyFirst(_ name: SEN2Name, in parent: SEN2Block, _ what: String) -> SEN2Block? {
        var first: SEN2Block?
        for child in parent.children where child.name == name {
            if first == nil {
                first = child
            } else {
                warn(child, "a second <\(SEN2XMLReader.display(child.name))> in one \(what): only the first is checked")
            }
        }
        return first
    }

    /// Reports a later date that comes before an earlier one, at the later value.
    mutating func order(
        _ block: SEN2Block, earlier: (SEN2Name, Day?), later: (SEN2Name, Day?), what: String? = nil
    ) {
        guard let a = earlier.1, let b = later.1, b < a else { return }
        let at = block.item(later.0).map { location($0, in: block) } ?? location(block)
        let reason = what.map { ": \($0)" } ?? ""
        diagnostics.warning(at, "\(Self.label(later.0)) \(b) is before \(Self.label(earlier.0)) \(a)\(reason)")
    }

    /// A placement or named setting: a URN, a UKPRN or a SENsetting code, with a rank of 1 or 2.
    mutating func setting(_ block: SEN2Block) {
        code(block, .senSetting, allowed: SEN2Codes.settings)
        code(block, .placementRank, allowed: ["1", "2"])
        flags(block)
        if block.value(.urn) == nil, block.value(.ukprn) == nil, block.value(.senSetting) == nil {
            warn(block, "<\(SEN2XMLReader.display(block.name))> has no URN, UKPRN or SENsetting")
        }
    }

    /// The element's name as the DfE writes it.
    static func label(_ name: SEN2Name) -> String {
        switch name {
        case .receivedDate: return "ReceivedDate"
        case .requestOutcome: return "RequestOutcome"
        case .requestOutcomeDate: return "RequestOutcomeDate"
        case .requestSource: return "RequestSource"
        case .requestMediation: return "RequestMediation"
        case .requestTribunal: return "RequestTribunal"
        case .rya: return "RYA"
        case .assessmentOutcome: return "AssessmentOutcome"
        case .assessmentOutcomeDate: return "AssessmentOutcomeDate"
        case .assessmentMediation: return "AssessmentMediation"
        case .assessmentTribunal: return "AssessmentTribunal"
        case .otherMediation: return "OtherMediation"
        case .otherTribunal: return "OtherTribunal"
        case .week20: return "Week20"
        case .startDate: return "StartDate"
        case .ceaseDate: return "CeaseDate"
        case .ceaseReason: return "CeaseReason"
        case .pb: return "PB"
        case .oa: return "OA"
        case .reviewMeeting: return "ReviewMeeting"
        case .reviewOutcome: return "ReviewOutcome"
        case .reviewDraft: return "ReviewDraft"
        case .lastReview: return "LastReview"
        case .phaseTransferDueDate: return "PhaseTransferDueDate"
        case .phaseTransferFinalDate: return "PhaseTransferFinalDate"
        case .personBirthDate: return "PersonBirthDate"
        case .entryDate: return "EntryDate"
        case .leavingDate: return "LeavingDate"
        case .senSetting: return "SENsetting"
        case .placementRank: return "PlacementRank"
        case .senUnitIndicator: return "SENunitIndicator"
        case .resourcedProvisionIndicator: return "ResourcedProvisionIndicator"
        case .senType: return "SENtype"
        case .senTypeRank: return "SENtypeRank"
        default: return name.rawValue
        }
    }
}
