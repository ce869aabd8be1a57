/// The runs of dates at which one subject's clocks of one rule have been counted, by status: so a
/// second clock of the rule (a second review meeting, a request recorded again) counts the child
/// only at the dates and statuses the first did not. The time travel gives every clock of a rule
/// before the next rule's, so the runs are kept for the current rule only (`begin`), and the first
/// clock of a rule, nearly every clock, is counted with no search at all.
///
/// Reached through a pointer (`make`, `free`), as `FindingSink` is: the report's hot closure
/// captures a plain value, not an object or an array it would retain and check on every call. Not
/// copyable: the one value frees its runs when it goes (`free` deinitializes it).
struct CountedRuns: ~Copyable {
    /// A run of date indices `from..<to` at which a clock was counted with `status` (its `index`).
    struct Run {
        var from: Int32
        var to: Int32
        var status: Int32
    }

    private var items = UnsafeMutablePointer<Run>.allocate(capacity: 8)
    private var capacity = 8
    private(set) var count = 0
    /// The rule whose runs are kept (-1: none yet).
    private(set) var rule = -1

    static func make() -> UnsafeMutablePointer<CountedRuns> {
        let runs = UnsafeMutablePointer<CountedRuns>.allocate(capacity: 1)
        runs.initialize(to: CountedRuns())
        return runs
    }

    static func free(_ runs: UnsafeMutablePointer<CountedRuns>) {
        runs.deinitialize(count: 1)
        runs.deallocate()
    }

    deinit { items.deallocate() }

    /// Starts a subject: no rule's runs are kept.
    mutating func reset() {
        count = 0
        rule = -1
    }

    /// Keeps the runs of `rule` from now on (those of another rule are dropped); whether no run of it
    /// has been counted yet, so every date of the next one counts.
    @inline(__always)
    mutating func begin(_ rule: Int) -> Bool {
        if rule != self.rule {
            self.rule = rule
            count = 0
        }
        return count == 0
    }

    /// Whether date index `d` was counted with `status` by an earlier run of the rule.
    @inline(__always)
    func covers(_ d: Int, status: Int) -> Bool {
        for i in 0..<count {
            let r = items[i]
            if Int(r.status) == status && Int(r.from) <= d && d < Int(r.to) { return true }
        }
        return false
    }

    /// Records that dates `from..<to` were counted with `status` (an empty run is not kept).
    mutating func append(from: Int, to: Int, status: Int) {
        guard from < to else { return }
        if count == capacity {
            let grown = UnsafeMutablePointer<Run>.allocate(capacity: 2 * capacity)
            grown.moveInitialize(from: items, count: count)
            items.deallocate()
            items = grown
            capacity *= 2
        }
        (items + count).initialize(to: Run(from: Int32(from), to: Int32(to), status: Int32(status)))
        count += 1
    }
}
