/// One group's awareness: respondents, how many are aware, the rate and its 95 % Wilson interval — or
/// nothing at all when the cell is suppressed.
public struct RateCell: Equatable, Sendable {
    public var respondents: Int?
    public var aware: Int?
    public var rate: Double?
    public var interval: (lower: Double, upper: Double)?
    public var suppressed: Bool

    /// A published cell.
    public init(aware: Int, respondents: Int) {
        self.respondents = respondents
        self.aware = aware
        self.rate = respondents == 0 ? nil : Double(aware) / Double(respondents)
        self.interval = Wilson.interval(successes: aware, n: respondents)
        self.suppressed = false
    }

    /// A suppressed cell: no counts, no rate, no interval.
    public static let suppressedCell = RateCell()

    private init() {
        suppressed = true
    }

    public static func == (lhs: RateCell, rhs: RateCell) -> Bool {
        lhs.respondents == rhs.respondents && lhs.aware == rhs.aware && lhs.suppressed == rhs.suppressed
            && lhs.interval?.lower == rhs.interval?.lower && lhs.interval?.upper == rhs.interval?.upper
    }
}

/// Small-cell suppression for a breakdown, so no group of fewer than `threshold` respondents can be
/// read — not directly, and not by subtracting the other groups from the published total.
public enum Suppression {
    /// The keys to suppress: every group with n < threshold, and — when exactly one group would be
    /// suppressed — the next smallest group as well (complementary suppression).
    public static func suppressedKeys<Key: Hashable & Comparable>(_ counts: [Key: Int], threshold: Int) -> Set<Key> {
        var suppressed = Set(counts.filter { $0.value < threshold }.map(\.key))
        if suppressed.count == 1 && counts.count > 1 {
            let next = counts.filter { !suppressed.contains($0.key) }.min { lhs, rhs in
                lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key < rhs.key
            }
            if let next { suppressed.insert(next.key) }
        }
        return suppressed
    }
}
