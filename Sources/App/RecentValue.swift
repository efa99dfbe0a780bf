public import Foundation

/// A value read from the database and kept in memory for a short while, for what pages show on every
/// request but what rarely changes (the crisis banner's hotlines, the home page's counts): at most one
/// read per `lifetime`, and `invalidate()` for writes this process makes.
///
/// Another process's writes (a `xinqiao import` next to a running server) show after at most
/// `lifetime`. The lifetime runs on the monotonic clock, not the App's `WallClock` (fixed in tests).
public final class RecentValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let lifetime: Duration
    private var cached: (value: Value, at: ContinuousClock.Instant)?
    /// Bumped by `invalidate()`, so a read that started before it does not store a stale value.
    private var generation = 0

    public init(lifetime: Duration) { self.lifetime = lifetime }

    /// The kept value if it is younger than the lifetime, else `load()`'s (kept for next time).
    public func value(_ load: () async throws -> Value) async rethrows -> Value {
        let (hit, seen) = lock.withLock { () -> (Value?, Int) in
            guard let cached, ContinuousClock.now - cached.at < lifetime else { return (nil, generation) }
            return (cached.value, generation)
        }
        if let hit { return hit }
        let fresh = try await load()
        lock.withLock {
            if generation == seen { cached = (fresh, ContinuousClock.now) }
        }
        return fresh
    }

    /// Forgets the value: the next `value(_:)` reads again.
    public func invalidate() {
        lock.withLock {
            cached = nil
            generation += 1
        }
    }
}
