import GRDB
import Search

extension AppDatabase {
    /// Versioned migrations. Never edit a shipped migration: add the next one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "contentFile") { t in
                t.primaryKey("key", .text)
                t.column("path", .text).notNull()
                t.column("digest", .text).notNull()
                t.column("importedAt", .datetime).notNull()
            }
            try db.create(table: "contentItem") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull().indexed()
                t.column("fileKey", .text).notNull().indexed()
                t.column("line", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("digest", .text).notNull()
                t.column("retired", .boolean).notNull().defaults(to: false)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "account") { t in
                t.primaryKey("id", .text)
                t.column("role", .text).notNull()
                    .check(sql: "role IN ('parent', 'staff', 'organiser', 'analyst', 'admin')")
                t.column("name", .text).notNull().defaults(to: "")
                t.column("region", .text)
                t.column("school", .text)
                t.column("grade", .integer).check(sql: "grade BETWEEN 0 AND 12")
                t.column("passwordHash", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull().indexed()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("detail", .text).notNull().defaults(to: "")
            }
            try db.create(table: "lecture") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("startsAt", .datetime).notNull()
                t.column("endsAt", .datetime).notNull()
                t.column("capacity", .integer).notNull().check(sql: "capacity > 0")
            }
        }
        migrator.registerMigration("v2") { db in
            try SearchIndex.createBaseTables(db)
        }
        migrator.registerMigration("v3") { db in
            // Survey respondents are anonymous: an id from the survey tool, and group labels only.
            try db.create(table: "respondent") { t in
                t.column("quiz", .text).notNull()
                t.column("id", .text).notNull()
                t.column("region", .text).notNull()
                t.column("school", .text).notNull()
                t.column("grade", .text).notNull()
                t.column("role", .text).notNull().check(sql: "role IN ('parent', 'student')")
                t.column("day", .text).notNull()
                t.column("correct", .integer).notNull()
                t.column("total", .integer).notNull()
                t.column("aware", .boolean).notNull()
                t.primaryKey(["quiz", "id"])
            }
            try db.create(table: "responseAnswer") { t in
                t.column("quiz", .text).notNull()
                t.column("respondent", .text).notNull()
                t.column("question", .text).notNull()
                t.column("correct", .boolean).notNull()
                t.primaryKey(["quiz", "respondent", "question"])
                t.foreignKey(["quiz", "respondent"], references: "respondent", onDelete: .cascade)
            }
            // Rollups kept up to date on submit: a report costs O(groups), not O(answers).
            try db.create(table: "awarenessRollup") { t in
                t.column("quiz", .text).notNull()
                t.column("region", .text).notNull()
                t.column("school", .text).notNull()
                t.column("grade", .text).notNull()
                t.column("role", .text).notNull()
                t.column("day", .text).notNull()
                t.column("respondents", .integer).notNull()
                t.column("aware", .integer).notNull()
                t.primaryKey(["quiz", "region", "school", "grade", "role", "day"])
            }
            try db.create(table: "itemRollup") { t in
                t.column("quiz", .text).notNull()
                t.column("knowledgePoint", .text).notNull()
                t.column("day", .text).notNull()
                t.column("answers", .integer).notNull()
                t.column("correct", .integer).notNull()
                t.primaryKey(["quiz", "knowledgePoint", "day"])
            }
        }
        migrator.registerMigration("v4") { db in
            try db.create(table: "attempt") { t in
                t.primaryKey("id", .text)
                t.column("account", .text).notNull().indexed().references("account", onDelete: .cascade)
                t.column("quiz", .text).notNull()
                t.column("submitted", .boolean).notNull().defaults(to: false)
                t.column("payload", .blob).notNull()
            }
            try db.create(table: "lessonProgress") { t in
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("lesson", .text).notNull()
                t.column("course", .text).notNull()
                t.column("readAt", .datetime).notNull()
                t.primaryKey(["account", "lesson"])
            }
            try db.create(table: "certificate") { t in
                t.primaryKey("code", .text)
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("issuedAt", .datetime).notNull()
                t.uniqueKey(["account", "course"])
            }
        }
        migrator.registerMigration("v5") { db in
            // API sessions: only a hash of the bearer token is stored.
            try db.create(table: "apiSession") { t in
                t.primaryKey("tokenHash", .text)
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("expiresAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v6") { db in
            // All-time rollup without the day: at most schools × grades × roles rows per quiz, so the
            // common report (no date range) sums a few thousand rows whatever the number of answers.
            try db.create(table: "awarenessTotal") { t in
                t.column("quiz", .text).notNull()
                t.column("region", .text).notNull()
                t.column("school", .text).notNull()
                t.column("grade", .text).notNull()
                t.column("role", .text).notNull()
                t.column("respondents", .integer).notNull()
                t.column("aware", .integer).notNull()
                t.primaryKey(["quiz", "region", "school", "grade", "role"])
            }
            try db.execute(
                sql: """
                    INSERT INTO awarenessTotal (quiz, region, school, grade, role, respondents, aware)
                    SELECT quiz, region, school, grade, role, SUM(respondents), SUM(aware) FROM awarenessRollup
                    GROUP BY quiz, region, school, grade, role
                    """)
        }
        migrator.registerMigration("v7") { db in
            try db.create(table: "enrolment") { t in
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("enrolledAt", .datetime).notNull()
                t.primaryKey(["account", "course"])
            }
        }
        migrator.registerMigration("v8") { db in
            // The school year (starting in September, Beijing time) in which a parent's grade was
            // recorded: the grade rolls over from it.
            try db.execute(sql: "ALTER TABLE account ADD COLUMN gradeYear INTEGER")
            try db.execute(sql: "UPDATE account SET gradeYear = \(Self.schoolYearSQL("createdAt")) WHERE grade IS NOT NULL")
            try db.create(table: "campaign") { t in
                t.primaryKey("id", .text)
                t.column("template", .text).notNull()
                t.column("event", .text).notNull()
                t.column("eventDate", .text).notNull()
                t.column("region", .text)
                t.column("revision", .integer).notNull()
                t.column("state", .text).notNull().indexed()
                    .check(sql: "state IN ('draft','in_review','approved','scheduled','sending','sent','archived','cancelled')")
                t.column("content", .blob).notNull()
                t.column("author", .text).notNull()
                t.column("approvedBy", .text)
                t.column("sendAt", .datetime)
                t.column("sentAt", .datetime)
                t.column("recipients", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "campaignRevision") { t in
                t.column("campaign", .text).notNull().references("campaign", onDelete: .cascade)
                t.column("revision", .integer).notNull()
                t.column("content", .blob).notNull()
                t.column("editedBy", .text).notNull()
                t.column("editedAt", .datetime).notNull()
                t.primaryKey(["campaign", "revision"])
            }
            // One row per (campaign, parent): the primary key is what makes a fan-out exactly once.
            // No foreign keys: checking two per row would double the cost of a million-row fan-out, and
            // campaigns are never deleted (only cancelled or archived).
            try db.execute(
                sql: """
                    CREATE TABLE delivery (
                      campaign TEXT NOT NULL,
                      parent TEXT NOT NULL,
                      deliveredAt DATETIME NOT NULL,
                      readAt DATETIME,
                      ackAt DATETIME,
                      ackMessage TEXT,
                      remindedAt DATETIME,
                      PRIMARY KEY (campaign, parent)) WITHOUT ROWID;
                    CREATE INDEX delivery_parent ON delivery(parent);
                    """)
        }
        migrator.registerMigration("v9") { db in
            // The webhook outbox: one row per delivery of a campaign with the webhook channel, created in
            // the transaction that creates the deliveries. claimedAt is set (and committed) before a post,
            // so a row claimed but never resolved is not posted again (at most once). nextAttemptAt is
            // NULL once delivered or given up.
            try db.execute(
                sql: """
                    CREATE TABLE webhookOutbox (
                      campaign TEXT NOT NULL,
                      parent TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      nextAttemptAt DATETIME,
                      claimedAt DATETIME,
                      deliveredAt DATETIME,
                      lastError TEXT,
                      PRIMARY KEY (campaign, parent)) WITHOUT ROWID;
                    CREATE INDEX webhookOutbox_due ON webhookOutbox(nextAttemptAt) WHERE claimedAt IS NULL;
                    """)
        }
        migrator.registerMigration("v10") { db in
            // Community lectures. v1's minimal `lecture` table was never written by any command; it is
            // replaced (rows it might hold are kept aside as `lectureV1`). One transaction per user-visible
            // write; registration order comes from `sequence`, unique per lecture, and (lecture, parent)
            // is the primary key, so nobody registers twice whatever the concurrency.
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lecture") ?? 0 > 0 {
                try db.execute(sql: "ALTER TABLE lecture RENAME TO lectureV1")
            } else {
                try db.execute(sql: "DROP TABLE lecture")
            }
            try db.execute(
                sql: """
                    CREATE TABLE venue (
                      id TEXT PRIMARY KEY NOT NULL,
                      name TEXT NOT NULL,
                      address TEXT NOT NULL DEFAULT '',
                      region TEXT NOT NULL DEFAULT '',
                      capacity INTEGER NOT NULL CHECK (capacity > 0),
                      accessibility TEXT NOT NULL DEFAULT '',
                      createdAt DATETIME NOT NULL);
                    CREATE TABLE lecturer (
                      id TEXT PRIMARY KEY NOT NULL,
                      name TEXT NOT NULL,
                      payload BLOB NOT NULL,
                      account TEXT REFERENCES account(id) ON DELETE SET NULL,
                      createdAt DATETIME NOT NULL);
                    CREATE TABLE lecture (
                      id TEXT PRIMARY KEY NOT NULL,
                      title TEXT NOT NULL,
                      venue TEXT NOT NULL REFERENCES venue(id),
                      lecturer TEXT REFERENCES lecturer(id),
                      startsAt DATETIME NOT NULL,
                      endsAt DATETIME NOT NULL,
                      capacity INTEGER NOT NULL CHECK (capacity > 0),
                      region TEXT NOT NULL DEFAULT '',
                      topic TEXT,
                      series TEXT,
                      quiz TEXT,
                      orderId TEXT,
                      createdAt DATETIME NOT NULL,
                      CHECK (endsAt > startsAt));
                    CREATE INDEX lecture_venue ON lecture(venue, startsAt);
                    CREATE INDEX lecture_lecturer ON lecture(lecturer, startsAt);
                    CREATE INDEX lecture_start ON lecture(startsAt);
                    CREATE INDEX lecture_series ON lecture(series);
                    CREATE TABLE registration (
                      lecture TEXT NOT NULL REFERENCES lecture(id) ON DELETE CASCADE,
                      parent TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                      sequence INTEGER NOT NULL,
                      status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
                      code TEXT NOT NULL,
                      registeredAt DATETIME NOT NULL,
                      cancelledAt DATETIME,
                      checkedInAt DATETIME,
                      remindedAt DATETIME,
                      PRIMARY KEY (lecture, parent),
                      UNIQUE (lecture, sequence),
                      UNIQUE (lecture, code)) WITHOUT ROWID;
                    CREATE INDEX registration_parent ON registration(parent);
                    CREATE TABLE lectureOrder (
                      id TEXT PRIMARY KEY NOT NULL,
                      state TEXT NOT NULL CHECK (state IN ('open', 'proposed', 'confirmed', 'accepted', 'declined', 'scheduled', 'cancelled')),
                      payload BLOB NOT NULL,
                      createdAt DATETIME NOT NULL,
                      updatedAt DATETIME NOT NULL);
                    """)
        }
        migrator.registerMigration("v11") { db in
            // Server secrets (the key that signs web cookies and CSRF tokens): generated once on first
            // use and kept with the data, never in the repository, so sessions survive a restart.
            try db.create(table: "serverSecret") { t in
                t.primaryKey("name", .text)
                t.column("value", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        return migrator
    }

    /// SQL for the school year (from September 1, Beijing time) of a stored UTC datetime column.
    static func schoolYearSQL(_ column: String) -> String {
        "(CAST(strftime('%Y', \(column), '+8 hours') AS INTEGER) - (CAST(strftime('%m', \(column), '+8 hours') AS INTEGER) < 9))"
    }
}
