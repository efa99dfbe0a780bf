/// Group keys an awareness report can break down by.
public enum ReportDimension: String, CaseIterable, Sendable {
    case region, school, grade, role
}

/// The awareness report of one quiz: the total, a breakdown by group keys with suppression, item
/// awareness per knowledge point, and the plan targets.
public struct AwarenessReport: Equatable, Sendable {
    /// Counts of one group before suppression.
    public struct Counts: Equatable, Sendable {
        public var key: [String: String]
        public var respondents: Int
        public var aware: Int
        public init(key: [String: String], respondents: Int, aware: Int) {
            self.key = key
            self.respondents = respondents
            self.aware = aware
        }
    }

    public struct Group: Equatable, Sendable {
        public var key: [String: String]
        public var cell: RateCell
    }

    public struct Item: Equatable, Sendable {
        public var knowledgePoint: String
        public var answers: Int
        public var correct: Int
        public var cell: RateCell
    }

    public struct TargetResult: Equatable, Sendable {
        public var target: Target
        public var status: Target.Status
    }

    public var quiz: String
    public var passMark: Int
    public var total: RateCell
    public var groups: [Group]
    public var items: [Item]
    public var targets: [TargetResult]

    /// Builds the report: groups below `threshold` respondents are suppressed, with complementary
    /// suppression; the total is suppressed too when it is itself below the threshold.
    public static func make(
        quiz: String, passMark: Int, groups counts: [Counts], items: [(knowledgePoint: String, answers: Int, correct: Int)],
        targets: [Target], threshold: Int
    ) -> AwarenessReport {
        let respondents = counts.reduce(0) { $0 + $1.respondents }
        let aware = counts.reduce(0) { $0 + $1.aware }
        let total = respondents < threshold ? RateCell.suppressedCell : RateCell(aware: aware, respondents: respondents)
        var byKey: [String: Int] = [:]
        for (index, group) in counts.enumerated() { byKey[Self.sortKey(group.key, index)] = group.respondents }
        let suppressed = Suppression.suppressedKeys(byKey, threshold: threshold)
        let groups = counts.enumerated().map { index, group in
            Group(
                key: group.key,
                cell: suppressed.contains(Self.sortKey(group.key, index))
                    ? .suppressedCell : RateCell(aware: group.aware, respondents: group.respondents))
        }
        let itemCells = items.map { item in
            Item(
                knowledgePoint: item.knowledgePoint, answers: item.answers, correct: item.correct,
                cell: RateCell(aware: item.correct, respondents: item.answers))
        }
        let targetResults: [TargetResult] =
            total.suppressed
            ? []
            : targets.map { target in
                TargetResult(target: target, status: target.status(rate: total.rate ?? 0, interval: total.interval ?? (0, 1)))
            }
        return AwarenessReport(quiz: quiz, passMark: passMark, total: total, groups: groups, items: itemCells, targets: targetResults)
    }

    private static func sortKey(_ key: [String: String], _ index: Int) -> String {
        key.keys.sorted().map { "\($0)=\(key[$0]!)" }.joined(separator: "|") + "#\(index)"
    }
}
