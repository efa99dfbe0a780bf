public import Awareness
import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Reads: the analysts' dashboard

    /// Respondents and aware counts per month (`YYYY-MM`, Beijing days) of a quiz, from the per-day
    /// rollup, optionally within a day range.
    public func awarenessByMonth(quiz: String, from: String?, to: String?) async throws -> [(month: String, respondents: Int, aware: Int)] {
        try await writer.read { db in
            var sql = "SELECT substr(day, 1, 7) AS month, SUM(respondents) AS n, SUM(aware) AS k FROM awarenessRollup WHERE quiz = ?"
            var arguments: [any DatabaseValueConvertible] = [quiz]
            if let from {
                sql += " AND day >= ?"
                arguments.append(from)
            }
            if let to {
                sql += " AND day <= ?"
                arguments.append(to)
            }
            sql += " GROUP BY month ORDER BY month"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row in
                guard let n = row["n"] as Int?, n > 0 else { return nil }
                return (row["month"], n, row["k"] as Int? ?? 0)
            }
        }
    }

    /// Answers and correct answers per (group of `dimension`, question) of a quiz, from the raw
    /// answers joined to their respondents' group labels (the item rollup has no groups). The column
    /// name comes from the `ReportDimension` enum, never from the caller's text.
    public func itemCountsByGroup(quiz: String, dimension: ReportDimension, from: String?, to: String?) async throws
        -> [(group: String, question: String, answers: Int, correct: Int)]
    {
        try await writer.read { db in
            let column = dimension.rawValue
            var sql = """
                SELECT r.\(column) AS grp, a.question AS question, COUNT(*) AS n, SUM(a.correct) AS k
                FROM responseAnswer AS a JOIN respondent AS r ON r.quiz = a.quiz AND r.id = a.respondent
                WHERE a.quiz = ?
                """
            var arguments: [any DatabaseValueConvertible] = [quiz]
            if let from {
                sql += " AND r.day >= ?"
                arguments.append(from)
            }
            if let to {
                sql += " AND r.day <= ?"
                arguments.append(to)
            }
            sql += " GROUP BY grp, a.question ORDER BY grp, a.question"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
                ($0["grp"], $0["question"], $0["n"], $0["k"] as Int? ?? 0)
            }
        }
    }
}
