/// A part's relationships (`_rels/.rels`, `xl/_rels/workbook.xml.rels`): which other parts it uses,
/// by id and type. Targets are resolved against the part's folder, so `worksheets/sheet1.xml` from
/// `xl/workbook.xml` and `/xl/worksheets/sheet1.xml` both name `xl/worksheets/sheet1.xml`.
public struct Relationships: Sendable, Equatable {
    public struct Relationship: Sendable, Equatable {
        public var id: String
        /// The type's URI (`.../relationships/worksheet`).
        public var type: String
        /// The target's path in the archive, resolved; nil for an external target (a link).
        public var part: String?

        /// Whether the type's last path segment is `kind` (`worksheet`, `sharedStrings`, ...), in the
        /// transitional or the strict namespace alike.
        public func isKind(_ kind: String) -> Bool { type.hasSuffix("/" + kind) }
    }

    public var items: [Relationship]

    public init(items: [Relationship]) { self.items = items }

    /// Reads the relationships part `part` (`xl/_rels/workbook.xml.rels`) of the workbook at `path`.
    public static func read(_ xml: [UInt8], part: String, path: String) throws(WorkbookProblem) -> Relationships {
        let source = sourcePart(ofRelationships: part)
        var items: [Relationship] = []
        try WorkbookProblem.reading(xml) { (bytes) throws(WorkbookProblem) in
            var reader = PartReader(bytes, part: part, path: path)
            while true {
                let event = try reader.next()
                if case .end = event { break }
                guard case .open(let name, let attributes, _) = event, name == Names.relationship else { continue }
                guard let id = reader.attribute("Id", in: attributes), let target = reader.attribute("Target", in: attributes) else { continue }
                let type = reader.attribute("Type", in: attributes) ?? ""
                let external = reader.attribute("TargetMode", in: attributes) == "External"
                items.append(Relationship(id: id, type: type, part: external ? nil : resolve(target, from: source)))
            }
        }
        return Relationships(items: items)
    }

    /// The relationship with `id`.
    public func relationship(_ id: String) -> Relationship? { items.first { $0.id == id } }

    /// The first internal part of a kind (`styles`, `sharedStrings`, `officeDocument`).
    public func part(ofKind kind: String) -> String? { items.first { $0.isKind(kind) && $0.part != nil }?.part }

    /// The part whose relationships `part` holds: `xl/_rels/workbook.xml.rels` is `xl/workbook.xml`'s,
    /// `_rels/.rels` the package's (the empty name).
    static func sourcePart(ofRelationships part: String) -> String {
        var segments = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let last = segments.popLast(), segments.last == "_rels", last.hasSuffix(".rels") else { return "" }
        segments.removeLast()
        segments.append(String(last.dropLast(".rels".count)))
        return segments.joined(separator: "/")
    }

    /// `target` resolved against the folder of `source`: an absolute target (`/xl/...`) from the
    /// archive's root, `..` and `.` segments applied, percent-escapes of the URI undone.
    public static func resolve(_ target: String, from source: String) -> String {
        let decoded = percentDecoded(target)
        var segments: [Substring] = []
        if !decoded.hasPrefix("/") {
            segments = source.split(separator: "/", omittingEmptySubsequences: false)
            segments.removeLast()
        }
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.filter { !$0.isEmpty }.joined(separator: "/")
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(value)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private enum Names {
        static let relationship = XMLScanner.nameHash("Relationship")
    }
}
