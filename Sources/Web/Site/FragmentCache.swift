import Foundation

/// Rendered HTML fragments kept with the value they were rendered from: a fragment is reused only for
/// an equal value, so it can never be stale. Equal values that share storage (the engine's reused
/// answers, see `AnswerCache`) compare in constant time, so a popular question's hit list is escaped
/// and sanitised once rather than on every request.
final class FragmentCache<Value: Equatable & Sendable>: @unchecked Sendable {
    private let limit: Int
    private let lock = NSLock()
    private var fragments: [String: (value: Value, html: [UInt8])] = [:]

    init(limit: Int = 1_024) {
        self.limit = limit
    }

    /// The fragment for `value` under `key`, rendered by `render` when there is none for this value.
    func fragment(_ key: String, for value: Value, render: (Value) -> [UInt8]) -> [UInt8] {
        lock.lock()
        if let found = fragments[key], found.value == value {
            lock.unlock()
            return found.html
        }
        lock.unlock()
        let html = render(value)
        guard key.utf8.count <= 1_024 else { return html }
        lock.lock()
        if fragments.count >= limit { fragments.removeAll(keepingCapacity: true) }
        fragments[key] = (value, html)
        lock.unlock()
        return html
    }
}
