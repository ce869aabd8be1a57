/// Stable sorts by a 64-bit key, a byte at a time, for the large sorts of a national run (a quarter of
/// a million findings of one rule, 320,000 persons on each core), where a comparison sort calling a
/// closure 18 times per element took tens of milliseconds more.
public enum RadixSort {
    /// Below this many elements a comparison sort is as quick as the radix sort's fixed costs.
    public static let minimum = 512

    /// Sorts `items` by `key`, stably: least significant byte first, skipping any byte all keys share
    /// (a reference's leading letter, say).
    public static func sort<T>(_ items: inout [T], key: (T) -> UInt64) {
        let n = items.count
        guard n > 1 else { return }
        var counts = [Int](repeating: 0, count: 8 * 256)
        counts.withUnsafeMutableBufferPointer { counts in
            items.withUnsafeBufferPointer { items in
                for item in items {
                    let k = key(item)
                    for byte in 0..<8 { counts[byte &* 256 &+ Int(truncatingIfNeeded: (k &>> UInt64(8 &* byte)) & 0xFF)] &+= 1 }
                }
            }
        }
        var other = items
        var inOther = false
        var next = [Int](repeating: 0, count: 256)
        for byte in 0..<8 {
            let histogram = counts[(byte * 256)..<(byte * 256 + 256)]
            if histogram.contains(n) { continue }
            var total = 0
            for (digit, count) in zip(0..., histogram) {
                next[digit] = total
                total += count
            }
            let shift = UInt64(8 * byte)
            func scatter(_ from: UnsafeBufferPointer<T>, _ to: UnsafeMutableBufferPointer<T>) {
                next.withUnsafeMutableBufferPointer { next in
                    for item in from {
                        let digit = Int(truncatingIfNeeded: (key(item) &>> shift) & 0xFF)
                        to[next[digit]] = item
                        next[digit] &+= 1
                    }
                }
            }
            if inOther {
                other.withUnsafeBufferPointer { from in items.withUnsafeMutableBufferPointer { scatter(from, $0) } }
            } else {
                items.withUnsafeBufferPointer { from in other.withUnsafeMutableBufferPointer { scatter(from, $0) } }
            }
            inOther.toggle()
        }
        if inOther { swap(&items, &other) }
    }

    /// Sorts each run of consecutive elements with one key by `precedes`, after `sort` has put
    /// runs together: the whole is then in the order `precedes` defines, when it orders different
    /// keys as the keys' numbers do.
    public static func sortRuns<T>(_ items: inout [T], key: (T) -> UInt64, by precedes: (T, T) -> Bool) {
        var i = 0
        while i < items.count {
            let k = key(items[i])
            var j = i + 1
            while j < items.count, key(items[j]) == k { j += 1 }
            if j - i > 1 { items[i..<j].sort(by: precedes) }
            i = j
        }
    }
}
