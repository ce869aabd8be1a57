/// A source's cell conventions (`CellConventions`), ready for the hot path: cells that mean blank
/// (`N/A`), dates that mean "no date" (`01/01/1900`), footer rows (`Total`) and rows to leave out.
/// A class, immutable: the readers' per-cell closures capture it without copying its lists.
final class CellCleaner: Sendable {
    /// The null values, lower-cased bytes.
    private let nulls: [[UInt8]]
    private let shortestNull: Int
    private let longestNull: Int
    /// Placeholder dates as day numbers.
    private let placeholders: [Int]

    /// What a cell became after the conventions.
    enum Cleaned {
        case kept
        case null
        case placeholder
    }

    init(_ conventions: CellConventions) {
        nulls = conventions.nulls.map { Array($0.trimmingSpaces.lowercased().utf8) }.filter { !$0.isEmpty }
        shortestNull = nulls.map(\.count).min() ?? Int.max
        longestNull = nulls.map(\.count).max() ?? 0
        placeholders = conventions.placeholderDates.map(\.number)
    }

    /// The value of a cell after the conventions: a null or placeholder is missing.
    @inline(__always)
    func clean(_ value: Value, raw: UnsafeRawBufferPointer) -> (Value, Cleaned) {
        switch value {
        case .missing: return (value, .kept)
        case .date(let d):
            if !placeholders.isEmpty, placeholders.contains(d.number) { return (.missing, .placeholder) }
            return (value, .kept)
        default:
            if raw.count >= shortestNull, isNull(raw) { return (.missing, .null) }
            return (value, .kept)
        }
    }

    /// Whether the cell (trimmed, without regard to case) is one of the null values.
    func isNull(_ raw: UnsafeRawBufferPointer) -> Bool {
        var lo = 0
        var hi = raw.count
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
        let length = hi - lo
        guard length >= shortestNull, length <= longestNull else { return false }
        outer: for null in nulls where null.count == length {
            for i in 0..<length {
                var b = raw[lo + i]
                if b >= 65, b <= 90 { b += 32 }
                if b != null[i] { continue outer }
            }
            return true
        }
        return false
    }

    /// Words that, alone in a row's reference (or first non-blank) cell, mark a spreadsheet's footer row.
    static let footerWords: Set<String> = ["total", "totals", "grand total", "sub total", "subtotal", "sub-total", "count", "sum"]

    /// The footer words as bytes, for the per-row check.
    private static let footerBytes = footerWords.map { Array($0.utf8) }

    /// Whether a cell's text marks a footer row (`Total`, `Grand Total:`).
    static func isFooter(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isFooter(UnsafeRawBufferPointer($0)) }
    }

    /// Whether a cell's bytes mark a footer row: a footer word, without regard to case, surrounding
    /// spaces or trailing colons. No string is made: it is asked of every row.
    static func isFooter(_ raw: UnsafeRawBufferPointer) -> Bool {
        var lo = 0
        var hi = raw.count
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 || raw[hi - 1] == UInt8(ascii: ":") { hi -= 1 }
        let length = hi - lo
        guard length >= 3, length <= 11 else { return false }
        outer: for word in footerBytes where word.count == length {
            for i in 0..<length {
                var b = raw[lo + i]
                if b >= 65, b <= 90 { b += 32 }
                if b != word[i] { continue outer }
            }
            return true
        }
        return false
    }

    /// Values that often mean "no value" in an export, to suggest as `nulls` when they make a cell unreadable.
    static let commonNulls: Set<String> = ["n/a", "na", "tbc", "tba", "-", "--", "none", "null", "nil", "unknown", "n/k", "#n/a", "not known", "?"]
}
