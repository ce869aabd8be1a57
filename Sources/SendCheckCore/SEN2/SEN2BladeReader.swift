/// Reads the COLLECT "Blade" CSV export of a SEN2 return (`docs/sen2.md` §4: one CSV file per module,
/// each row pointing to its parent by table id) into the same person blocks `SEN2XMLReader` gives, so
/// the mapping and checks downstream are shared.
///
/// Column names are compared without regard to case; `NativeId`, `sourceid`, the order columns and
/// unknown columns are ignored. Blade dates (`2022-Sep-28 00:00:00`) become `2022-09-28`; any other
/// text is left as written for the mapping to report. Every item keeps the line and column of its cell,
/// and every block the line of its row, in its own module file (`Summary.paths` says which file that
/// is for each block). A row whose parent is not found (an orphan) is reported and not read, nor any
/// row under it; a row repeating its own table id is rejected.
///
/// The rows are held in memory until every file is read (a Blade export is one council's return).
public struct SEN2BladeReader {
    /// One module file: its path (for diagnostics) and bytes.
    public struct File {
        public var path: String
        public var bytes: UnsafeRawBufferPointer

        public init(path: String, bytes: UnsafeRawBufferPointer) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// What a read found besides the persons.
    public struct Summary: Sendable {
        /// The header, from the `sen2` module (empty when that module is absent).
        public var header = SEN2Header()
        /// Persons handed to the body.
        public var persons = 0
        /// Data rows read from all files (header rows not counted).
        public var rowsRead = 0
        /// Rows not read because their parent was not found (with the rows under them).
        public var orphans = 0
        /// Rows rejected: malformed, without an id, or repeating an earlier row's id.
        public var rejected = 0
        /// The file each block's lines and columns refer to, by block name (`.header` for the `sen2` module).
        public var paths: [SEN2Name: String] = [:]

        public init() {}
    }

    /// The column of the council's own person id in the person module, lower-cased.
    private let personID: String?

    /// - Parameter personID: the person-module column holding the council's own person id (read as the
    ///   item `.personID`); it may be `persontableid` itself.
    public init(personID: String? = nil) {
        self.personID = personID?.trimmingSpaces.lowercased()
    }

    // MARK: Modules

    /// One Blade module: its file-name suffix, the block its rows become, its own id column and the
    /// module (and column) its rows point to.
    private struct Module {
        var key: SEN2Name
        var suffix: String
        var block: SEN2Name
        var idColumn: String
        var parent: SEN2Name?
        var parentColumn: String?

        var orderColumn: String { suffix + "orderseqcolumn" }
        var label: String { key == .message ? "SEN2" : SEN2XMLReader.display(block) }
        /// What follows when this module's file cannot be read: without the person or requests
        /// module, no person is handed on.
        var unread: String { key == .person || key == .requests ? ", so no person is checked" : "" }
    }

    /// The modules, each after its parent.
    private static let modules: [Module] = [
        Module(key: .message, suffix: "sen2", block: .header, idColumn: "sen2tableid"),
        Module(key: .person, suffix: "person", block: .person, idColumn: "persontableid", parent: .message, parentColumn: "sen2tableid"),
        Module(
            key: .requests, suffix: "requests", block: .requests, idColumn: "requeststableid", parent: .person, parentColumn: "persontableid"),
        Module(
            key: .assessment, suffix: "assessment", block: .assessment, idColumn: "assessmenttableid", parent: .requests,
            parentColumn: "requeststableid"),
        Module(
            key: .namedPlan, suffix: "namedplan", block: .namedPlan, idColumn: "namedplantableid", parent: .assessment,
            parentColumn: "assessmenttableid"),
        Module(
            key: .planDetail, suffix: "plandetail", block: .planDetail, idColumn: "plandetailtableid", parent: .namedPlan,
            parentColumn: "namedplantableid"),
        Module(
            key: .activePlans, suffix: "activeplans", block: .activePlans, idColumn: "activeplanstableid", parent: .requests,
            parentColumn: "requeststableid"),
        Module(
            key: .placementDetail, suffix: "placementdetail", block: .placementDetail, idColumn: "placementdetailtableid",
            parent: .activePlans, parentColumn: "activeplanstableid"),
        Module(
            key: .senNeed, suffix: "senneed", block: .senNeed, idColumn: "senneedtableid", parent: .activePlans,
            parentColumn: "activeplanstableid"),
    ]

    /// The file each kind of block comes from (a block is a row of its module; the header is the
    /// `sen2` module's row), so diagnostics name the file a row is in.
    public static func blockPaths(_ files: [SEN2Name: File]) -> [SEN2Name: String] {
        var paths: [SEN2Name: String] = [:]
        for module in modules { if let file = files[module.key] { paths[module.block] = file.path } }
        return paths
    }

    /// The module a Blade file holds, from its name: `Blade-Export_<DD-MM-YYYY>_<suffix>.csv` or just
    /// `<suffix>.csv` (without regard to case; a folder before the name is ignored). `.message` is the
    /// `sen2` metadata module; nil when the name is not a Blade module file's.
    public static func module(ofFileNamed name: String) -> SEN2Name? {
        var base = Substring(name)
        if let slash = base.lastIndex(where: { $0 == "/" || $0 == "\\" }) { base = base[base.index(after: slash)...] }
        let lower = base.lowercased()
        guard lower.hasSuffix(".csv") else { return nil }
        var stem = Substring(lower.dropLast(4))
        if stem.hasPrefix("blade-export_"), let underscore = stem.lastIndex(of: "_") { stem = stem[stem.index(after: underscore)...] }
        return modules.first { $0.suffix == stem }?.key
    }

    // MARK: Reading

    /// The rows of one module that were read, in file order.
    private struct Table {
        var path: String
        var blocks: [SEN2Block] = []
        /// Own id -> row index.
        var ids: [String: Int] = [:]
        /// Ids of rows not read for want of a parent: rows pointing to them are dropped with them.
        var dropped: Set<String> = []
        /// Each row's parent row index (-1 without a parent module).
        var parents: [Int] = []
        /// Each row's order (its order column, or Int.max when it has none).
        var orders: [Int] = []

        /// Row indices sorted by order, then file order.
        var sorted: [Int] { blocks.indices.sorted { (orders[$0], $0) < (orders[$1], $1) } }
    }

    /// Reads the modules, joins each row to its parent by table id and hands each person (with its
    /// requests, assessments, plans ... nested in order) to `body` with the header from the `sen2` module.
    /// The person and requests modules are required: without either, no person is handed on.
    public func read(_ files: [SEN2Name: File], diagnostics: inout Diagnostics, body: (SEN2Header, SEN2Person) -> Void) -> Summary {
        var summary = Summary()
        let anchor = files[.message]?.path ?? Self.modules.lazy.compactMap { files[$0.key]?.path }.first ?? "Blade export"
        for required in [SEN2Name.person, .requests] where files[required] == nil {
            let suffix = Self.modules.first { $0.key == required }!.suffix
            diagnostics.error(
                SourceLocation(path: anchor, line: 1, column: 1),
                "no Blade \(suffix) module (Blade-Export_<DD-MM-YYYY>_\(suffix).csv) among the files: no person is checked")
        }
        guard files[.person] != nil, files[.requests] != nil else { return summary }
        summary.paths = Self.blockPaths(files)

        var tables: [SEN2Name: Table] = [:]
        for module in Self.modules {
            guard let file = files[module.key] else { continue }
            var parent: Table?
            if let parentKey = module.parent {
                parent = tables[parentKey]
                if parent == nil, parentKey != .message {
                    // The parent module is absent or unreadable: nothing in this file can be placed.
                    let rows = Self.countRows(file.bytes)
                    summary.rowsRead += rows
                    summary.orphans += rows
                    let parentLabel = Self.modules.first { $0.key == parentKey }!.label
                    diagnostics.warning(
                        SourceLocation(path: file.path, line: 1, column: 1),
                        "the \(parentLabel) module is missing or unreadable, so the \(rows) row(s) of this file cannot be placed: not read")
                    continue
                }
            }
            if let table = read(file, module: module, parent: parent, summary: &summary, diagnostics: &diagnostics) {
                tables[module.key] = table
            } else if module.key == .person || module.key == .requests {
                return summary
            }
        }

        if let sen2 = tables[.message], let header = Self.messageHeader(sen2, &diagnostics) { summary.header = header }

        // Nest bottom-up, so every block carries its own children when it is placed in its parent.
        for (child, parent) in [
            (SEN2Name.planDetail, SEN2Name.namedPlan), (.namedPlan, .assessment), (.assessment, .requests),
            (.placementDetail, .activePlans), (.senNeed, .activePlans), (.activePlans, .requests), (.requests, .person),
        ] {
            guard let rows = tables.removeValue(forKey: child), var target = tables.removeValue(forKey: parent) else { continue }
            for i in rows.sorted where rows.parents[i] >= 0 {
                target.blocks[rows.parents[i]].children.append(rows.blocks[i])
            }
            tables[parent] = target
        }
        guard let persons = tables[.person] else { return summary }
        for i in persons.sorted {
            summary.persons += 1
            body(summary.header, SEN2Person(persons.blocks[i]))
        }
        return summary
    }

    /// The return's header: the SEN2 module's first row (a second row is a warning).
    private static func messageHeader(_ sen2: Table, _ diagnostics: inout Diagnostics) -> SEN2Header? {
        guard let first = sen2.blocks.first else { return nil }
        for extra in sen2.blocks.dropFirst() {
            diagnostics.warning(
                SourceLocation(path: sen2.path, line: Int(extra.line), column: 1),
                "a second row in the SEN2 module: the header is taken from the first row (line \(first.line))")
        }
        return SEN2Header(first, path: sen2.path)
    }

    /// The role of one column of a module file.
    private enum Role {
        case id, parent, order, ignored
    }

    /// Reads one module file into a table; nil when the file cannot be read at all (reported).
    private func read(_ file: File, module: Module, parent: Table?, summary: inout Summary, diagnostics: inout Diagnostics) -> Table? {
        func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(path: file.path, line: line, column: column) }
        var fields: [CSVScanner.Field] = []
        var scanner = CSVScanner(file.bytes)
        let naming = "the \(module.label) module's columns"
        guard let headerLine = scanner.headerRow(into: &fields, path: file.path, naming: naming, consequence: module.unread, &diagnostics)
        else { return nil }
        let names = fields.map { scanner.string($0).trimmingSpaces }
        guard let c = columns(names, module: module, hasParent: parent != nil, header: at(headerLine, 1), &diagnostics) else { return nil }
        let parentColumn = c.parent
        var table = Table(path: file.path)
        while true {
            let startLine = scanner.line
            let rowLine: Int
            do {
                guard let line = try scanner.nextRow(into: &fields) else { break }
                rowLine = line
            } catch {
                summary.rowsRead += 1
                summary.rejected += 1
                diagnostics.error(at(startLine, error.column), "row rejected: \(error.message)")
                if scanner.atEnd { break }
                continue
            }
            summary.rowsRead += 1
            let id: String
            switch check(fields, module: module, columns: c, names: names, table: table, scanner: scanner) {
            case .ok(let ok): id = ok
            case .rejected(let column, let why):
                summary.rejected += 1
                diagnostics.error(at(rowLine, column), "row rejected: \(why)")
                continue
            }
            var parentIndex = -1
            if let parent, let parentColumn {
                let parentID = scanner.string(fields[parentColumn]).trimmingSpaces
                if let index = parent.ids[parentID] {
                    parentIndex = index
                } else {
                    summary.orphans += 1
                    table.dropped.insert(id)
                    if !parent.dropped.contains(parentID) {
                        diagnostics.warning(
                            at(rowLine, 1),
                            "this \(module.label) row's \(module.parentColumn ?? "") '\(parentID)' matches no \(Self.label(module.parent)) row: "
                                + "not read, nor any row under it")
                    }
                    continue
                }
            }

            let block = self.block(fields, c, module: module, line: rowLine, scanner: scanner)
            table.ids[id] = table.blocks.count
            table.blocks.append(block)
            table.parents.append(parentIndex)
            table.orders.append(c.order.flatMap { Int(scanner.string(fields[$0]).trimmingSpaces) } ?? Int.max)
        }
        return table
    }

    /// Whether a row is read: its id, or the column and reason it is rejected (its width is not the
    /// header's, its id is empty or already on an earlier row).
    private enum RowCheck {
        case ok(String)
        case rejected(column: Int, why: String)
    }

    private func check(
        _ fields: [CSVScanner.Field], module: Module, columns c: Columns, names: [String], table: Table, scanner: CSVScanner
    ) -> RowCheck {
        let width = names.count
        guard fields.count == width else {
            return .rejected(
                column: min(fields.count, width) + 1, why: "it has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width)")
        }
        let id = scanner.string(fields[c.id]).trimmingSpaces
        if id.isEmpty { return .rejected(column: c.id + 1, why: "'\(names[c.id])' is empty") }
        if let earlier = table.ids[id] {
            return .rejected(
                column: 1,
                why: "\(module.idColumn) '\(id)' appears on an earlier row (line \(table.blocks[earlier].line)); rows that point to it join that row")
        }
        return .ok(id)
    }

    /// What each column of a module file holds: its id, its parent's id, the order, the items read.
    private struct Columns {
        var items: [SEN2Name?]
        var isDate: [Bool]
        var id: Int
        var parent: Int?
        var order: Int?
    }

    /// The columns of a module file's header; nil (reported at the header) without the id column, or
    /// without the parent's id when the module has a parent.
    private func columns(
        _ names: [String], module: Module, hasParent: Bool, header: SourceLocation, _ diagnostics: inout Diagnostics
    ) -> Columns? {
        func at(_ column: Int) -> SourceLocation { SourceLocation(path: header.path, line: header.line, column: column) }
        // What each column is: a table id, the order, an item, or nothing we read.
        let width = names.count
        var roles = [Role](repeating: .ignored, count: width)
        var items = [SEN2Name?](repeating: nil, count: width)
        var seen: [String: Int] = [:]
        for (column, name) in names.enumerated() {
            let lower = name.lowercased()
            if lower.isEmpty { continue }
            if let first = seen[lower] {
                // A person file without its header row would offer names here: never quote them.
                let shown = module.key == .person ? "this column's name" : "column '\(name)'"
                diagnostics.warning(at(column + 1), "\(shown) appears twice (first as column \(first + 1)): this one is ignored")
                continue
            }
            seen[lower] = column
            switch lower {
            case module.idColumn: roles[column] = .id
            case module.parentColumn: roles[column] = hasParent ? .parent : .ignored
            case module.orderColumn: roles[column] = .order
            default: break
            }
            if module.key == .person, let personID, lower == personID {
                items[column] = .personID
            } else if roles[column] == .ignored {
                items[column] = Self.itemName(lower)
            }
        }
        guard let idColumn = roles.firstIndex(of: .id) else {
            diagnostics.error(
                at(1),
                "no '\(module.idColumn)' column: every Blade \(module.suffix) file has one; this file is not read\(module.unread)"
                    + (module.key == .person ? "" : Suggestion.hint(for: module.idColumn, in: names)))
            return nil
        }
        let parentColumn = roles.firstIndex(of: .parent)
        if hasParent, parentColumn == nil, let name = module.parentColumn {
            diagnostics.error(
                at(1),
                "no '\(name)' column to join this file's rows to the \(Self.label(module.parent)) module; this file is not read\(module.unread)"
                    + (module.key == .person ? "" : Suggestion.hint(for: name, in: names)))
            return nil
        }

        return Columns(
            items: items, isDate: items.map { $0.map(Self.dateNames.contains) ?? false }, id: idColumn, parent: parentColumn,
            order: roles.firstIndex(of: .order))
    }

    /// A row's items as a block, each at its line (a quoted cell may hold line breaks) and column.
    private func block(_ fields: [CSVScanner.Field], _ c: Columns, module: Module, line rowLine: Int, scanner: CSVScanner) -> SEN2Block {
        let (items, isDate) = (c.items, c.isDate)
        var block = SEN2Block(name: module.block, line: rowLine, column: 1)
        var line = rowLine
        var counted = fields.first?.start ?? 0
        for (column, field) in fields.enumerated() {
            // A quoted cell may hold line breaks: a cell's line counts those before it.
            while counted < field.start {
                if scanner.bytes[counted] == 0x0A { line += 1 }
                counted += 1
            }
            guard let name = items[column] else { continue }
            var text = scanner.string(field).trimmingSpaces
            if text.isEmpty { continue }
            if isDate[column], let iso = Self.isoDate(text) { text = iso }
            block.items.append(SEN2Item(name: name, text: text, line: line, column: column + 1))
        }
        return block
    }

    /// The item a column holds, by its lower-cased name; nil for block names and columns we do not read.
    private static func itemName(_ lower: String) -> SEN2Name? {
        switch lower {
        case "planwpb": return .planWBP
        case "wpb": return .wbp
        default:
            guard let name = SEN2Name(rawValue: lower), !name.isBlock, name != .personID else { return nil }
            return name
        }
    }

    private static func label(_ key: SEN2Name?) -> String {
        modules.first { $0.key == key }?.label ?? "parent"
    }

    /// Data rows in a file (for a file that cannot be placed), malformed ones included.
    private static func countRows(_ bytes: UnsafeRawBufferPointer) -> Int {
        var scanner = CSVScanner(bytes)
        var fields: [CSVScanner.Field] = []
        var rows = -1
        while true {
            do {
                guard try scanner.nextRow(into: &fields) != nil else { break }
            } catch {
                if scanner.atEnd {
                    rows += 1
                    break
                }
            }
            rows += 1
        }
        return max(rows, 0)
    }

    // MARK: Dates

    /// The elements holding dates, whose Blade form is converted.
    static let dateNames: Set<SEN2Name> = [
        .personBirthDate, .receivedDate, .requestOutcomeDate, .assessmentOutcomeDate, .startDate, .ceaseDate, .reviewMeeting,
        .lastReview, .reviewDraft, .phaseTransferDueDate, .phaseTransferFinalDate, .entryDate, .leavingDate, .referenceDate,
    ]

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `2022-Sep-28 00:00:00` (English month abbreviation, the time optional) as `2022-09-28`; nil for
    /// any other text. The day is not checked against the month: the mapping reports an impossible date.
    static func isoDate(_ text: String) -> String? {
        let u = Array(text.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard u.count >= 10, u[0..<4].allSatisfy(isDigit), u[4] == UInt8(ascii: "-") else { return nil }
        var i = 5
        var letters: [UInt8] = []
        while i < u.count, letters.count < 4, (u[i] | 0x20) >= UInt8(ascii: "a"), (u[i] | 0x20) <= UInt8(ascii: "z") {
            letters.append(u[i] | 0x20)
            i += 1
        }
        var month = String(decoding: letters, as: UTF8.self)
        if month == "sept" { month = "sep" }
        guard let m = months.firstIndex(of: month), i < u.count, u[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        let dayStart = i
        while i < u.count, i - dayStart < 2, isDigit(u[i]) { i += 1 }
        guard i > dayStart else { return nil }
        if i < u.count {
            // A time may follow: a space or T, then digits, colons and a decimal point only.
            guard u[i] == UInt8(ascii: " ") || u[i] == UInt8(ascii: "T"), i + 1 < u.count else { return nil }
            guard u[(i + 1)...].allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return nil }
        }
        let day = String(decoding: u[dayStart..<i], as: UTF8.self)
        let year = String(decoding: u[0..<4], as: UTF8.self)
        return "\(year)-\(m < 9 ? "0" : "")\(m + 1)-\(day.count == 1 ? "0" : "")\(day)"
    }
}
