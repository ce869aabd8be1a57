/// Reads one cell of case data as a typed value, from raw bytes, with a reason when it cannot.
///
/// Blank cells are missing. Dates are ISO or UK (`DateParser`). Codes are compared without regard
/// to case. Text is kept as a hash (rules may only test it for equality).
public struct CellParser: Sendable {
    public let type: ValueType
    /// The field's codes, lower-cased, then the council's own codes for them (`aliases`).
    private let codes: [[UInt8]]
    /// For each entry of `codes`, the index of the field's code it stands for.
    private let codeIndex: [Int]
    private let aliasNames: [String]
    /// The type as a plain tag, so the per-cell switch does not copy the (indirect) `ValueType`.
    private let kind: Kind

    private enum Kind: UInt8 { case date, code, text, other }

    /// A parser for a field of `type`; `aliases` are a council's own codes, each with the index of
    /// the field's code it stands for (compared without regard to case, like the codes themselves).
    public init(type: ValueType, aliases: [(String, Int)] = []) {
        self.type = type
        if case .code(let set) = type {
            let own = set.values.map { Array($0.lowercased().utf8) }
            let mapped = aliases.map { Array($0.0.trimmingSpaces.lowercased().utf8) }
            codes = own + mapped
            codeIndex = Array(own.indices) + aliases.map(\.1)
            aliasNames = aliases.map(\.0)
        } else {
            codes = []
            codeIndex = []
            aliasNames = []
        }
        switch type {
        case .date: kind = .date
        case .code: kind = .code
        case .text, .string: kind = .text
        default: kind = .other
        }
    }

    /// The value of a cell; `.invalid` when it cannot be read (`parse` says why). The hot path.
    @inline(__always)
    public func value(_ raw: UnsafeRawBufferPointer) -> Value {
        var lo = 0
        var hi = raw.count
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
        if lo == hi { return .missing }
        let bytes = UnsafeRawBufferPointer(rebasing: raw[lo..<hi])
        switch kind {
        case .date:
            // `day` reads exactly what `parse` reads from trimmed bytes (DateFastPathTests); `parse`
            // is left to say why a cell is not a date.
            if let d = DateParser.day(bytes) { return .date(d) }
            // Other forms (a time of day, one-digit day or month) take the general path.
            if case .success(let d) = DateParser.parse(bytes) { return .date(d) }
            return .invalid
        case .code:
            outer: for (index, code) in codes.enumerated() where code.count == bytes.count {
                for i in 0..<code.count {
                    var b = bytes[i]
                    if b >= 65, b <= 90 { b += 32 }
                    if b != code[i] { continue outer }
                }
                return .code(codeIndex[index])
            }
            return .invalid
        case .text:
            return .text(Value.textHash(bytes))
        case .other:
            return (try? parse(raw).get()) ?? .invalid
        }
    }

    /// Parses trimmed bytes, with the reason when the cell cannot be read.
    public func parse(_ raw: UnsafeRawBufferPointer) -> Result<Value, CellError> {
        var lo = 0
        var hi = raw.count
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
        if lo == hi { return .success(.missing) }
        let bytes = UnsafeRawBufferPointer(rebasing: raw[lo..<hi])
        switch type {
        case .date:
            switch DateParser.parse(bytes) {
            case .success(let d): return .success(.date(d))
            case .failure(let f): return .failure(CellError(f.message(for: String(decoding: bytes, as: UTF8.self))))
            }
        case .int:
            var n = 0
            var negative = false
            for (i, b) in bytes.enumerated() {
                if i == 0, b == UInt8(ascii: "-") {
                    negative = true
                    continue
                }
                let d = Int(b) &- 48
                guard d >= 0, d < 10, n < Int.max / 20 else {
                    return .failure(CellError("'\(String(decoding: bytes, as: UTF8.self))' is not a whole number"))
                }
                n = n * 10 + d
            }
            return .success(.int(negative ? -n : n))
        case .code(let set):
            outer: for (index, code) in codes.enumerated() where code.count == bytes.count {
                for i in 0..<code.count {
                    var b = bytes[i]
                    if b >= 65, b <= 90 { b += 32 }
                    if b != code[i] { continue outer }
                }
                return .success(.code(codeIndex[index]))
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let mapped = aliasNames.isEmpty ? "" : ", or as mapped in the configuration \(aliasNames.map { "'\($0)'" }.joined(separator: ", "))"
            return .failure(
                CellError(
                    "'\(Escaping.shown(text))' is not a code of \(set.name) (expected \(set.values.joined(separator: ", "))\(mapped))"
                        + Suggestion.hint(for: text, in: set.values + aliasNames)))
        case .bool:
            switch String(decoding: bytes, as: UTF8.self).lowercased() {
            case "true", "yes", "y", "1": return .success(.bool(true))
            case "false", "no", "n", "0": return .success(.bool(false))
            case let other: return .failure(CellError("'\(other)' is not true or false"))
            }
        default:
            return .success(.text(Value.textHash(bytes)))
        }
    }

    /// Parses a string.
    public func parse(_ text: String) -> Result<Value, CellError> {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}

/// Why a cell could not be read.
public struct CellError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
