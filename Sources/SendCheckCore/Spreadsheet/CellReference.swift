/// A1-style cell references (`C12`, `XFD1048576`): the column letters and the row number, both
/// within Excel's limits (`SpreadsheetLimits`). Parsing stops at those limits, so a reference of any
/// length costs a few steps and cannot overflow.
public enum CellReference {
    /// The column number (1-based) and row number of a reference such as `C12`, or why it is not one.
    /// Letters may be upper or lower case; the row is optional (`C` gives row 0).
    @inline(__always)
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<(column: Int, row: Int), Failure> {
        var i = 0
        var column = 0
        while i < bytes.count {
            let letter = bytes[i] | 0x20
            guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { break }
            column = column * 26 + Int(letter - UInt8(ascii: "a")) + 1
            if column > SpreadsheetLimits.columns { return .failure(.columnBeyondLimit) }
            i += 1
        }
        guard column > 0 else { return .failure(.notAReference) }
        var row = 0
        while i < bytes.count {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return .failure(.notAReference) }
            row = row * 10 + Int(digit)
            if row > SpreadsheetLimits.rows { return .failure(.rowBeyondLimit) }
            i += 1
        }
        return .success((column, row))
    }

    /// Why a reference cannot be read.
    public enum Failure: Error, Sendable, Equatable {
        case notAReference
        case columnBeyondLimit
        case rowBeyondLimit

        /// Words for `reference` (as written) failing this way.
        public func message(_ reference: String) -> String {
            let shown = Escaping.shown(reference, limit: 40)
            switch self {
            case .notAReference: return "the cell reference '\(shown)' is not a column and row such as 'C12'"
            case .columnBeyondLimit:
                return "the cell reference '\(shown)' is beyond column XFD (\(SpreadsheetLimits.columns)), the last column Excel allows"
            case .rowBeyondLimit:
                return "the cell reference '\(shown)' is beyond row \(SpreadsheetLimits.rows), the last row Excel allows"
            }
        }
    }

    /// The letters of a column number: 1 is `A`, 27 is `AA`, 16384 is `XFD`.
    public static func letters(_ column: Int) -> String {
        var n = max(column, 1)
        var letters: [UInt8] = []
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `C12` for column 3, row 12.
    public static func name(column: Int, row: Int) -> String { letters(column) + String(row) }
}
