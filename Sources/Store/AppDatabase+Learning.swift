public import Foundation
import GRDB
public import Learning
public import OutreachCore

extension AppDatabase {
    // MARK: - Writes

    /// Stores a new attempt.
    public func insertAttempt(_ attempt: Attempt) async throws {
        let payload = try JSONEncoder().encode(attempt)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO attempt (id, account, quiz, submitted, payload) VALUES (?, ?, ?, ?, ?)",
                arguments: [attempt.id.rawValue, attempt.account.rawValue, attempt.quiz.rawValue, attempt.isSubmitted, payload])
        }
    }

    /// Replaces an attempt that is not yet submitted; returns false when it was submitted meanwhile
    /// (so a second submit in another process cannot overwrite the first).
    public func updateOpenAttempt(_ attempt: Attempt) async throws -> Bool {
        let payload = try JSONEncoder().encode(attempt)
        return try await writer.write { db in
            try db.execute(
                sql: "UPDATE attempt SET payload = ?, submitted = ? WHERE id = ? AND submitted = 0",
                arguments: [payload, attempt.isSubmitted, attempt.id.rawValue])
            return db.changesCount == 1
        }
    }

    /// Enrols an account in a course (idempotent); returns false when it was already enrolled.
    public func enrol(account: Account.ID, course: Course.ID, at date: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO enrolment (account, course, enrolledAt) VALUES (?, ?, ?)",
                arguments: [account.rawValue, course.rawValue, date])
            return db.changesCount == 1
        }
    }

    /// Courses an account is enrolled in.
    public func enrolments(account: Account.ID) async throws -> Set<String> {
        try await writer.read { db in
            try Set(String.fetchAll(db, sql: "SELECT course FROM enrolment WHERE account = ?", arguments: [account.rawValue]))
        }
    }

    /// Marks a lesson read (idempotent) and, when every lesson of its course is read, issues the
    /// course certificate once — in one transaction. Returns the certificate if the course is complete.
    public func markLessonRead(
        account: Account.ID, lesson: Lesson.ID, course: Course.ID, courseLessons: [Lesson.ID], at date: Date, newCode: String
    ) async throws -> Certificate? {
        try await writer.write { db in
            // Reading a lesson enrols the reader in its course.
            try db.execute(
                sql: "INSERT OR IGNORE INTO enrolment (account, course, enrolledAt) VALUES (?, ?, ?)",
                arguments: [account.rawValue, course.rawValue, date])
            try db.execute(
                sql: "INSERT OR IGNORE INTO lessonProgress (account, lesson, course, readAt) VALUES (?, ?, ?, ?)",
                arguments: [account.rawValue, lesson.rawValue, course.rawValue, date])
            let read = try Set(String.fetchAll(
                db, sql: "SELECT lesson FROM lessonProgress WHERE account = ? AND course = ?",
                arguments: [account.rawValue, course.rawValue]))
            guard courseLessons.allSatisfy({ read.contains($0.rawValue) }) else { return nil }
            try db.execute(
                sql: "INSERT OR IGNORE INTO certificate (code, account, course, issuedAt) VALUES (?, ?, ?, ?)",
                arguments: [newCode, account.rawValue, course.rawValue, date])
            return try Self.certificate(account: account.rawValue, course: course.rawValue, db)
        }
    }

    // MARK: - Reads

    public func attempt(id: Attempt.ID) async throws -> Attempt? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM attempt WHERE id = ?", arguments: [id.rawValue])
        }.map { try JSONDecoder().decode(Attempt.self, from: $0) }
    }

    /// An account's attempts at a quiz, oldest first.
    public func attempts(account: Account.ID, quiz: Quiz.ID) async throws -> [Attempt] {
        try await writer.read { db in
            try Data.fetchAll(
                db, sql: "SELECT payload FROM attempt WHERE account = ? AND quiz = ? ORDER BY rowid",
                arguments: [account.rawValue, quiz.rawValue])
        }.map { try JSONDecoder().decode(Attempt.self, from: $0) }
    }

    /// Lessons an account has read, by course.
    public func readLessons(account: Account.ID) async throws -> [String: Set<String>] {
        try await writer.read { db in
            var result: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT course, lesson FROM lessonProgress WHERE account = ?", arguments: [account.rawValue]) {
                result[row["course"], default: []].insert(row["lesson"])
            }
            return result
        }
    }

    public func certificates(account: Account.ID) async throws -> [Certificate] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM certificate WHERE account = ? ORDER BY issuedAt", arguments: [account.rawValue]).map(Self.certificate)
        }
    }

    /// The certificate with a verify code, for anyone checking a printed certificate.
    public func certificate(code: String) async throws -> Certificate? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE code = ?", arguments: [code]).map(Self.certificate)
        }
    }

    private static func certificate(account: String, course: String, _ db: Database) throws -> Certificate? {
        try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE account = ? AND course = ?", arguments: [account, course]).map(certificate)
    }

    private static func certificate(_ row: Row) -> Certificate {
        Certificate(code: row["code"], account: row["account"], course: row["course"], issuedAt: row["issuedAt"])
    }
}
