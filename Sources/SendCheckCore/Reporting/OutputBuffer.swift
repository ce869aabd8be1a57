/// A byte buffer that reporters write into and that hands full chunks to a sink, so a national-scale
/// report is streamed rather than built as one string. The sink is the caller's (stdout, a file, a test).
public struct OutputBuffer {
    public private(set) var bytes: [UInt8] = []
    private let chunkSize: Int
    private let sink: ([UInt8]) -> Void

    public init(chunkSize: Int = 1 << 20, sink: @escaping ([UInt8]) -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        bytes.reserveCapacity(min(chunkSize, 1 << 20) + 4096)
    }

    @inline(__always) private mutating func flushIfFull() {
        if bytes.count >= chunkSize { flush() }
    }

    /// Hands what has been written to the sink.
    public mutating func flush() {
        guard !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func write(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        flushIfFull()
    }

    public mutating func write(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
        flushIfFull()
    }

    /// A whole number in decimal.
    public mutating func write(_ n: Int) {
        if n < 0 {
            bytes.append(UInt8(ascii: "-"))
            write(n == Int.min ? Int.max : -n)
            return
        }
        if n < 10 {
            bytes.append(UInt8(48 + n))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// A date as `YYYY-MM-DD` (one append of ten bytes).
    public mutating func write(_ day: Day) {
        let c = day.civil
        guard (0...9999).contains(c.year) else { return write(day.iso) }
        let y = c.year
        var text: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 45,
            UInt8(48 + c.month / 10), UInt8(48 + c.month % 10), 45, UInt8(48 + c.day / 10), UInt8(48 + c.day % 10)
        )
        withUnsafeBytes(of: &text) { bytes.append(contentsOf: $0) }
    }

    /// A JSON string literal.
    public mutating func writeJSON(_ s: String) {
        var plain = true
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            plain = false
            break
        }
        guard plain else { return bytes.append(contentsOf: JSONText.string(s).utf8) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: s.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Flushes and returns nothing more; call at the end of a report.
    public mutating func finish() { flush() }
}

/// JSON text helpers.
public enum JSONText {
    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// A date string or null.
    public static func day(_ d: Day?) -> String { d.map { "\"\($0.iso)\"" } ?? "null" }

    /// A number or null.
    public static func int(_ n: Int?) -> String { n.map(String.init) ?? "null" }
}
