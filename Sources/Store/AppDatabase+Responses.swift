public import Awareness
import Foundation
import GRDB

/// One survey response ready to store: group labels, the day, and per-question correctness.
public struct StoredResponse: Sendable, Equatable {
    public var quiz: String
    public var respondent: String
    public var region: String
    public var school: String
    public var grade: String
    public var role: String
    /// `YYYY-MM-DD` in Beijing time.
    public var day: String
    /// (question id, knowledge point, correct)
    public var answers: [(question: String, knowledgePoint: String, correct: Bool)]
    public var aware: Bool

    public init(
        quiz: String, respondent: String, region: String, school: String, grade: String, role: String, day: String,
        answers: [(question: String, knowledgePoint: String, correct: Bool)], aware: Bool
    ) {
        self.quiz = quiz
        self.respondent = respondent
        self.region = region
        self.school = school
        self.grade = grade
        self.role = role
        self.day = day
        self.answers = answers
        self.aware = aware
    }

    public static func == (lhs: StoredResponse, rhs: StoredResponse) -> Bool {
        lhs.quiz == rhs.quiz && lhs.respondent == rhs.respondent
    }
}

extension AppDatabase {
    // MARK: - Writes

    /// Stores responses in one transaction, skipping respondents already stored for the quiz (so an
    /// import run twice counts nobody twice), and updates the rollups. Returns (added, skipped).
    public func insertResponses(_ responses: [StoredResponse]) async throws -> (added: Int, skipped: Int) {
        try await writer.write { db in
            var added = 0
            let insertRespondent = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO respondent (quiz, id, region, school, grade, role, day, correct, total, aware)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertAnswer = try db.cachedStatement(
                sql: "INSERT INTO responseAnswer (quiz, respondent, question, correct) VALUES (?, ?, ?, ?)")
            let rollup = try db.cachedStatement(
                sql: """
                    INSERT INTO awarenessRollup (quiz, region, school, grade, role, day, respondents, aware)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT DO UPDATE SET respondents = respondents + 1, aware = aware + excluded.aware
                    """)
            let total = try db.cachedStatement(
                sql: """
                    INSERT INTO awarenessTotal (quiz, region, school, grade, role, respondents, aware)
                    VALUES (?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT DO UPDATE SET respondents = respondents + 1, aware = aware + excluded.aware
                    """)
            let itemRollup = try db.cachedStatement(
                sql: """
                    INSERT INTO itemRollup (quiz, knowledgePoint, day, answers, correct) VALUES (?, ?, ?, 1, ?)
                    ON CONFLICT DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct
                    """)
            for response in responses {
                let correct = response.answers.filter(\.correct).count
                try insertRespondent.execute(arguments: [
                    response.quiz, response.respondent, response.region, response.school, response.grade, response.role,
                    response.day, correct, response.answers.count, response.aware,
                ])
                guard db.changesCount == 1 else { continue }
                added += 1
                for answer in response.answers {
                    try insertAnswer.execute(arguments: [response.quiz, response.respondent, answer.question, answer.correct])
                    try itemRollup.execute(arguments: [response.quiz, answer.knowledgePoint, response.day, answer.correct ? 1 : 0])
                }
                try rollup.execute(arguments: [
                    response.quiz, response.region, response.school, response.grade, response.role, response.day,
                    response.aware ? 1 : 0,
                ])
                try total.execute(arguments: [
                    response.quiz, response.region, response.school, response.grade, response.role, response.aware ? 1 : 0,
                ])
            }
            return (added, responses.count - added)
        }
    }

    // MARK: - Reads

    /// The `AND day …` conditions of an optional date range.
    private static func dayRange(from: String?, to: String?) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        var sql = ""
        var arguments: [any DatabaseValueConvertible] = []
        if let from {
            sql += " AND day >= ?"
            arguments.append(from)
        }
        if let to {
            sql += " AND day <= ?"
            arguments.append(to)
        }
        return (sql, arguments)
    }

    /// Respondents and aware counts per group of `dimensions`, from the rollups.
    public func awarenessCounts(quiz: String, by dimensions: [ReportDimension], from: String?, to: String?) async throws
        -> [(key: [String: String], respondents: Int, aware: Int)]
    {
        try await writer.read { db in
            let columns = dimensions.map(\.rawValue)
            // Without a date range the all-time rollup answers; with one, the per-day rollup.
            let table = from == nil && to == nil ? "awarenessTotal" : "awarenessRollup"
            let range = Self.dayRange(from: from, to: to)
            var sql = "SELECT \((columns + ["SUM(respondents) AS n", "SUM(aware) AS k"]).joined(separator: ", ")) FROM \(table) WHERE quiz = ?" + range.sql
            let arguments: [any DatabaseValueConvertible] = [quiz] + range.arguments
            if !columns.isEmpty { sql += " GROUP BY \(columns.joined(separator: ", ")) ORDER BY \(columns.joined(separator: ", "))" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row in
                guard let n = row["n"] as Int?, n > 0 else { return nil }
                var key: [String: String] = [:]
                for column in columns { key[column] = row[column] }
                return (key, n, row["k"] as Int? ?? 0)
            }
        }
    }

    /// The district × school awareness report recomputed from raw answers (no rollups): the reference
    /// the rollups are measured against. Returns the number of groups.
    public func rawAwarenessGroups(quiz: String, passMark: Int) async throws -> Int {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.region, r.school, COUNT(*) AS n,
                           SUM(CASE WHEN s.correct * 100 >= ? * s.total THEN 1 ELSE 0 END) AS aware
                    FROM (SELECT respondent, SUM(correct) AS correct, COUNT(*) AS total
                          FROM responseAnswer WHERE quiz = ? GROUP BY respondent) AS s
                    JOIN respondent AS r ON r.quiz = ? AND r.id = s.respondent
                    GROUP BY r.region, r.school
                    """,
                arguments: [passMark, quiz, quiz]
            ).count
        }
    }

    /// Per question: n, Σx (correct), Σy (rest score), Σxy, Σy² — the sums a corrected point-biserial
    /// correlation needs, computed in one pass over the raw answers.
    public func itemSums(quiz: String) async throws -> [(question: String, n: Int, x: Int, y: Int, xy: Int, yy: Int)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH totals AS (
                      SELECT respondent, SUM(correct) AS total FROM responseAnswer WHERE quiz = ? GROUP BY respondent)
                    SELECT a.question AS question, COUNT(*) AS n, SUM(a.correct) AS x,
                           SUM(t.total - a.correct) AS y, SUM(a.correct * (t.total - a.correct)) AS xy,
                           SUM((t.total - a.correct) * (t.total - a.correct)) AS yy
                    FROM responseAnswer AS a JOIN totals AS t ON t.respondent = a.respondent
                    WHERE a.quiz = ? GROUP BY a.question ORDER BY a.question
                    """,
                arguments: [quiz, quiz]
            ).map { ($0["question"], $0["n"], $0["x"], $0["y"], $0["xy"], $0["yy"]) }
        }
    }

    /// Answers and correct answers per knowledge point, from the rollups.
    public func itemCounts(quiz: String, from: String?, to: String?) async throws -> [(knowledgePoint: String, answers: Int, correct: Int)] {
        try await writer.read { db in
            let range = Self.dayRange(from: from, to: to)
            var sql = "SELECT knowledgePoint, SUM(answers) AS n, SUM(correct) AS k FROM itemRollup WHERE quiz = ?" + range.sql
            let arguments: [any DatabaseValueConvertible] = [quiz] + range.arguments
            sql += " GROUP BY knowledgePoint ORDER BY knowledgePoint"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
                ($0["knowledgePoint"], $0["n"], $0["k"])
            }
        }
    }
}
