/// The data-quality checks made while a SEN2 person is mapped, each reported at the value's place:
/// values that cannot be read (errors: the value is then treated as not recorded) and dates or codes
/// that contradict each other (warnings).
struct SEN2Checks {
    let path: String
    /// For a Blade export: the file each block's rows came from (an XML return is one file).
    let files: [SEN2Name: String]
    let referenceDate: Day?
    /// The person being checked (blocks and values are its indices).
    let person: SEN2Person
    var diagnostics = Diagnostics()
    var invalidValues = 0

    func location(_ block: Int) -> SourceLocation {
        let b = person.blocks[block]
        return SourceLocation(path: self.path(of: block), line: Int(b.line), column: Int(b.column))
    }

    func location(item: Int, in block: Int) -> SourceLocation {
        let v = person.items[item]
        return SourceLocation(path: self.path(of: block), line: Int(v.line), column: Int(v.column))
    }

    /// The file a block was read from.
    private func path(of block: Int) -> String { files.isEmpty ? path : files[person.blocks[block].name] ?? path }

    mutating func warn(_ block: Int, _ message: String) { diagnostics.warning(location(block), message) }

    mutating func invalid(item: Int, in block: Int, _ message: String) {
        invalidValues += 1
        diagnostics.error(location(item: item, in: block), message)
    }

    /// Whether an element is present in a block (blank or not).
    func has(_ name: SEN2Name, in block: Int) -> Bool { person.item(name, in: block) != nil }

    /// Whether an element holds something (not absent, not blank).
    func filled(_ name: SEN2Name, in block: Int?) -> Bool { block.map { person.filled(name, in: $0) != nil } ?? false }

    /// A date value; an unreadable one is reported and treated as absent.
    mutating func date(_ block: Int, _ name: SEN2Name) -> Day? {
        guard let item = person.filled(name, in: block) else { return nil }
        let personal = name == .personBirthDate
        let read = person.withBytes(item) { DateParser.day($0).map { .success($0) } ?? DateParser.parse($0) }
        switch read {
        case .success(let d):
            if let referenceDate, d > referenceDate {
                if personal {
                    diagnostics.warning(
                        location(item: item, in: block), "PersonBirthDate is after the return's reference date (value not shown: personal data)")
                } else if name != .phaseTransferDueDate {
                    diagnostics.warning(
                        location(item: item, in: block), "\(Self.label(name)) \(d) is after the return's reference date \(referenceDate)")
                }
            }
            return d
        case .failure(let f):
            invalid(
                item: item, in: block,
                personal
                    ? "PersonBirthDate is not a valid date (value not shown: personal data)"
                    : "\(Self.label(name)): \(f.message(for: person.text(item)))")
            return nil
        }
    }

    /// A code value (compared without regard to case), or nil when absent or not a code of the list.
    @discardableResult
    mutating func code(_ block: Int, _ name: SEN2Name, allowed: SEN2CodeList) -> String? {
        guard let item = person.filled(name, in: block) else { return nil }
        if let code = person.withBytes(item, allowed.code(of:)) { return code }
        invalid(item: item, in: block, "\(Self.label(name)): '\(person.text(item))' is not a SEN2 code (expected \(allowed.listed))")
        return nil
    }

    /// A 0/1 flag (true/false also read), nil when absent or unreadable.
    mutating func flag(_ block: Int, _ name: SEN2Name) -> Bool? {
        guard let item = person.filled(name, in: block) else { return nil }
        return flag(item: item, in: block)
    }

    private mutating func flag(item: Int, in block: Int) -> Bool? {
        if person.isByte(item, UInt8(ascii: "0")) { return false }
        if person.isByte(item, UInt8(ascii: "1")) { return true }
        let text = person.text(item)
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(item: item, in: block, "\(Self.label(person.items[item].name)): '\(text)' is not a flag (expected 0 or 1)")
            return nil
        }
    }

    /// Checks every 0/1 flag of the block (one pass over its values; a repeated flag is checked where
    /// its first value is, as a single lookup would find it).
    mutating func flags(_ block: Int) {
        for item in person.items(of: block) {
            let v = person.items[item]
            guard v.name.isCheckedFlag, v.count > 0, !person.isByte(item, UInt8(ascii: "0")), !person.isByte(item, UInt8(ascii: "1")),
                let first = person.item(v.name, in: block), first == item
            else { continue }
            _ = flag(item: item, in: block)
        }
    }

    /// The first block of a kind that may appear once in `parent`; each repeat is reported.
    mutating func onlyFirst(_ name: SEN2Name, in parent: Int, _ what: String) -> Int? {
        var first: Int?
        for child in person.children(name, of: parent) {
            if first == nil {
                first = child
            } else {
                warn(child, "a second <\(SEN2XMLReader.display(name))> in one \(what): only the first is checked")
            }
        }
        return first
    }

    /// Reports a later date that comes before an earlier one, at the later value.
    mutating func order(_ block: Int, earlier: (SEN2Name, Day?), later: (SEN2Name, Day?), what: String? = nil) {
        guard let a = earlier.1, let b = later.1, b < a else { return }
        let at = person.item(later.0, in: block).map { location(item: $0, in: block) } ?? location(block)
        let reason = what.map { ": \($0)" } ?? ""
        diagnostics.warning(at, "\(Self.label(later.0)) \(b) is before \(Self.label(earlier.0)) \(a)\(reason)")
    }

    /// A placement or named setting: a URN, a UKPRN or a SENsetting code, with a rank of 1 or 2.
    mutating func setting(_ block: Int) {
        code(block, .senSetting, allowed: SEN2Codes.settings)
        code(block, .placementRank, allowed: SEN2Codes.ranks)
        flags(block)
        if !filled(.urn, in: block), !filled(.ukprn, in: block), !filled(.senSetting, in: block) {
            warn(block, "<\(SEN2XMLReader.display(person.blocks[block].name))> has no URN, UKPRN or SENsetting")
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
