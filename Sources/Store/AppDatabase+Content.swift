public import Foundation
import GRDB
public import Search

/// One library item as stored: the domain value is kept as JSON in `payload`.
///
/// Content is read-mostly and small (hundreds of items), so one table with a JSON payload keeps the
/// importer generic; typed readers decode payloads into domain values.
public struct StoredContent: Equatable, Sendable {
    public var id: String
    public var kind: String
    public var line: Int
    public var title: String
    public var payload: Data

    public init(id: String, kind: String, line: Int, title: String, payload: Data) {
        self.id = id
        self.kind = kind
        self.line = line
        self.title = title
        self.payload = payload
    }

    /// A digest of what the item says (not where it sits), to tell "updated" from "unchanged".
    var digest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Data(kind.utf8) + Data(title.utf8) + payload {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// What an import changed, counted per item.
public struct ContentChange: Equatable, Sendable, Codable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var retired = 0
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, retired: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.retired = retired
    }

    public static func += (lhs: inout ContentChange, rhs: ContentChange) {
        lhs.added += rhs.added
        lhs.updated += rhs.updated
        lhs.unchanged += rhs.unchanged
        lhs.retired += rhs.retired
    }
}

/// A live (not retired) item: id, kind and the file it came from.
public struct ContentRef: Equatable, Sendable {
    public var id: String
    public var kind: String
    public var fileKey: String
}

extension AppDatabase {
    // MARK: - Writes

    /// Replaces everything one file holds, in one transaction: upserts its items by id and retires the
    /// items the file no longer has. A crash leaves the file either fully in or fully out.
    public func replaceFile(
        key: String, path: String, digest: String, items: [StoredContent], searchDocuments: [SearchDocument] = [],
        at date: Date
    ) async throws -> ContentChange {
        try await writer.write { db in
            var change = ContentChange()
            var existing: [String: (digest: String, retired: Bool)] = [:]
            let ids = items.map(\.id)
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, digest, retired FROM contentItem WHERE fileKey = ? OR id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments([key] + ids))
            for row in rows { existing[row["id"]] = (row["digest"], row["retired"]) }
            for item in items {
                let digest = item.digest
                if let old = existing[item.id] {
                    if old.digest == digest && !old.retired { change.unchanged += 1 } else { change.updated += 1 }
                } else {
                    change.added += 1
                }
                try db.execute(
                    sql: """
                        INSERT INTO contentItem (id, kind, fileKey, line, title, payload, digest, retired, updatedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)
                        ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, fileKey = excluded.fileKey,
                          line = excluded.line, title = excluded.title, payload = excluded.payload,
                          retired = 0,
                          updatedAt = CASE WHEN digest = excluded.digest AND retired = 0 THEN updatedAt ELSE excluded.updatedAt END,
                          digest = excluded.digest
                        """,
                    arguments: [item.id, item.kind, key, item.line, item.title, item.payload, digest, date])
            }
            let keep = Set(ids)
            var gone: [String] = []
            for (id, old) in existing where !keep.contains(id) && !old.retired {
                try db.execute(sql: "UPDATE contentItem SET retired = 1, updatedAt = ? WHERE id = ?", arguments: [date, id])
                change.retired += 1
                gone.append(id)
            }
            // The search index changes in the same transaction, so an edited item is searchable at once
            // and a crash never leaves the index out of step with the library.
            let indexed = Set(searchDocuments.map(\.id))
            try SearchIndex.delete(ids: gone + ids.filter { !indexed.contains($0) }, db)
            try SearchIndex.upsert(searchDocuments, db)
            try db.execute(
                sql: """
                    INSERT INTO contentFile (key, path, digest, importedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET path = excluded.path, digest = excluded.digest, importedAt = excluded.importedAt
                    """,
                arguments: [key, path, digest, date])
            return change
        }
    }

    /// Retires the items of stored files under `prefix` whose key is not in `seen` (their file is gone).
    public func retireFiles(under prefix: String, except seen: Set<String>, at date: Date) async throws -> Int {
        try await writer.write { db in
            let keys = try String.fetchAll(
                db, sql: "SELECT key FROM contentFile WHERE substr(key, 1, ?) = ?", arguments: [prefix.count, prefix])
            var retired = 0
            for key in keys where !seen.contains(key) {
                let ids = try String.fetchAll(
                    db, sql: "SELECT id FROM contentItem WHERE fileKey = ? AND retired = 0", arguments: [key])
                try SearchIndex.delete(ids: ids, db)
                try db.execute(
                    sql: "UPDATE contentItem SET retired = 1, updatedAt = ? WHERE fileKey = ? AND retired = 0",
                    arguments: [date, key])
                retired += db.changesCount
                try db.execute(sql: "DELETE FROM contentFile WHERE key = ?", arguments: [key])
            }
            return retired
        }
    }

    // MARK: - Reads

    /// Every live item, for cross-file validation.
    public func liveContentRefs() async throws -> [ContentRef] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, fileKey FROM contentItem WHERE retired = 0").map {
                ContentRef(id: $0["id"], kind: $0["kind"], fileKey: $0["fileKey"])
            }
        }
    }

    /// The JSON payloads of every live item of one kind, in id order.
    public func contentPayloads(kind: String) async throws -> [Data] {
        try await writer.read { db in
            try Data.fetchAll(db, sql: "SELECT payload FROM contentItem WHERE kind = ? AND retired = 0 ORDER BY id", arguments: [kind])
        }
    }

    /// The JSON payload of one live item.
    public func contentPayload(id: String, kind: String) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(
                db, sql: "SELECT payload FROM contentItem WHERE id = ? AND kind = ? AND retired = 0", arguments: [id, kind])
        }
    }

    /// Live items per kind.
    public func contentCounts() async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM contentItem WHERE retired = 0 GROUP BY kind") {
                counts[row["kind"]] = row["n"]
            }
            return counts
        }
    }

    /// Rows in a table, for statistics.
    public func count(table: StatsTable) async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.rawValue)") ?? 0 }
    }
}

/// Tables whose size `stats` reports.
public enum StatsTable: String, Sendable {
    case account, lecture, auditEntry
}
