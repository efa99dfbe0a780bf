/// Classical item analysis of one question over a set of respondents.
public struct ItemStatistics: Equatable, Sendable {
    /// Share of respondents who answered correctly (0–1); low means hard.
    public var facility: Double
    /// Corrected point-biserial correlation between getting this item right and the score on the other
    /// items (−1…1); low or negative flags a confusing or mis-keyed question. Nil when undefined
    /// (everyone right, everyone wrong, or no variance in the rest).
    public var discrimination: Double?
    public var respondents: Int

    /// Computes the statistics from sums over respondents: x = item correct (0/1), y = rest score.
    public init(n: Int, sumX: Int, sumY: Int, sumXY: Int, sumYY: Int) {
        respondents = n
        guard n > 0 else {
            facility = 0
            discrimination = nil
            return
        }
        let count = Double(n)
        facility = Double(sumX) / count
        let numerator = count * Double(sumXY) - Double(sumX) * Double(sumY)
        let varianceX = count * Double(sumX) - Double(sumX) * Double(sumX)  // x² = x for 0/1
        let varianceY = count * Double(sumYY) - Double(sumY) * Double(sumY)
        discrimination = varianceX > 0 && varianceY > 0 ? numerator / (varianceX * varianceY).squareRoot() : nil
    }

    /// Computes the statistics from each respondent's (item correct, total correct) pair.
    public init(itemCorrect: [Bool], totals: [Int]) {
        precondition(itemCorrect.count == totals.count)
        let n = itemCorrect.count
        respondents = n
        guard n > 0 else {
            facility = 0
            discrimination = nil
            return
        }
        let item = itemCorrect.map { $0 ? 1.0 : 0.0 }
        // The rest score excludes the item itself, so an item does not correlate with itself.
        let rest = zip(totals, item).map { Double($0) - $1 }
        let meanItem = item.reduce(0, +) / Double(n)
        let meanRest = rest.reduce(0, +) / Double(n)
        facility = meanItem
        var covariance = 0.0
        var varianceItem = 0.0
        var varianceRest = 0.0
        for index in 0..<n {
            let di = item[index] - meanItem
            let dr = rest[index] - meanRest
            covariance += di * dr
            varianceItem += di * di
            varianceRest += dr * dr
        }
        discrimination = varianceItem > 0 && varianceRest > 0 ? covariance / (varianceItem * varianceRest).squareRoot() : nil
    }
}
