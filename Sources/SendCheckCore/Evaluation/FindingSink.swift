/// A growable run of findings in storage that is not reference counted, reached through a pointer
/// (`make`, `free`): a hot loop's closures capture the pointer, a plain value, where capturing an
/// array or the object that owns it retained and released it on every call. Not copyable: the one
/// sink frees its findings when it goes (`free` deinitializes it).
struct FindingSink: ~Copyable {
    var items = UnsafeMutablePointer<Finding>.allocate(capacity: 4)
    var capacity = 4
    var count = 0

    /// A new, empty sink; its owner frees it with `free`.
    static func make() -> UnsafeMutablePointer<FindingSink> {
        let sink = UnsafeMutablePointer<FindingSink>.allocate(capacity: 1)
        sink.initialize(to: FindingSink())
        return sink
    }

    static func free(_ sink: UnsafeMutablePointer<FindingSink>) {
        sink.deinitialize(count: 1)
        sink.deallocate()
    }

    deinit {
        items.deinitialize(count: count)
        items.deallocate()
    }

    mutating func append(_ f: Finding) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Finding>.allocate(capacity: 2 * capacity)
            grown.moveInitialize(from: items, count: count)
            items.deallocate()
            items = grown
            capacity *= 2
        }
        (items + count).initialize(to: f)
        count += 1
    }

    mutating func removeAll() {
        items.deinitialize(count: count)
        count = 0
    }

    /// Empties the sink, returning how many findings it held: the caller then moves each out with
    /// `take` (no copy and no destroy of its own).
    mutating func takeAll() -> Int {
        defer { count = 0 }
        return count
    }

    func take(_ i: Int) -> Finding { (items + i).move() }

    /// The findings held, to read in place.
    var findings: UnsafeBufferPointer<Finding> { UnsafeBufferPointer(start: items, count: count) }
}
