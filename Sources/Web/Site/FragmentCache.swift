import OutreachCore

/// Rendered HTML fragments kept with the value they were rendered from: a fragment is reused only for
/// an equal value, so it can never be stale. Equal values that share storage (the engine's reused
/// answers, see `AnswerCache`) compare in constant time, so a popular question's hit list is escaped
/// and sanitised once rather than on every request.
struct FragmentCache<Value: Equatable & Sendable>: Sendable {
    private let fragments = BoundedTable<String, Rendered>(limit: 1_024)

    struct Rendered: Sendable {
        var value: Value
        var html: [UInt8]
    }

    /// The fragment for `value` under `key`, rendered by `render` when there is none for this value.
    func fragment(_ key: String, for value: Value, render: (Value) -> [UInt8]) -> [UInt8] {
        if let found = fragments.value(for: key), found.value == value { return found.html }
        let html = render(value)
        if key.utf8.count <= 1_024 { fragments.keep(Rendered(value: value, html: html), for: key) }
        return html
    }
}
