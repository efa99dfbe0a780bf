import Foundation

/// The 95 % Wilson score interval of a proportion: unlike the normal approximation it stays inside
/// 0–1 and behaves for small n and for rates near 0 % or 100 % — where awareness targets (95 %, 98 %,
/// 100 %) live.
public enum Wilson {
    /// The interval for `successes` out of `n` at `z` (1.96 for 95 %); (0, 1) when n is 0.
    public static func interval(successes: Int, n: Int, z: Double = 1.959964) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let p = Double(successes) / Double(n)
        let count = Double(n)
        let z2 = z * z
        let centre = p + z2 / (2 * count)
        let margin = z * ((p * (1 - p) + z2 / (4 * count)) / count).squareRoot()
        let denominator = 1 + z2 / count
        return (max(0, (centre - margin) / denominator), min(1, (centre + margin) / denominator))
    }
}
