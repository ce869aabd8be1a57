/// One field's value for one subject, as the evaluator sees it. Every case is a plain number, so
/// rows can be held in reused buffers with no reference counting in the hot path.
public enum Value: Sendable, Equatable {
    /// Not recorded (or dated after the as-of date, so not happened yet).
    case missing
    /// Recorded but unreadable or contradictory (an impossible date, an unknown code).
    case invalid
    case bool(Bool)
    case int(Int)
    case date(Day)
    /// Index into the field's code list.
    case code(Int)
    /// Free text, held as a 64-bit hash of its UTF-8 bytes (equality is all rules may ask of text).
    case text(UInt64)

    /// The day, if this is a date.
    @inline(__always) public var day: Day? { if case .date(let d) = self { return d } else { return nil } }

    /// Whether the value is missing (a pattern test: cheaper than `==` in the hot path).
    @inline(__always) public var isMissing: Bool { if case .missing = self { return true } else { return false } }

    /// Whether the value is invalid.
    @inline(__always) public var isInvalid: Bool { if case .invalid = self { return true } else { return false } }

    /// Whether the value is recorded and readable.
    @inline(__always) public var isPresent: Bool {
        switch self {
        case .missing, .invalid: return false
        default: return true
        }
    }

    /// FNV-1a hash of UTF-8 bytes, the identity of a text value.
    public static func textHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// The text value of a string.
    public static func text(_ s: String) -> Value {
        var copy = s
        return .text(copy.withUTF8 { textHash(UnsafeRawBufferPointer($0)) })
    }
}
