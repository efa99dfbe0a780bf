public import Foundation
import GRDB
public import Learning
public import Lectures
public import OutreachCore

/// A lecture's seat list and waitlist, each in registration order.
public struct LectureRoster: Equatable, Sendable {
    public var registered: [Registration]
    public var waitlist: [Registration]
    public var checkedIn: Int

    public init(registered: [Registration], waitlist: [Registration], checkedIn: Int) {
        self.registered = registered
        self.waitlist = waitlist
        self.checkedIn = checkedIn
    }
}

/// A lecture in a list, with its seat counts.
public struct LectureListing: Equatable, Sendable {
    public var lecture: Lecture
    public var registered: Int
    public var waitlisted: Int

    public init(lecture: Lecture, registered: Int, waitlisted: Int) {
        self.lecture = lecture
        self.registered = registered
        self.waitlisted = waitlisted
    }
}

/// What a cancellation did: the cancelled registration and whom it promoted from the waitlist.
public struct Cancellation: Equatable, Sendable {
    public var cancelled: Registration
    public var promoted: Registration?
}

extension AppDatabase {
    // MARK: - Writes: venues, lecturers, orders

    /// Inserts a venue and its audit entry in one transaction.
    public func insertVenue(_ venue: Venue, at date: Date, audit: AuditEntry) async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO venue (id, name, address, region, capacity, accessibility, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [venue.id.rawValue, venue.name, venue.address, venue.region, venue.capacity, venue.accessibility, date])
                try Self.insert(audit, db)
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            throw LectureError.duplicate(kind: "venue", venue.id.rawValue)
        }
    }

    /// Inserts a lecturer and its audit entry in one transaction.
    public func insertLecturer(_ lecturer: Lecturer, at date: Date, audit: AuditEntry) async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO lecturer (id, name, payload, account, createdAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [lecturer.id.rawValue, lecturer.name, try JSONEncoder().encode(lecturer), lecturer.account?.rawValue, date])
                try Self.insert(audit, db)
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            throw LectureError.duplicate(kind: "lecturer", lecturer.id.rawValue)
        } catch DatabaseError.SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LectureError.unknownParent(lecturer.account?.rawValue ?? "")
        }
    }

    /// Inserts an order and its audit entry in one transaction.
    public func insertOrder(_ order: LectureOrder, audit: AuditEntry) async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO lectureOrder (id, state, payload, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [order.id.rawValue, order.state.rawValue, try JSONEncoder().encode(order), order.createdAt, order.updatedAt])
                try Self.insert(audit, db)
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            throw LectureError.duplicate(kind: "order", order.id.rawValue)
        }
    }

    /// Writes a changed order if it is still in `expected` state, with its audit entry. Returns false
    /// when somebody moved it first.
    public func updateOrder(_ order: LectureOrder, expected: OrderState, audit: AuditEntry) async throws -> Bool {
        try await writer.write { db in try Self.updateOrder(order, expected: expected, audit: audit, db) }
    }

    private static func updateOrder(_ order: LectureOrder, expected: OrderState, audit: AuditEntry, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "UPDATE lectureOrder SET state = ?, payload = ?, updatedAt = ? WHERE id = ? AND state = ?",
            arguments: [order.state.rawValue, try JSONEncoder().encode(order), order.updatedAt, order.id.rawValue, expected.rawValue])
        guard db.changesCount == 1 else { return false }
        try insert(audit, db)
        return true
    }

    // MARK: - Writes: lectures

    /// Inserts a lecture or a whole weekly series in one transaction, after checking inside that
    /// transaction that no session double-books its venue or lecturer (so two organisers adding at once
    /// cannot both win). With `order`, the order moves to scheduled in the same transaction (false
    /// return: somebody moved the order first, nothing written).
    @discardableResult
    public func insertLectures(
        _ sessions: [Lecture], at date: Date, order: (LectureOrder, expected: OrderState)? = nil, audit: AuditEntry
    ) async throws -> Bool {
        guard let first = sessions.first else { return true }
        do {
            return try await writer.write { db in
                let from = sessions.map(\.start).min() ?? first.start
                let to = sessions.map(\.end).max() ?? first.end
                let venues = Array(Set(sessions.map(\.venue.rawValue)))
                let lecturers = Array(Set(sessions.compactMap(\.lecturer?.rawValue)))
                let keys = venues + lecturers
                let existing = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM lecture WHERE startsAt < ? AND endsAt > ?
                          AND (venue IN (\(venues.map { _ in "?" }.joined(separator: ",")))
                               OR lecturer IN (\(lecturers.isEmpty ? "NULL" : lecturers.map { _ in "?" }.joined(separator: ","))))
                        ORDER BY startsAt, id
                        """,
                    arguments: ([to, from] as StatementArguments) + StatementArguments(keys)
                ).map(Self.lecture)
                if let conflict = Scheduling.firstConflict(of: sessions, with: existing) { throw conflict }
                if let order {
                    guard try Self.updateOrder(order.0, expected: order.expected, audit: audit, db) else { return false }
                }
                for lecture in sessions {
                    try db.execute(
                        sql: """
                            INSERT INTO lecture (id, title, venue, lecturer, startsAt, endsAt, capacity, region, topic, series, quiz, orderId, createdAt)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            lecture.id.rawValue, lecture.title, lecture.venue.rawValue, lecture.lecturer?.rawValue, lecture.start, lecture.end,
                            lecture.capacity, lecture.region, lecture.topic, lecture.series, lecture.quiz, lecture.order, date,
                        ])
                }
                if order == nil { try Self.insert(audit, db) }
                return true
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            let taken = try await writer.read { db in
                try String.fetchOne(
                    db, sql: "SELECT id FROM lecture WHERE id IN (\(sessions.map { _ in "?" }.joined(separator: ","))) LIMIT 1",
                    arguments: StatementArguments(sessions.map(\.id.rawValue)))
            }
            throw LectureError.duplicate(kind: "lecture", taken ?? first.id.rawValue)
        } catch DatabaseError.SQLITE_CONSTRAINT_FOREIGNKEY {
            throw LectureError.unknownVenue(first.venue.rawValue)
        }
    }

    /// Links (or with nil unlinks) the post-lecture quiz.
    public func setLectureQuiz(_ lecture: Lecture.ID, quiz: String?, audit: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE lecture SET quiz = ? WHERE id = ?", arguments: [quiz, lecture.rawValue])
            guard db.changesCount == 1 else { throw LectureError.unknownLecture(lecture.rawValue) }
            try Self.insert(audit, db)
        }
    }

    // MARK: - Writes: registrations

    /// Registers a parent: in ONE write transaction (SQLite serialises writers across processes, and
    /// GRDB begins it IMMEDIATE, so nobody reads a stale count) it checks the start time and an
    /// existing registration, counts the seats taken, takes the next sequence number, and inserts the
    /// registration as registered when a seat is free or waitlisted otherwise. A cancelled
    /// registration is revived with a new sequence (to the back of the queue) and a new code.
    ///
    /// When the write lock stays busy past the busy timeout (hundreds of processes at once on a small
    /// machine), the transaction never started, so it is retried a few times before giving up.
    public func register(lecture id: Lecture.ID, parent: Account.ID, code: String, now: Date, actor: String) async throws -> Registration {
        var attempt = 0
        while true {
            do {
                return try await registerOnce(lecture: id, parent: parent, code: code, now: now, actor: actor)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 5 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    private func registerOnce(lecture id: Lecture.ID, parent: Account.ID, code: String, now: Date, actor: String) async throws -> Registration {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT capacity, startsAt FROM lecture WHERE id = ?", arguments: [id.rawValue]) else {
                throw LectureError.unknownLecture(id.rawValue)
            }
            let capacity: Int = row[0]
            let start: Date = row[1]
            guard now < start else { throw LectureError.registrationClosed(lecture: id.rawValue, start: BeijingTime.text(start)) }
            let existing = try String.fetchOne(
                db, sql: "SELECT status FROM registration WHERE lecture = ? AND parent = ?", arguments: [id.rawValue, parent.rawValue])
            if let existing, let status = RegistrationStatus(rawValue: existing), status != .cancelled {
                throw LectureError.alreadyRegistered(lecture: id.rawValue, parent: parent.rawValue, status: status)
            }
            let taken = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM registration WHERE lecture = ? AND status = 'registered'", arguments: [id.rawValue]) ?? 0
            let sequence = (try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM registration WHERE lecture = ?", arguments: [id.rawValue]) ?? 0) + 1
            let status: RegistrationStatus = taken < capacity ? .registered : .waitlisted
            if existing == nil {
                try db.execute(
                    sql: "INSERT INTO registration (lecture, parent, sequence, status, code, registeredAt) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [id.rawValue, parent.rawValue, sequence, status.rawValue, code, now])
            } else {
                try db.execute(
                    sql: """
                        UPDATE registration SET sequence = ?, status = ?, code = ?, registeredAt = ?, cancelledAt = NULL, checkedInAt = NULL,
                          remindedAt = NULL
                        WHERE lecture = ? AND parent = ?
                        """,
                    arguments: [sequence, status.rawValue, code, now, id.rawValue, parent.rawValue])
            }
            try Self.insert(
                AuditEntry(at: now, actor: actor, action: "lecture.register", target: id.rawValue, detail: "parent=\(parent.rawValue) status=\(status.rawValue)"),
                db)
            return try Self.registration(lecture: id, parent: parent, db)!
        }
    }

    /// Cancels a parent's registration and, when it held a seat, promotes the first of the waitlist
    /// (lowest sequence) in the same transaction.
    public func cancelRegistration(lecture id: Lecture.ID, parent: Account.ID, now: Date, actor: String) async throws -> Cancellation {
        try await writer.write { db in
            guard let start = try Date.fetchOne(db, sql: "SELECT startsAt FROM lecture WHERE id = ?", arguments: [id.rawValue]) else {
                throw LectureError.unknownLecture(id.rawValue)
            }
            guard now < start else { throw LectureError.registrationClosed(lecture: id.rawValue, start: BeijingTime.text(start)) }
            guard let current = try Self.registration(lecture: id, parent: parent, db), current.status != .cancelled else {
                throw LectureError.notRegistered(lecture: id.rawValue, parent: parent.rawValue)
            }
            try db.execute(
                sql: "UPDATE registration SET status = 'cancelled', cancelledAt = ? WHERE lecture = ? AND parent = ?",
                arguments: [now, id.rawValue, parent.rawValue])
            try Self.insert(AuditEntry(at: now, actor: actor, action: "lecture.cancel", target: id.rawValue, detail: "parent=\(parent.rawValue)"), db)
            var promoted: Registration?
            if current.status == .registered,
                let next = try String.fetchOne(
                    db, sql: "SELECT parent FROM registration WHERE lecture = ? AND status = 'waitlisted' ORDER BY sequence LIMIT 1",
                    arguments: [id.rawValue])
            {
                try db.execute(
                    sql: "UPDATE registration SET status = 'registered' WHERE lecture = ? AND parent = ?", arguments: [id.rawValue, next])
                try Self.insert(AuditEntry(at: now, actor: actor, action: "lecture.promote", target: id.rawValue, detail: "parent=\(next)"), db)
                promoted = try Self.registration(lecture: id, parent: Account.ID(next), db)
            }
            var cancelled = current
            cancelled.status = .cancelled
            cancelled.position = 0
            return Cancellation(cancelled: cancelled, promoted: promoted)
        }
    }

    /// Checks in the registration holding `code`: once, and only for a seat (not the waitlist).
    public func checkIn(lecture id: Lecture.ID, code: String, now: Date, actor: String) async throws -> Registration {
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM lecture WHERE id = ?", arguments: [id.rawValue]) != nil else {
                throw LectureError.unknownLecture(id.rawValue)
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT parent, status, checkedInAt FROM registration WHERE lecture = ? AND code = ?",
                    arguments: [id.rawValue, code.uppercased()])
            else { throw LectureError.wrongCode(lecture: id.rawValue) }
            let parent: String = row[0]
            switch RegistrationStatus(rawValue: row[1]) {
            case .registered: break
            case .waitlisted: throw LectureError.notOnWaitlistToCheckIn(lecture: id.rawValue, parent: parent)
            default: throw LectureError.wrongCode(lecture: id.rawValue)
            }
            if let used = row[2] as Date? { throw LectureError.codeUsed(lecture: id.rawValue, at: BeijingTime.text(used)) }
            try db.execute(
                sql: "UPDATE registration SET checkedInAt = ? WHERE lecture = ? AND parent = ?", arguments: [now, id.rawValue, parent])
            try Self.insert(AuditEntry(at: now, actor: actor, action: "lecture.checkin", target: id.rawValue, detail: "parent=\(parent)"), db)
            return try Self.registration(lecture: id, parent: Account.ID(parent), db)!
        }
    }

    /// Marks a reminder on every seat of a lecture starting in `[from, to)` not yet reminded; returns
    /// how many. The `remindedAt IS NULL` condition makes it exactly once per registration.
    public func remindRegistrations(startingFrom from: Date, to: Date, now: Date, actor: String) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE registration SET remindedAt = ?
                    WHERE status = 'registered' AND remindedAt IS NULL
                      AND lecture IN (SELECT id FROM lecture WHERE startsAt >= ? AND startsAt < ?)
                    """,
                arguments: [now, from, to])
            let count = db.changesCount
            if count > 0 {
                try Self.insert(AuditEntry(at: now, actor: actor, action: "lecture.remind", target: BeijingTime.day(from), detail: "parents=\(count)"), db)
            }
            return count
        }
    }

    // MARK: - Reads

    public func venue(id: Venue.ID) async throws -> Venue? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM venue WHERE id = ?", arguments: [id.rawValue]).map(Self.venue)
        }
    }

    public func venues() async throws -> [Venue] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM venue ORDER BY id").map(Self.venue) }
    }

    public func lecturer(id: Lecturer.ID) async throws -> Lecturer? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM lecturer WHERE id = ?", arguments: [id.rawValue])
                .map { try JSONDecoder().decode(Lecturer.self, from: $0) }
        }
    }

    public func lecturers() async throws -> [Lecturer] {
        try await writer.read { db in
            try Data.fetchAll(db, sql: "SELECT payload FROM lecturer ORDER BY id").map { try JSONDecoder().decode(Lecturer.self, from: $0) }
        }
    }

    public func lecture(id: Lecture.ID) async throws -> Lecture? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM lecture WHERE id = ?", arguments: [id.rawValue]).map(Self.lecture)
        }
    }

    /// Lectures starting in `[from, to)` (either bound optional) in a region (prefix match), by start.
    public func lectures(region: String? = nil, from: Date? = nil, to: Date? = nil) async throws -> [LectureListing] {
        try await writer.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let region {
                clauses.append("substr(l.region, 1, length(?)) = ?")
                arguments += [region, region]
            }
            if let from {
                clauses.append("l.startsAt >= ?")
                arguments += [from]
            }
            if let to {
                clauses.append("l.startsAt < ?")
                arguments += [to]
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT l.*,
                      (SELECT COUNT(*) FROM registration r WHERE r.lecture = l.id AND r.status = 'registered') AS seatsTaken,
                      (SELECT COUNT(*) FROM registration r WHERE r.lecture = l.id AND r.status = 'waitlisted') AS waiting
                    FROM lecture l \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
                    ORDER BY l.startsAt, l.id
                    """,
                arguments: arguments
            ).map { LectureListing(lecture: try Self.lecture($0), registered: $0["seatsTaken"], waitlisted: $0["waiting"]) }
        }
    }

    /// Lectures of the given lecturers that overlap `[from, to)` (for proposals).
    public func lectures(lecturers: [Lecturer.ID], from: Date, to: Date) async throws -> [Lecture] {
        guard !lecturers.isEmpty else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM lecture WHERE startsAt < ? AND endsAt > ? AND lecturer IN (\(lecturers.map { _ in "?" }.joined(separator: ",")))",
                arguments: ([to, from] as StatementArguments) + StatementArguments(lecturers.map(\.rawValue))
            ).map(Self.lecture)
        }
    }

    /// A lecture's seat list and waitlist in registration order.
    public func roster(lecture id: Lecture.ID) async throws -> LectureRoster {
        try await writer.read { db in
            let all = try Row.fetchAll(
                db, sql: "SELECT * FROM registration WHERE lecture = ? AND status != 'cancelled' ORDER BY sequence", arguments: [id.rawValue]
            ).map(Self.registration)
            var registered = all.filter { $0.status == .registered }
            var waitlist = all.filter { $0.status == .waitlisted }
            for index in registered.indices { registered[index].position = index + 1 }
            for index in waitlist.indices { waitlist[index].position = index + 1 }
            return LectureRoster(registered: registered, waitlist: waitlist, checkedIn: registered.filter { $0.checkedInAt != nil }.count)
        }
    }

    /// One registration with its current position.
    public func registration(lecture: Lecture.ID, parent: Account.ID) async throws -> Registration? {
        try await writer.read { db in try Self.registration(lecture: lecture, parent: parent, db) }
    }

    /// A parent's registrations (cancelled ones too) with their lectures, by start.
    public func registrations(parent: Account.ID) async throws -> [(Registration, Lecture)] {
        try await writer.read { db in
            let lectures = try Row.fetchAll(
                db,
                sql: "SELECT l.* FROM registration r JOIN lecture l ON l.id = r.lecture WHERE r.parent = ? ORDER BY l.startsAt, l.id",
                arguments: [parent.rawValue]
            ).map(Self.lecture)
            return try lectures.map { lecture in (try Self.registration(lecture: lecture.id, parent: parent, db)!, lecture) }
        }
    }

    public func order(id: LectureOrder.ID) async throws -> LectureOrder? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM lectureOrder WHERE id = ?", arguments: [id.rawValue])
                .map { try JSONDecoder().decode(LectureOrder.self, from: $0) }
        }
    }

    public func orders() async throws -> [LectureOrder] {
        try await writer.read { db in
            try Data.fetchAll(db, sql: "SELECT payload FROM lectureOrder ORDER BY createdAt, id")
                .map { try JSONDecoder().decode(LectureOrder.self, from: $0) }
        }
    }

    /// Submitted attempts at `quiz` by the parents holding a seat at a lecture (awareness before and after).
    public func seatedAttempts(lecture: Lecture.ID, quiz: String) async throws -> [Attempt] {
        try await writer.read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT payload FROM attempt WHERE quiz = ? AND submitted = 1
                      AND account IN (SELECT parent FROM registration WHERE lecture = ? AND status = 'registered')
                    """,
                arguments: [quiz, lecture.rawValue]
            ).map { try JSONDecoder().decode(Attempt.self, from: $0) }
        }
    }

    // MARK: - Rows

    private static func registration(lecture: Lecture.ID, parent: Account.ID, _ db: Database) throws -> Registration? {
        guard
            var registration = try Row.fetchOne(
                db, sql: "SELECT * FROM registration WHERE lecture = ? AND parent = ?", arguments: [lecture.rawValue, parent.rawValue]
            ).map(Self.registration)
        else { return nil }
        if registration.status != .cancelled {
            registration.position =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM registration WHERE lecture = ? AND status = ? AND sequence <= ?",
                    arguments: [lecture.rawValue, registration.status.rawValue, registration.sequence]) ?? 0
        }
        return registration
    }

    private static func registration(_ row: Row) throws -> Registration {
        Registration(
            lecture: Lecture.ID(row["lecture"] as String), parent: Account.ID(row["parent"] as String),
            status: RegistrationStatus(rawValue: row["status"]) ?? .cancelled, sequence: row["sequence"], position: 0, code: row["code"],
            registeredAt: row["registeredAt"], checkedInAt: row["checkedInAt"], remindedAt: row["remindedAt"])
    }

    private static func venue(_ row: Row) throws -> Venue {
        Venue(
            id: Venue.ID(row["id"] as String), name: row["name"], address: row["address"], region: row["region"], capacity: row["capacity"],
            accessibility: row["accessibility"])
    }

    static func lecture(_ row: Row) throws -> Lecture {
        Lecture(
            id: Lecture.ID(row["id"] as String), title: row["title"], venue: Venue.ID(row["venue"] as String),
            lecturer: (row["lecturer"] as String?).map { Lecturer.ID($0) }, start: row["startsAt"], end: row["endsAt"], capacity: row["capacity"],
            region: row["region"], topic: row["topic"], series: row["series"], quiz: row["quiz"], order: row["orderId"])
    }
}
