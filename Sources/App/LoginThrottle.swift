public import Foundation
public import OutreachCore

/// Counts failed sign-ins per account and per client address and refuses further tries for a while
/// once either passes its limit (by default 5 failures per account or 20 per address in 15 minutes).
///
/// In memory, per process: one server process answers every sign-in (web and API). The address limit
/// is higher than the account limit because many parents may share one address (a school, a mobile
/// carrier's NAT). A success clears the account's failures, not the address's. Entries older than the
/// window are dropped, and at most `capacity` keys are kept, so a flood of made-up ids cannot grow it
/// without bound.
public actor LoginThrottle {
    /// Failures allowed per account id within `window`.
    public let accountLimit: Int
    /// Failures allowed per client address within `window`.
    public let addressLimit: Int
    /// How far back failures count, in seconds.
    public let window: TimeInterval
    private let capacity: Int
    private var failures: [String: [Date]] = [:]

    public init(accountLimit: Int = 5, addressLimit: Int = 20, window: TimeInterval = 15 * 60, capacity: Int = 50_000) {
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.window = window
        self.capacity = capacity
    }

    /// When the next try may happen, if the account or the address is locked out now.
    public func lockedUntil(account: String, client: String?, now: Date) -> Date? {
        var until: Date?
        for (key, limit) in keys(account: account, client: client) {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit, let oldest = recent.dropLast(limit - 1).last {
                let free = oldest.addingTimeInterval(window)
                until = max(until ?? free, free)
            }
        }
        return until
    }

    /// Records a failed try.
    public func recordFailure(account: String, client: String?, now: Date) {
        if failures.count >= capacity { prune(now: now) }
        for (key, _) in keys(account: account, client: client) {
            var list = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            list.append(now)
            failures[key] = list
        }
    }

    /// Clears the account's failures after a successful sign-in.
    public func recordSuccess(account: String) {
        failures["account:" + account.lowercased()] = nil
    }

    private func keys(account: String, client: String?) -> [(String, Int)] {
        var keys = [("account:" + account.lowercased(), accountLimit)]
        if let client, !client.isEmpty { keys.append(("client:" + client, addressLimit)) }
        return keys
    }

    private func prune(now: Date) {
        failures = failures.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
        if failures.count >= capacity {
            // Still full of live entries: forget the oldest half rather than grow.
            let byLatest = failures.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
            for (key, _) in byLatest.prefix(capacity / 2) { failures[key] = nil }
        }
    }
}
