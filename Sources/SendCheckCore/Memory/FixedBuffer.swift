/// A fixed number of values in memory of its own, each read and written in place: a stack whose
/// depth is bounded (`SEN2XMLPass`'s open elements). `buffer[i].field = x` writes the field where it
/// is, with no copy of the element and no check of uniqueness, which an array in a value being
/// mutated pays on each write. Not copyable, so exactly one owner frees the memory, when it goes.
struct FixedBuffer<Element>: ~Copyable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        precondition(count >= 0, "a fixed buffer of \(count) elements")
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Element `i`, read and written in place (checked in debug builds only: the owner bounds its
    /// indices, as the XML pass bounds its depth).
    subscript(i: Int) -> Element {
        unsafeAddress {
            assert(i >= 0 && i < count, "index \(i) in a fixed buffer of \(count)")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "index \(i) in a fixed buffer of \(count)")
            return base + i
        }
    }
}
