/// A fixed run of values in memory of its own, written once when it is made and then only read: what
/// a hot loop reads per rule or per date (`Evaluator`, `TimeTravel`). Reading an element retains
/// nothing but the element, where an array property read from a closure retained its storage on
/// every call. Not copyable, so exactly one owner frees the memory, when it goes.
struct FlatArray<Element>: ~Copyable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: some Collection<Element>) {
        count = elements.count
        base = .allocate(capacity: max(1, count))
        var i = 0
        for e in elements {
            (base + i).initialize(to: e)
            i += 1
        }
        precondition(i == count, "a collection gave as many elements as its count")
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Element `i` (checked in debug builds only: the hot loops index by rule or date, which the
    /// owner made).
    @inline(__always)
    subscript(i: Int) -> Element {
        assert(i >= 0 && i < count, "index \(i) in a flat array of \(count)")
        return base[i]
    }

    /// Calls `body` with element `i` borrowed in place: a class instance read this way is not
    /// retained and released (the evaluator's programs, once per rule and subject).
    @inline(__always)
    func withElement<R>(_ i: Int, _ body: (borrowing Element) -> R) -> R {
        assert(i >= 0 && i < count, "index \(i) in a flat array of \(count)")
        return body(base[i])
    }

    /// The elements, to read in place for as long as the owner lives.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}

extension FlatArray: @unchecked Sendable where Element: Sendable {}
