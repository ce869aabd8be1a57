/// Which number formats show a cell's number as a date. A workbook stores a date as a number (the
/// serial, see `ExcelDateSystem`) and says it is a date only through the cell's style: the style's
/// number format is a built-in date format or a format code with day, month or year in it.
public enum NumberFormats {
    /// The built-in formats Excel shows as dates or times: 14-22 (`m/d/yyyy` to `m/d/yy h:mm`),
    /// 27-36 and 50-58 (East Asian dates) and 45-47 (`mm:ss`, `[h]:mm:ss`, `mm:ss.0`). A custom
    /// `<numFmt>` with one of these ids replaces it (`isDate(id:custom:)`).
    public static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Whether the number format `id`, with the workbook's custom format codes, shows a date.
    public static func isDate(id: Int, custom: [Int: String]) -> Bool {
        if let code = custom[id] { return isDateCode(code) }
        return isBuiltInDate(id)
    }

    /// Whether a format code shows a date: it has a day (`d`) or year (`y`), or a month (`m`) that is
    /// not minutes (no hours or seconds beside it). Quoted text (`"day "0`), escaped characters
    /// (`\d`), fill and padding characters (`*d`, `_d`), `AM/PM`, `General` and bracketed sections
    /// (colours, conditions, locales) are passed over; an elapsed-time section (`[h]`, `[mm]`) counts
    /// as time, so `[h]:mm` is a duration, not a date.
    public static func isDateCode(_ code: String) -> Bool {
        let c = Array(code.utf8.prefix(1024))
        var day = false
        var month = false
        var time = false
        var i = 0
        while i < c.count {
            let b = c[i]
            let lower = b | 0x20
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                while i < c.count, c[i] != UInt8(ascii: "\"") { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 1
            case UInt8(ascii: "["):
                var j = i + 1
                while j < c.count, c[j] != UInt8(ascii: "]") { j += 1 }
                let inside = c[min(i + 1, j)..<j].map { $0 | 0x20 }
                if !inside.isEmpty, inside.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") }) {
                    time = true
                }
                i = j
            default:
                if starts(c, at: i, with: "am/pm") {
                    i += 4
                } else if starts(c, at: i, with: "a/p") {
                    i += 2
                } else if starts(c, at: i, with: "general") {
                    i += 6
                } else if lower == UInt8(ascii: "d") || lower == UInt8(ascii: "y") {
                    day = true
                } else if lower == UInt8(ascii: "m") {
                    month = true
                } else if lower == UInt8(ascii: "h") || lower == UInt8(ascii: "s") {
                    time = true
                }
            }
            i += 1
        }
        return day || (month && !time)
    }

    /// Whether `c[at...]` starts with `word` (ASCII, without regard to case).
    private static func starts(_ c: [UInt8], at: Int, with word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard at + n <= c.count else { return false }
        for k in 0..<n where c[at + k] | 0x20 != word.utf8Start[k] | 0x20 { return false }
        return true
    }
}
