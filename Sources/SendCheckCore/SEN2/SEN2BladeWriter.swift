/// Writes SEN2 blocks as a COLLECT "Blade" CSV export: nine module files, each row keyed by its own
/// table id and pointing to its parent's, dates written as Blade writes them (`2025-Sep-28 00:00:00`).
/// Used to make synthetic Blade exports from synthetic XML, so both readers can be tested on the
/// same data.
public struct SEN2BladeWriter {
    /// The modules in file order: suffix, block, own id column, parent id column, value columns.
    static let modules: [(suffix: String, block: SEN2Name, parent: String?, columns: [SEN2Name])] = [
        ("sen2", .header, nil, [.collection, .year, .referenceDate, .sourceLevel, .lea, .softwareCode, .release, .serialNo, .dateTime]),
        (
            "person", .person, "sen2tableid",
            [.surname, .forename, .personBirthDate, .genderCurrent, .sex, .ethnicity, .postCode, .upn, .uniqueLearnerNumber, .upnUnknown]
        ),
        (
            "requests", .requests, "persontableid",
            [
                .receivedDate, .requestSource, .rya, .requestOutcomeDate, .requestOutcome, .requestMediation, .requestTribunal,
                .exported,
            ]
        ),
        (
            "assessment", .assessment, "requeststableid",
            [
                .assessmentOutcome, .assessmentOutcomeDate, .assessmentMediation, .assessmentTribunal, .otherMediation,
                .otherTribunal, .week20,
            ]
        ),
        ("namedplan", .namedPlan, "assessmenttableid", [.startDate, .planRes, .planWBP, .pb, .oa, .dp, .ceaseDate, .ceaseReason]),
        (
            "plandetail", .planDetail, "namedplantableid",
            [.urn, .ukprn, .senSetting, .senSettingOther, .placementRank, .senUnitIndicator, .resourcedProvisionIndicator]
        ),
        (
            "activeplans", .activePlans, "requeststableid",
            [
                .transferLA, .res, .wbp, .reviewMeeting, .reviewOutcome, .reviewDraft, .phaseTransferDueDate,
                .phaseTransferFinalDate, .lastReview,
            ]
        ),
        (
            "placementdetail", .placementDetail, "activeplanstableid",
            [
                .urn, .ukprn, .senSetting, .senSettingOther, .placementRank, .entryDate, .leavingDate, .attendancePattern,
                .senUnitIndicator, .resourcedProvisionIndicator, .res, .wbp,
            ]
        ),
        ("senneed", .senNeed, "activeplanstableid", [.senType, .senTypeRank]),
    ]

    private static let dates: Set<SEN2Name> = [
        .personBirthDate, .receivedDate, .requestOutcomeDate, .assessmentOutcomeDate, .startDate, .ceaseDate, .reviewMeeting,
        .lastReview, .reviewDraft, .phaseTransferDueDate, .phaseTransferFinalDate, .entryDate, .leavingDate, .referenceDate,
    ]

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private var rows: [SEN2Name: [String]] = [:]
    private var nextID: [SEN2Name: Int] = [:]

    public init() {}

    /// Adds the header (the `sen2` module row).
    public mutating func add(header: SEN2Header) {
        var block = SEN2Block(name: .header, line: 1, column: 1)
        block.items.append(SEN2Item(name: .collection, text: "SEN2", line: 1, column: 1))
        if let y = header.year { block.items.append(SEN2Item(name: .year, text: String(y), line: 1, column: 1)) }
        if let d = header.referenceDate { block.items.append(SEN2Item(name: .referenceDate, text: d.iso, line: 1, column: 1)) }
        if let lea = header.lea { block.items.append(SEN2Item(name: .lea, text: lea, line: 1, column: 1)) }
        _ = row(block, parent: nil)
    }

    /// Adds a person and everything inside it.
    public mutating func add(person: SEN2Block) { add(person, parent: 1) }

    private mutating func add(_ block: SEN2Block, parent: Int?) {
        let id = row(block, parent: parent)
        for child in block.children { add(child, parent: id) }
    }

    private mutating func row(_ block: SEN2Block, parent: Int?) -> Int {
        // Header parts (collection details, source) are columns of the one sen2 row.
        guard let module = Self.modules.first(where: { $0.block == block.name }) else { return parent ?? 0 }
        let id = (nextID[block.name] ?? 0) + 1
        nextID[block.name] = id
        let items = block.items + (block.name == .header ? block.children.flatMap(\.items) : [])
        var cells = [String(id)]
        if module.parent != nil { cells.append(parent.map(String.init) ?? "") }
        for column in module.columns {
            let text = items.first { $0.name == column }?.text ?? ""
            cells.append(Self.cell(Self.dates.contains(column) ? Self.bladeDate(text) : text))
        }
        rows[block.name, default: []].append(cells.joined(separator: ","))
        return id
    }

    /// The files of the export, `Blade-Export_<DD-MM-YYYY>_<suffix>.csv` and their text, with the
    /// return's header as the one row of the `sen2` module.
    public func files(exported: Day, header: SEN2Header) -> [(name: String, text: String)] {
        var all = self
        all.rows[.header] = nil
        all.nextID[.header] = nil
        all.add(header: header)
        return all.files(exported: exported)
    }

    /// The files of the export: `Blade-Export_<DD-MM-YYYY>_<suffix>.csv` and their text.
    public func files(exported: Day) -> [(name: String, text: String)] {
        let c = exported.civil
        let stamp = (c.day < 10 ? "0" : "") + "\(c.day)-" + (c.month < 10 ? "0" : "") + "\(c.month)-\(c.year)"
        return Self.modules.map { module in
            var header = ["\(module.suffix)tableid"]
            if let parent = module.parent { header.append(parent) }
            header += module.columns.map(\.rawValue)
            let body = rows[module.block, default: []].map { $0 + "\n" }.joined()
            return ("Blade-Export_\(stamp)_\(module.suffix).csv", header.joined(separator: ",") + "\n" + body)
        }
    }

    /// `2025-09-28` as Blade writes it: `2025-Sep-28 00:00:00` (other text is kept as it is).
    static func bladeDate(_ text: String) -> String {
        guard case .success(let d) = DateParser.parse(text), text.count == 10 else { return text }
        let c = d.civil
        return "\(c.year)-\(months[c.month - 1])-" + (c.day < 10 ? "0" : "") + "\(c.day) 00:00:00"
    }

    static func cell(_ text: String) -> String { CSVText.quoted(text) }
}
