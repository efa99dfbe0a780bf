import Foundation

/// A thread-safe table of values computed once and kept, up to `limit` entries; when full it starts
/// over (the entries are cheap to make again, and a popular key comes back at once). For answers that
/// never go stale for their key: what a fixed detector says of a text, a fragment rendered from a value.
///
/// ```swift
/// let verdicts = BoundedTable<String, Bool>(limit: 4_096)
/// let risky = verdicts.value(for: text) { detector.flags($0) }
/// ```
public final class BoundedTable<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    public let limit: Int
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    public init(limit: Int) {
        self.limit = limit
    }

    /// The value kept for `key`, if any.
    public func value(for key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    /// Keeps `value` for `key` (the table starts over when it is full).
    public func keep(_ value: Value, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        if values.count >= limit, values[key] == nil { values.removeAll(keepingCapacity: true) }
        values[key] = value
    }

    /// The value kept for `key`, or `make(key)` kept and returned. `make` runs outside the lock, so two
    /// callers may both make a value for a new key; the last one is kept.
    public func value(for key: Key, orMake make: (Key) throws -> Value) rethrows -> Value {
        if let found = value(for: key) { return found }
        let made = try make(key)
        keep(made, for: key)
        return made
    }
}
