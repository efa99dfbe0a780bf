public import Foundation

/// The source of "now", injected so tests and the scheduler can run at a fixed or simulated time.
///
/// Named `WallClock` rather than `Clock` to stay clear of the standard library's `Clock` protocol.
public struct WallClock: Sendable {
    private let nowProvider: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.nowProvider = now }

    /// The current instant.
    public var now: Date { nowProvider() }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }
}

extension TimeZone {
    /// China Standard Time (UTC+8, no daylight saving): every school date and send hour is in it.
    public static let beijing = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
}
