/// Puts one rule's findings in report order: by subject reference, then by start, then by where the
/// subject was read (source, then line), so the order never depends on which core read what.
///
/// Sorting the findings themselves would compare references as strings and move 50-byte values that
/// hold a string at every step. Instead a small key per finding (the reference's first eight bytes,
/// the start, the position) is sorted, and the findings are gathered once. References that share
/// their first eight bytes, or are not ASCII, are compared as strings, so the order is exactly the
/// string order it replaces. The sort is stable and adaptive: linear when the input is already in
/// reference order, as exports usually are.
public enum FindingOrder {
    private struct Key {
        var prefix: UInt64
        var start: Int
        var index: Int32
        /// Whether the prefix alone decides (the reference is ASCII and ends within eight bytes).
        var exact: Bool
        /// Whether prefixes order the reference (ASCII without NUL: byte order is string order).
        var ascii: Bool
    }

    /// Sorts one rule's findings held as consecutive lists. Lists already in order, each and across
    /// their boundaries, come back as they are; otherwise as one sorted list, gathered from the lists
    /// themselves (never first joined into a copy: a national run holds hundreds of thousands).
    public static func sorted(parts: [[Finding]]) -> [[Finding]] {
        let parts = parts.filter { !$0.isEmpty }
        guard parts.count > 1 else { return parts.map(sorted) }
        var inOrder = true
        for (i, part) in parts.enumerated() where !isSorted(part) || (i > 0 && precedes(part[0], parts[i - 1][parts[i - 1].count - 1])) {
            inOrder = false
            break
        }
        if inOrder { return parts }
        // A key's index names its list (high bits) and its place in it; beyond what that can hold,
        // the lists are joined first.
        guard parts.count < 1 << (31 - partShift), parts.allSatisfy({ $0.count < 1 << partShift }) else {
            return [sorted(Array(parts.joined()))]
        }
        return [gathered(parts)]
    }

    private static func isSorted(_ findings: [Finding]) -> Bool {
        for i in findings.indices.dropFirst() where precedes(findings[i], findings[i - 1]) { return false }
        return true
    }

    public static func sorted(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 1 else { return findings }
        // Exports in reference order need nothing: check that first, without allocating.
        if isSorted(findings) { return findings }
        guard findings.count < 1 << partShift else { return gathered([findings], wide: true) }
        return gathered([findings])
    }

    /// Bits of a key's index that hold the place within a list.
    private static let partShift: Int32 = 24

    /// The findings of `parts` in order, through a sort of small keys. `wide`: one list whose
    /// places may not fit `partShift` bits (the index is then the place itself).
    private static func gathered(_ parts: [[Finding]], wide: Bool = false) -> [Finding] {
        @inline(__always) func finding(_ index: Int32) -> Finding {
            wide ? parts[0][Int(index)] : parts[Int(index >> partShift)][Int(index & (1 << partShift - 1))]
        }
        var keys: [Key] = []
        keys.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        var ascii = true
        for (p, part) in parts.enumerated() {
            let high = wide ? 0 : Int32(p) << partShift
            for (i, f) in part.enumerated() {
                let k = key(f, high | Int32(i))
                ascii = ascii && k.ascii
                keys.append(k)
            }
        }
        func precedes(_ a: Key, _ b: Key) -> Bool {
            if a.prefix != b.prefix, a.ascii, b.ascii { return a.prefix < b.prefix }
            if !(a.exact && b.exact && a.prefix == b.prefix) {
                let x = finding(a.index).subject
                let y = finding(b.index).subject
                if x != y { return x < y }
            }
            // Ties (two persons given one reference) are rare: their places are looked up.
            return a.start != b.start ? a.start < b.start : place(finding(a.index)) < place(finding(b.index))
        }
        if ascii, keys.count >= RadixSort.minimum {
            // Prefixes order every pair whose prefixes differ, so a stable sort by prefix alone
            // leaves only the runs of one prefix to order (short runs: a few keys each).
            RadixSort.sort(&keys) { $0.prefix }
            RadixSort.sortRuns(&keys, key: { $0.prefix }, by: precedes)
        } else {
            keys.sort(by: precedes)
        }
        return keys.map { finding($0.index) }
    }

    /// The order itself: reference as strings order it, then start, then place.
    @inline(__always) static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.subject != b.subject { return a.subject < b.subject }
        let (x, y) = (a.start?.number ?? Int.min, b.start?.number ?? Int.min)
        return x != y ? x < y : place(a) < place(b)
    }

    @inline(__always) private static func place(_ f: Finding) -> Int64 { Int64(f.source) << 32 | Int64(UInt32(bitPattern: f.line)) }

    private static func key(_ f: Finding, _ index: Int32) -> Key {
        let start = f.start?.number ?? Int.min
        // The reference's bytes, read in place (a string not stored natively is copied first): the
        // UTF-8 view's iterator costs tens of instructions a byte, and a national run makes hundreds
        // of thousands of keys.
        func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
            var prefix: UInt64 = 0
            var ascii = true
            for i in 0..<bytes.count {
                let b = bytes[i]
                // A NUL byte would look like the prefix's padding: compare such references as
                // strings (the prefix then decides nothing, so it need not be finished).
                if b >= 0x80 || b == 0 {
                    ascii = false
                    break
                }
                if i < 8 { prefix |= UInt64(b) << UInt64(56 - 8 * i) }
            }
            return Key(prefix: prefix, start: start, index: index, exact: ascii && bytes.count <= 8, ascii: ascii)
        }
        return f.subject.utf8.withContiguousStorageIfAvailable(key) ?? Array(f.subject.utf8).withUnsafeBufferPointer(key)
    }
}
