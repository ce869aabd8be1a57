/// Keeps the first few of a long stream in order without sorting it: the board report lists the 500
/// longest-standing reds of each rule out of hundreds of thousands, and sorting its buffer each time
/// it filled took a twentieth of the report's time.
public enum Selection {
    /// Moves the `k` smallest elements of `items` (by `less`, a strict weak order) to its front, in no
    /// particular order, and drops the rest (Hoare's selection: linear on average when most keys differ,
    /// as a finding's identity does). Returns the
    /// largest element kept, or nil when `k` is 0. With fewer than `k` elements, keeps them all.
    @discardableResult
    public static func keepSmallest<T>(_ items: inout [T], _ k: Int, by less: (T, T) -> Bool) -> T? {
        guard k > 0 else {
            items.removeAll()
            return nil
        }
        if items.count > k {
            var (low, high) = (0, items.count - 1)
            // Narrow [low, high] around position k - 1 until everything before it is no larger. Through
            // the buffer, elements are compared in place and swapped without copies (a red holds strings).
            items.withUnsafeMutableBufferPointer { buffer in
                while low < high {
                    let p = partition(buffer, low, high, by: less)
                    if p == k - 1 { break }
                    if p < k - 1 { low = p + 1 } else { high = p - 1 }
                }
            }
            items.removeLast(items.count - k)
        }
        return items.max(by: less)
    }

    /// Partitions `items[low...high]` around a median-of-three pivot; returns the pivot's final index
    /// (everything before it is not larger, everything after it not smaller).
    private static func partition<T>(_ items: UnsafeMutableBufferPointer<T>, _ low: Int, _ high: Int, by less: (T, T) -> Bool) -> Int {
        let mid = low + (high - low) / 2
        if less(items[mid], items[low]) { items.swapAt(mid, low) }
        if less(items[high], items[low]) { items.swapAt(high, low) }
        if less(items[high], items[mid]) { items.swapAt(high, mid) }
        // The median is at `mid`: park it at `high` and sweep.
        items.swapAt(mid, high)
        var store = low
        for i in low..<high where less(items[i], items[high]) {
            items.swapAt(i, store)
            store += 1
        }
        items.swapAt(store, high)
        return store
    }
}
