public import Foundation
import GRDB
public import OutreachCore

/// An account write that SQLite refused, translated.
public enum AccountStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case duplicateID(String)

    public var description: String {
        switch self {
        case .duplicateID(let id): "an account with id '\(id)' already exists"
        }
    }
}

/// The result of writing one account during an import.
public enum AccountUpsert: Sendable, Equatable {
    case added, updated, unchanged
}

extension AppDatabase {
    // MARK: - Writes

    /// Inserts a new account and its audit entry in one transaction.
    public func insertAccount(_ account: Account, passwordHash: String?, audit: AuditEntry) async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO account (id, role, name, region, school, grade, passwordHash, createdAt, gradeYear)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        account.id.rawValue, account.role.rawValue, account.name, account.region, account.school,
                        account.grade, passwordHash, account.createdAt, Self.schoolYear(account.createdAt),
                    ])
                try Self.insert(audit, db)
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            throw AccountStoreError.duplicateID(account.id.rawValue)
        }
    }

    /// Upserts accounts by id in one transaction (passwords untouched); audits each change.
    public func upsertAccounts(_ accounts: [Account], actor: String, at date: Date) async throws -> [AccountUpsert] {
        try await writer.write { db in
            var results: [AccountUpsert] = []
            for account in accounts {
                let existing = try Row.fetchOne(
                    db, sql: "SELECT role, name, region, school, grade FROM account WHERE id = ?",
                    arguments: [account.id.rawValue])
                if let existing {
                    let same =
                        existing["role"] as String == account.role.rawValue && existing["name"] as String == account.name
                        && existing["region"] as String? == account.region && existing["school"] as String? == account.school
                        && existing["grade"] as Int? == account.grade
                    if same {
                        results.append(.unchanged)
                        continue
                    }
                    try db.execute(
                        sql: """
                            UPDATE account SET role = ?, name = ?, region = ?, school = ?, grade = ?,
                              gradeYear = CASE WHEN grade IS ? THEN gradeYear ELSE ? END
                            WHERE id = ?
                            """,
                        arguments: [
                            account.role.rawValue, account.name, account.region, account.school, account.grade,
                            account.grade, Self.schoolYear(date), account.id.rawValue,
                        ])
                    try Self.insert(
                        AuditEntry(at: date, actor: actor, action: "account.update", target: account.id.rawValue,
                                   detail: "role=\(account.role.rawValue)"), db)
                    results.append(.updated)
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO account (id, role, name, region, school, grade, passwordHash, createdAt, gradeYear)
                            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
                            """,
                        arguments: [
                            account.id.rawValue, account.role.rawValue, account.name, account.region, account.school,
                            account.grade, date, Self.schoolYear(date),
                        ])
                    try Self.insert(
                        AuditEntry(at: date, actor: actor, action: "account.create", target: account.id.rawValue,
                                   detail: "role=\(account.role.rawValue)"), db)
                    results.append(.added)
                }
            }
            return results
        }
    }

    /// Changes an account's role and appends its audit entry in one transaction. Returns the role it
    /// had, or nil when there is no such account (nothing is written then).
    public func updateAccountRole(id: Account.ID, to role: Role, audit: @Sendable (Role) -> AuditEntry) async throws -> Role? {
        try await writer.write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT role FROM account WHERE id = ?", arguments: [id.rawValue]) else {
                return nil
            }
            let previous = Role(rawValue: old) ?? .parent
            try db.execute(sql: "UPDATE account SET role = ? WHERE id = ?", arguments: [role.rawValue, id.rawValue])
            try Self.insert(audit(previous), db)
            return previous
        }
    }

    /// Appends one entry to the audit log.
    public func appendAudit(_ entry: AuditEntry) async throws {
        try await writer.write { db in try Self.insert(entry, db) }
    }

    static func insert(_ entry: AuditEntry, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO auditEntry (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [entry.at, entry.actor, entry.action, entry.target, entry.detail])
    }

    /// Stores a session token hash for an account.
    public func insertSession(tokenHash: String, account: Account.ID, expiresAt: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO apiSession (tokenHash, account, expiresAt) VALUES (?, ?, ?)",
                arguments: [tokenHash, account.rawValue, expiresAt])
        }
    }

    /// Ends a session (sign-out); nothing happens when it is already gone.
    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM apiSession WHERE tokenHash = ?", arguments: [tokenHash])
        }
    }

    /// The secret stored under `name`, created from `make()` on first use. Two processes asking at once
    /// get the same value: the insert is `OR IGNORE` and the value is read back in the same transaction.
    public func secret(named name: String, orCreate make: @Sendable () -> Data, now: Date) async throws -> Data {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO serverSecret (name, value, createdAt) VALUES (?, ?, ?)", arguments: [name, make(), now])
            return try Data.fetchOne(db, sql: "SELECT value FROM serverSecret WHERE name = ?", arguments: [name]) ?? Data()
        }
    }

    /// The account of a live session.
    public func sessionAccount(tokenHash: String, now: Date) async throws -> Account? {
        try await writer.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT account.* FROM apiSession JOIN account ON account.id = apiSession.account WHERE tokenHash = ? AND expiresAt > ?",
                arguments: [tokenHash, now]
            ).map(Self.account)
        }
    }

    // MARK: - Reads

    /// All accounts in id order.
    public func accounts() async throws -> [Account] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY id").map(Self.account) }
    }

    /// Accounts in id order, optionally of one role and whose id or name contains `text`, a page at a
    /// time (`limit` + 1 are read so the caller knows whether there are more).
    public func accounts(role: Role?, matching text: String?, limit: Int, offset: Int) async throws -> [Account] {
        try await writer.read { db in
            var sql = "SELECT * FROM account WHERE 1"
            var arguments: [any DatabaseValueConvertible] = []
            if let role {
                sql += " AND role = ?"
                arguments.append(role.rawValue)
            }
            if let text, !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                sql += " AND (id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')"
                arguments += [pattern, pattern]
            }
            sql += " ORDER BY id LIMIT ? OFFSET ?"
            arguments += [limit, offset]
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.account)
        }
    }

    /// One account, or nil.
    public func account(id: Account.ID) async throws -> Account? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id.rawValue]).map(Self.account)
        }
    }

    /// The stored bcrypt hash of an account's password, if it has one.
    public func passwordHash(id: Account.ID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT passwordHash FROM account WHERE id = ?", arguments: [id.rawValue])
        }
    }

    /// The newest audit entries, newest first.
    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditEntry ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], target: $0["target"], detail: $0["detail"])
            }
        }
    }

    /// The school year (from September 1, Beijing time) a moment falls in: the year a grade is
    /// recorded in, which it rolls over from.
    static func schoolYear(_ date: Date) -> Int {
        let day = BeijingTime.day(date)
        let year = Int(day.prefix(4)) ?? 0
        return (Int(day.dropFirst(5).prefix(2)) ?? 1) >= 9 ? year : year - 1
    }

    private static func account(_ row: Row) -> Account {
        Account(
            id: Account.ID(row["id"] as String), role: Role(rawValue: row["role"]) ?? .parent, name: row["name"],
            region: row["region"], school: row["school"], grade: row["grade"], createdAt: row["createdAt"])
    }
}
