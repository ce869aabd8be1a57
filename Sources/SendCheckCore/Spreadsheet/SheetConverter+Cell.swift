/// A cell's type, from its `t` attribute.
enum CellKind {
    /// A number (`t="n"` or no `t`): a date when its style is a date style.
    case number
    /// An index into the shared strings (`t="s"`).
    case shared
    /// An inline string (`t="inlineStr"`, text in `<is><t>`).
    case inline
    /// The text result of a formula (`t="str"`).
    case formula
    /// `0` or `1` (`t="b"`).
    case boolean
    /// An error such as `#N/A` (`t="e"`).
    case error
    /// An ISO 8601 date and time (`t="d"`).
    case date

    init?(_ value: UnsafeRawBufferPointer) {
        switch value.count {
        case 1:
            switch value[0] {
            case UInt8(ascii: "n"): self = .number
            case UInt8(ascii: "s"): self = .shared
            case UInt8(ascii: "b"): self = .boolean
            case UInt8(ascii: "e"): self = .error
            case UInt8(ascii: "d"): self = .date
            default: return nil
            }
        case 3 where value.elementsEqual("str".utf8): self = .formula
        case 9 where value.elementsEqual("inlineStr".utf8): self = .inline
        default: return nil
        }
    }
}

extension SheetConverter {
    /// Writes a cell's field from its text (entities decoded): returns false, writing nothing, for a
    /// cell with no value (empty text or an empty string), which stays an empty field.
    func write(_ text: UnsafeRawBufferPointer, kind: CellKind, style: Int, column: Int) throws(WorkbookProblem) -> Bool {
        switch kind {
        case .shared:
            guard !text.isEmpty else { return false }
            guard let index = Self.integer(text, limit: 1 << 40) else {
                let shown = Escaping.shown(String(decoding: text.prefix(40), as: UTF8.self))
                throw problem("the cell's shared-string index '\(shown)' is not a number; the workbook is damaged", column: column)
            }
            guard index < strings.count else {
                throw problem(
                    "the cell refers to shared string \(index), but the workbook has \(strings.count == 0 ? "none" : "only \(strings.count)"); the workbook is damaged",
                    column: column)
            }
            let start = index == 0 ? 0 : strings.ends[index - 1]
            let end = strings.ends[index]
            guard end > start else { return false }
            place(column, after: fields)
            strings.fields.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
        case .number:
            guard !text.isEmpty else { return false }
            place(column, after: fields)
            if styles.isDate(style), appendDate(serial: text) { return true }
            CellText.appendField(text, to: out)
        case .boolean:
            guard !text.isEmpty else { return false }
            place(column, after: fields)
            if text.count == 1, text[0] == UInt8(ascii: "1") {
                out.append("TRUE")
            } else if text.count == 1, text[0] == UInt8(ascii: "0") {
                out.append("FALSE")
            } else {
                CellText.appendField(text, to: out)
            }
        case .date:
            guard !text.isEmpty else { return false }
            place(column, after: fields)
            if text.count >= 10, Self.isISODate(text) {
                out.append(UnsafeRawBufferPointer(rebasing: text[0..<10]))
            } else {
                CellText.appendField(text, to: out)
            }
        case .inline, .formula, .error:
            guard !text.isEmpty else { return false }
            place(column, after: fields)
            if CellText.hasEscapes(text) {
                CellText.unescaped(text).withUnsafeBytes { CellText.appendField($0, to: out) }
            } else {
                CellText.appendField(text, to: out)
            }
        }
        return true
    }

    /// Writes the date a serial (as written in `<v>`) stands for, as `YYYY-MM-DD`, the time of day
    /// dropped; Excel's phantom 29 February 1900 as `1900-02-29` (which the CSV reader reports as no
    /// real day). Writes nothing and returns false for a serial that is not a number or is outside the
    /// dates Excel shows: it is then written as it is.
    func appendDate(serial text: UnsafeRawBufferPointer) -> Bool {
        guard let serial = Self.wholePart(text) else { return false }
        if dates == .from1900, serial == ExcelDateSystem.phantomLeapDay {
            out.append("1900-02-29")
            return true
        }
        guard let day = dates.day(serial: serial) else { return false }
        if let iso = ISODates.bytes(day) {
            out.append(iso)
        } else {
            let c = day.civil
            for (value, digits) in [(c.year, 4), (c.month, 2), (c.day, 2)] {
                if value != c.year { out.append(UInt8(ascii: "-")) }
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
        }
        return true
    }

    /// The floor of a number written as Excel writes one (`45366`, `45366.75`, `-3.5`, `4.5366E4`);
    /// nil when it is not a number or is too large to be a serial.
    static func wholePart(_ text: UnsafeRawBufferPointer) -> Int? {
        guard !text.isEmpty, text.count <= 40 else { return nil }
        var i = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative || text[0] == UInt8(ascii: "+") { i = 1 }
        var whole = 0
        var digits = 0
        while i < text.count, text[i] &- UInt8(ascii: "0") < 10 {
            whole = whole * 10 + Int(text[i] &- UInt8(ascii: "0"))
            digits += 1
            guard digits <= 12 else { return nil }
            i += 1
        }
        var fraction = false
        if i < text.count, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 {
                if text[i] != UInt8(ascii: "0") { fraction = true }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i == text.count { return negative ? (fraction ? -whole - 1 : -whole) : whole }
        // An exponent: rare enough to read through Double.
        guard text[i] | 0x20 == UInt8(ascii: "e"), let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite,
            abs(value) < 1e12
        else { return nil }
        return Int(value.rounded(.down))
    }

    /// Whether `text` begins `YYYY-MM-DD`.
    static func isISODate(_ text: UnsafeRawBufferPointer) -> Bool {
        for i in 0..<10 {
            let b = text[i]
            if i == 4 || i == 7 {
                if b != UInt8(ascii: "-") { return false }
            } else if b &- UInt8(ascii: "0") >= 10 {
                return false
            }
        }
        return true
    }
}
