/// An awareness target from a plan: a rate to reach by the end of a year (95 % by 2023 …).
public struct Target: Equatable, Sendable, Codable {
    public var year: Int
    /// The rate to reach, 0–1.
    public var rate: Double

    public init(year: Int, rate: Double) {
        self.year = year
        self.rate = rate
    }

    /// Whether a measured rate meets the target, taking its uncertainty into account.
    public enum Status: String, Equatable, Sendable, Codable {
        /// The whole interval is at or above the target.
        case met
        /// The whole interval is below the target.
        case missed
        /// The interval straddles the target: more respondents are needed to say.
        case uncertain
    }

    /// Compares an interval with the target. A 100 % target is met only by a rate of exactly 100 %.
    public func status(rate measured: Double, interval: (lower: Double, upper: Double)) -> Status {
        if rate >= 1 { return measured >= 1 ? .met : (interval.upper < 1 ? .missed : .uncertain) }
        if interval.lower >= rate { return .met }
        if interval.upper < rate { return .missed }
        return .uncertain
    }

    /// The targets of the seed plans for children and parents: 95 % (2023), 98 % (2025), 100 % (2027).
    public static let planDefaults = [Target(year: 2023, rate: 0.95), Target(year: 2025, rate: 0.98), Target(year: 2027, rate: 1.0)]
}
