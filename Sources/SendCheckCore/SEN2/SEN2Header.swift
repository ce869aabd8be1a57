/// The header of a SEN2 return: which return it is and its census (reference) date.
public struct SEN2Header: Sendable, Equatable {
    /// The return's year (the January census); activity is counted for the calendar year before it.
    public var year: Int?
    public var referenceDate: Day?
    /// The local authority number.
    public var lea: String?
    /// Where the header was, for diagnostics about it.
    public var location: SourceLocation?
    /// Header values that could not be read, with where they are.
    public var problems: [(SourceLocation, String)] = []

    public init() {}

    public init(_ block: SEN2Block, path: String) {
        location = SourceLocation(path: path, line: Int(block.line), column: Int(block.column))
        let values = block.items + block.children.flatMap(\.items)
        for item in values {
            let at = SourceLocation(path: path, line: Int(item.line), column: Int(item.column))
            switch item.name {
            case .year:
                if let y = Int(item.text), (2000...2100).contains(y) { year = y } else { problems.append((at, "Year: '\(item.text)' is not a year")) }
            case .referenceDate:
                switch DateParser.parse(item.text) {
                case .success(let d): referenceDate = d
                case .failure(let f): problems.append((at, "ReferenceDate: \(f.message(for: item.text))"))
                }
            case .lea: lea = item.text
            default: break
            }
        }
    }

    /// The layout the return follows, by its year: 2023 (first person-level return), 2024 (review
    /// meeting and outcome added) or 2025 (review draft and phase transfer dates added; 2026 keeps it).
    public var layout: Int { min(max(year ?? 2025, 2023), 2025) }

    /// The calendar year the return's activity measures cover (the year before the census).
    public var activityYear: Int? { year.map { $0 - 1 } }

    public static func == (a: SEN2Header, b: SEN2Header) -> Bool {
        a.year == b.year && a.referenceDate == b.referenceDate && a.lea == b.lea && a.location == b.location
    }
}
