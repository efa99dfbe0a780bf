public import Foundation

/// A value read from the database and kept in memory for a short while, for what pages show on every
/// request but what rarely changes (the crisis banner's hotlines, the home page's counts): read again
/// at most once per `lifetime`, and at once after `invalidate()` (for writes this process makes).
///
/// When the kept value has expired, one caller reads it again while the others go on with the old one,
/// so a busy server does not send every request in flight to the database at the same moment (that
/// stampede every 5 seconds was the home page's p99 under load). Another process's writes (a
/// `xinqiao import` next to a running server) show after about `lifetime`. The lifetime runs on the
/// monotonic clock, not the App's `WallClock` (fixed in tests).
public final class RecentValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let lifetime: Duration
    private var cached: (value: Value, at: ContinuousClock.Instant)?
    /// A caller is reading a replacement for an expired value.
    private var refreshing = false
    /// Bumped by `invalidate()`, so a read that started before it does not store a stale value.
    private var generation = 0

    public init(lifetime: Duration) { self.lifetime = lifetime }

    /// The kept value while it is younger than the lifetime (or while another caller replaces it),
    /// else `load()`'s, kept for next time.
    public func value(_ load: () async throws -> Value) async rethrows -> Value {
        let plan = lock.withLock { () -> Plan in
            guard let cached else { return .load(generation: generation, refresh: false) }
            if ContinuousClock.now - cached.at < lifetime || refreshing { return .use(cached.value) }
            refreshing = true
            return .load(generation: generation, refresh: true)
        }
        switch plan {
        case .use(let value):
            return value
        case .load(let seen, let refresh):
            do {
                let fresh = try await load()
                lock.withLock {
                    if refresh { refreshing = false }
                    if generation == seen { cached = (fresh, ContinuousClock.now) }
                }
                return fresh
            } catch {
                lock.withLock {
                    if refresh { refreshing = false }
                }
                throw error
            }
        }
    }

    /// What a caller of `value(_:)` does.
    private enum Plan {
        case use(Value)
        case load(generation: Int, refresh: Bool)
    }

    /// Forgets the value: the next `value(_:)` reads again.
    public func invalidate() {
        lock.withLock {
            cached = nil
            refreshing = false
            generation += 1
        }
    }
}
