public import Foundation
import GRDB

/// Synthetic data and baselines for `xinqiao bench` (never used by the product itself).
extension AppDatabase {
    /// Inserts `count` synthetic parents (`bench-0` …) spread over three regions, 1,200 schools and every
    /// grade, in one statement.
    public func insertSyntheticParents(count: Int, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
                    INSERT OR IGNORE INTO account (id, role, name, region, school, grade, createdAt, gradeYear)
                    SELECT 'bench-' || i, 'parent', '',
                      CASE i % 3 WHEN 0 THEN '浙江杭州' WHEN 1 THEN '浙江宁波' ELSE '江西南昌' END,
                      '学校' || (i % 1200), i % 13, ?, ?
                    FROM n
                    """,
                arguments: [count, date, Self.schoolYear(date)])
        }
    }

    /// The baseline: a plain `INSERT … SELECT` of one row per parent into a table shaped like
    /// `delivery`, in one transaction; returns the rows written and the seconds taken.
    public func plainFanOut(campaign: String, at date: Date) async throws -> (rows: Int, seconds: Double) {
        try await writer.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS benchDelivery (campaign TEXT NOT NULL, parent TEXT NOT NULL, deliveredAt DATETIME NOT NULL,
                      PRIMARY KEY (campaign, parent)) WITHOUT ROWID
                    """)
        }
        let start = ContinuousClock.now
        let rows = try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO benchDelivery (campaign, parent, deliveredAt) SELECT ?, id, ? FROM account WHERE role = 'parent'",
                arguments: [campaign, date])
            return db.changesCount
        }
        let elapsed = ContinuousClock.now - start
        return (rows, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
