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
    /// For a number, the values it may take.
    private let range: ClosedRange<Int>?
    /// The type as a plain tag, so the per-cell switch does not copy the (indirect) `ValueType`.
    private let kind: Kind

    private enum Kind: UInt8 { case date, code, text, other }

    /// A parser for a field of `type`; `aliases` are a council's own codes, each with the index of
    /// the field's code it stands for (compared without regard to case, like the codes themselves).
    public init(type: ValueType, aliases: [(String, Int)] = [], range: ClosedRange<Int>? = nil) {
        self.type = type
        self.range = range
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
            // Text that is not UTF-8 would be shown as replacement characters: an invalid cell instead.
            if bytes.contains(where: { $0 >= 0x80 }), !TextEncoding.isValidUTF8(bytes) { return .invalid }
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
        if bytes.contains(where: { $0 >= 0x80 }), !TextEncoding.isValidUTF8(bytes) {
            return .failure(CellError("'\(Self.shown(bytes))' is not valid UTF-8 text (is the file in another encoding?)"))
        }
        switch type {
        case .date:
            switch DateParser.parse(bytes) {
            case .success(let d): return .success(.date(d))
            case .failure(let f): return .failure(CellError(f.message(for: Self.shown(bytes))))
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
                    return .failure(CellError("'\(Self.shown(bytes))' is not a whole number"))
                }
                n = n * 10 + d
            }
            let value = negative ? -n : n
            if let range, !range.contains(value) {
                return .failure(CellError("\(value) is outside the values this field takes (\(Self.describe(range)))"))
            }
            return .success(.int(value))
        case .code(let set):
            outer: for (index, code) in codes.enumerated() where code.count == bytes.count {
                for i in 0..<code.count {
                    var b = bytes[i]
                    if b >= 65, b <= 90 { b += 32 }
                    if b != code[i] { continue outer }
                }
                return .success(.code(codeIndex[index]))
            }
            let text = Self.shown(bytes)
            let mapped = aliasNames.isEmpty ? "" : ", or as mapped in the configuration \(aliasNames.map { "'\($0)'" }.joined(separator: ", "))"
            return .failure(
                CellError(
                    "'\(Escaping.shown(text))' is not a code of \(set.name) (expected \(set.values.joined(separator: ", "))\(mapped))"
                        + Suggestion.hint(for: text, in: set.values + aliasNames)))
        case .bool:
            switch Self.shown(bytes).lowercased() {
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

extension CellParser {
    /// A cell's text as shown in a message: control characters escaped, cut short when long (a
    /// value of megabytes is never copied whole into a diagnostic).
    static func shown(_ bytes: UnsafeRawBufferPointer) -> String {
        let limit = Escaping.shownLength
        let text = Escaping.shown(String(decoding: UnsafeRawBufferPointer(rebasing: bytes.prefix(limit * 4)), as: UTF8.self), limit: limit)
        return bytes.count > limit * 4 ? text + "… (\(bytes.count) bytes)" : text
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, let high): return "at most \(high)"
        case (let low, Int.max): return "at least \(low)"
        case (let low, let high): return "\(low) to \(high)"
        }
    }
}

/// Why a cell could not be read.
public struct CellError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
