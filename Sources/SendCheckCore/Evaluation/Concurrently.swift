/// Runs `body(i)` for every `i` in `0..<count`, possibly at the same time on several cores. The core
/// never starts threads itself: the runtime passes a function that does, and `body` must only read
/// shared state and write what its own `i` owns.
public typealias Concurrently = @Sendable (_ count: Int, _ body: (Int) -> Void) -> Void

/// `Concurrently` on the calling thread, in order.
public let oneAfterAnother: Concurrently = { count, body in for i in 0..<count { body(i) } }
