public import Awareness
import Foundation
public import Learning
import Library
public import OutreachCore
import Store

/// One month of the awareness trend.
public struct AwarenessTrendPoint: Equatable, Sendable {
    /// `YYYY-MM` (Beijing time).
    public var month: String
    public var cell: RateCell
}

/// Item awareness (correct ÷ answers) of each knowledge point of a quiz in each group of one
/// dimension: the analysts' heat map. Aggregates only; small groups are suppressed whole (and with a
/// complement, so no group is recoverable from the knowledge point's total), and so is any cell with
/// fewer answers than the threshold.
public struct KnowledgeHeatMap: Sendable {
    public struct Row: Sendable {
        public var knowledgePoint: String
        public var title: String
        /// One cell per group, in `groups` order.
        public var cells: [RateCell]
        /// All groups together (suppressed under the threshold too).
        public var total: RateCell
    }

    public var dimension: ReportDimension
    /// The group values (column labels), sorted.
    public var groups: [String]
    public var rows: [Row]
}

extension LearningService {
    /// Every quiz in the library, by id (for the analysts' quiz choice).
    public func quizzes() async throws -> [Quiz] {
        try await database.contentPayloads(kind: ContentKind.quiz.rawValue).map { try JSONDecoder().decode(Quiz.self, from: $0) }
    }

    /// The knowledge points (应知应会) by id, for labels.
    public func knowledgePoints() async throws -> [KnowledgePoint] {
        try await database.contentPayloads(kind: ContentKind.knowledgePoint.rawValue).map {
            try JSONDecoder().decode(KnowledgePoint.self, from: $0)
        }
    }

    /// The awareness rate of a quiz month by month (respondents whose score reached the pass mark ÷
    /// respondents), each with n and a Wilson interval. Months under the suppression threshold are
    /// suppressed, with a complement when only one is, so none is recoverable from the total.
    public func awarenessTrend(quiz id: String, from: String?, to: String?, actor: Actor) async throws -> [AwarenessTrendPoint] {
        try actor.require(.viewAggregates)
        _ = try await quiz(id: id)
        let months = try await database.awarenessByMonth(quiz: id, from: from, to: to)
        let suppressed = Suppression.suppressedKeys(
            Dictionary(uniqueKeysWithValues: months.map { ($0.month, $0.respondents) }), threshold: max(suppressionThreshold, 1))
        return months.map { month in
            AwarenessTrendPoint(
                month: month.month,
                cell: suppressed.contains(month.month) ? .suppressedCell : RateCell(aware: month.aware, respondents: month.respondents))
        }
    }

    /// The knowledge-point heat map of a quiz by `dimension` (region, school, grade or role).
    public func knowledgeHeatMap(quiz id: String, by dimension: ReportDimension, from: String?, to: String?, actor: Actor) async throws
        -> KnowledgeHeatMap
    {
        try actor.require(.viewAggregates)
        let (_, questions) = try await quiz(id: id)
        let threshold = max(suppressionThreshold, 1)
        let pointOf = Dictionary(uniqueKeysWithValues: questions.map { ($0.id.rawValue, $0.knowledgePoint.rawValue) })
        let titles = Dictionary(try await knowledgePoints().map { ($0.id.rawValue, $0.title) }, uniquingKeysWith: { first, _ in first })
        // Whole groups under the threshold (by respondents), with their complement.
        let respondents = try await database.awarenessCounts(quiz: id, by: [dimension], from: from, to: to)
        var groupSize: [String: Int] = [:]
        for group in respondents { groupSize[group.key[dimension.rawValue] ?? "", default: 0] += group.respondents }
        let smallGroups = Suppression.suppressedKeys(groupSize, threshold: threshold)
        let groups = groupSize.keys.sorted { lhs, rhs in
            if dimension == .grade, let l = Int(lhs), let r = Int(rhs) { return l < r }
            return lhs < rhs
        }
        // Answers per (knowledge point, group).
        var counts: [String: [String: (answers: Int, correct: Int)]] = [:]
        for row in try await database.itemCountsByGroup(quiz: id, dimension: dimension, from: from, to: to) {
            guard let point = pointOf[row.question] else { continue }
            let old = counts[point, default: [:]][row.group] ?? (0, 0)
            counts[point, default: [:]][row.group] = (old.answers + row.answers, old.correct + row.correct)
        }
        let rows = counts.keys.sorted().map { point -> KnowledgeHeatMap.Row in
            let byGroup = counts[point] ?? [:]
            // A small group counts as 0 answers here, so the per-row rule suppresses it too and adds a
            // complement when it would be the only hidden cell of the row.
            var answers: [String: Int] = [:]
            for group in groups { answers[group] = smallGroups.contains(group) ? 0 : byGroup[group]?.answers ?? 0 }
            let hidden = Suppression.suppressedKeys(answers.filter { byGroup[$0.key] != nil || smallGroups.contains($0.key) }, threshold: threshold)
            let cells = groups.map { group -> RateCell in
                guard let count = byGroup[group], !hidden.contains(group) else { return .suppressedCell }
                return RateCell(aware: count.correct, respondents: count.answers)
            }
            let all = byGroup.values.reduce((answers: 0, correct: 0)) { ($0.answers + $1.answers, $0.correct + $1.correct) }
            let total = all.answers < threshold ? RateCell.suppressedCell : RateCell(aware: all.correct, respondents: all.answers)
            return .init(knowledgePoint: point, title: titles[point] ?? point, cells: cells, total: total)
        }
        return KnowledgeHeatMap(dimension: dimension, groups: groups, rows: rows)
    }
}
