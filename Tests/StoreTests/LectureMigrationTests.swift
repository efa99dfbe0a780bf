import Foundation
import GRDB
import Lectures
import OutreachCore
@testable import Store
import Testing

/// Migration v10 and the lecture tables' own rules (checks and keys in SQL, not only in Swift).
@Suite struct LectureMigrationTests {
    @Test func v10SetsRowsOfTheOldLectureTableAsideAndCreatesTheNewTables() throws {
        // Given a database at v9 whose minimal v1 lecture table holds a row
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try AppDatabase.migrator.migrate(queue, upTo: "v9")
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO lecture (id, title, startsAt, endsAt, capacity) VALUES ('old', 't', '2020-01-01 10:00:00.000', '2020-01-01 11:00:00.000', 10)")
        }
        // When it migrates to the latest schema
        _ = try AppDatabase(queue)
        // Then the old row is kept in lectureV1 and lecture has the new shape
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lectureV1") == 1)
            let columns = try db.columns(in: "lecture").map(\.name)
            #expect(columns.contains("venue") && columns.contains("lecturer") && columns.contains("series"))
            #expect(try db.tableExists("registration") && db.tableExists("venue") && db.tableExists("lectureOrder"))
        }
    }

    @Test func sqliteRefusesAnEndBeforeTheStartAndASecondRegistration() throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        _ = try AppDatabase(queue)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO venue (id, name, capacity, createdAt) VALUES ('hall', 'h', 10, '2027-01-01 00:00:00.000')")
            try db.execute(sql: "INSERT INTO account (id, role, createdAt) VALUES ('p1', 'parent', '2027-01-01 00:00:00.000')")
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO lecture (id, title, venue, startsAt, endsAt, capacity, createdAt)
                        VALUES ('x', 't', 'hall', '2027-03-06 11:00:00.000', '2027-03-06 10:00:00.000', 5, '2027-01-01 00:00:00.000')
                        """)
            }
        }
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO lecture (id, title, venue, startsAt, endsAt, capacity, createdAt)
                    VALUES ('l1', 't', 'hall', '2027-03-06 10:00:00.000', '2027-03-06 11:00:00.000', 5, '2027-01-01 00:00:00.000')
                    """)
            try db.execute(
                sql: "INSERT INTO registration (lecture, parent, sequence, status, code, registeredAt) VALUES ('l1', 'p1', 1, 'registered', 'A', '2027-01-01')")
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO registration (lecture, parent, sequence, status, code, registeredAt) VALUES ('l1', 'p1', 2, 'waitlisted', 'B', '2027-01-01')")
            }
        }
    }
}
