public import Campaigns
public import Foundation
import GRDB
public import OutreachCore

/// A letter in a parent's inbox.
public struct InboxLetter: Codable, Equatable, Sendable {
    /// `letter` (a campaign), or `lecture_reminder` (a lecture tomorrow the parent has a seat at).
    public var kind: String = "letter"
    /// The campaign id, or for a reminder `lecture:<lecture id>`.
    public var campaign: String
    public var title: String
    public var deliveredAt: Date
    public var readAt: Date?
    public var ackAt: Date?
    public var ackRequired: Bool
    public var reminded: Bool

    public init(
        kind: String = "letter", campaign: String, title: String, deliveredAt: Date, readAt: Date?, ackAt: Date?, ackRequired: Bool,
        reminded: Bool
    ) {
        self.kind = kind
        self.campaign = campaign
        self.title = title
        self.deliveredAt = deliveredAt
        self.readAt = readAt
        self.ackAt = ackAt
        self.ackRequired = ackRequired
        self.reminded = reminded
    }
}

/// Delivered, read and acknowledged counts of one campaign for one school and grade.
public struct DeliveryRate: Codable, Equatable, Sendable {
    public var school: String
    /// The child's grade on the send date; nil when the parent gave none.
    public var grade: Int?
    public var delivered: Int
    public var read: Int
    public var acknowledged: Int

    public init(school: String, grade: Int?, delivered: Int, read: Int, acknowledged: Int) {
        self.school = school
        self.grade = grade
        self.delivered = delivered
        self.read = read
        self.acknowledged = acknowledged
    }
}

extension AppDatabase {
    // MARK: - Campaign records

    /// Inserts a new campaign, its first revision and an audit entry in one transaction.
    public func insertCampaign(_ campaign: Campaign, audit: AuditEntry) async throws {
        do {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO campaign (id, template, event, eventDate, region, revision, state, content, author, approvedBy,
                          sendAt, createdAt, updatedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: try Self.values(campaign))
                try Self.insertRevision(campaign, db)
                try Self.insert(audit, db)
            }
        } catch DatabaseError.SQLITE_CONSTRAINT_PRIMARYKEY {
            throw CampaignError.duplicate(campaign.id.rawValue)
        }
    }

    /// Writes a changed campaign if it is still at `expected` (state and revision), with its audit
    /// entry and, for a new revision, the revision record. Returns false when somebody changed it first.
    public func updateCampaign(_ campaign: Campaign, expected: (state: CampaignState, revision: Int), audit: AuditEntry) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE campaign SET revision = ?, state = ?, content = ?, author = ?, approvedBy = ?, sendAt = ?, updatedAt = ?
                    WHERE id = ? AND state = ? AND revision = ?
                    """,
                arguments: [
                    campaign.revision, campaign.state.rawValue, try JSONEncoder().encode(campaign.content), campaign.author,
                    campaign.approvedBy, campaign.sendAt, campaign.updatedAt, campaign.id.rawValue, expected.state.rawValue,
                    expected.revision,
                ])
            guard db.changesCount == 1 else { return false }
            if campaign.revision != expected.revision { try Self.insertRevision(campaign, db) }
            try Self.insert(audit, db)
            return true
        }
    }

    public func campaign(id: Campaign.ID) async throws -> Campaign? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM campaign WHERE id = ?", arguments: [id.rawValue]).map(Self.campaign)
        }
    }

    /// Campaigns, newest event first; only those in `states` when given.
    public func campaigns(states: [CampaignState] = []) async throws -> [Campaign] {
        try await writer.read { db in
            var sql = "SELECT * FROM campaign"
            if !states.isEmpty { sql += " WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))" }
            sql += " ORDER BY eventDate DESC, id"
            return try Row.fetchAll(db, sql: sql).map(Self.campaign)
        }
    }

    /// The number of revisions recorded for a campaign.
    public func campaignRevisions(id: Campaign.ID) async throws -> [(revision: Int, editedBy: String, editedAt: Date)] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT revision, editedBy, editedAt FROM campaignRevision WHERE campaign = ? ORDER BY revision",
                arguments: [id.rawValue]
            ).map { ($0[0], $0[1], $0[2]) }
        }
    }

    // MARK: - Sending

    /// Sends a scheduled campaign: marks it sending, creates one delivery per parent in its audience
    /// (the child's grade taken as of `sendDay`) with, for the webhook channel, its outbox row, and
    /// marks it sent — all in one transaction, so a crash leaves it scheduled with nothing delivered,
    /// and a second run finds it sent. Returns the number of deliveries created, or nil when the
    /// campaign was not scheduled (already sent, or changed meanwhile).
    public func sendCampaign(
        _ campaign: Campaign, sendDay: String, now: Date, actor: String
    ) async throws -> Int? {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE campaign SET state = 'sending', updatedAt = ? WHERE id = ? AND state = 'scheduled' AND revision = ?",
                arguments: [now, campaign.id.rawValue, campaign.revision])
            guard db.changesCount == 1 else { return nil }
            let count = try Self.fanOut(campaign, sendDay: sendDay, now: now, db)
            if campaign.content.channels.contains(.webhook) { try Self.queueWebhooks(campaign.id, now: now, db) }
            try db.execute(
                sql: "UPDATE campaign SET state = 'sent', sentAt = ?, recipients = ?, updatedAt = ? WHERE id = ?",
                arguments: [now, count, now, campaign.id.rawValue])
            try Self.insert(
                AuditEntry(at: now, actor: actor, action: "campaign.send", target: campaign.id.rawValue, detail: "recipients=\(count)"), db)
            return count
        }
    }

    /// How many parents a campaign's audience reaches on `sendDay` (for warnings before sending).
    public func audienceSize(_ audience: LetterTemplate.Audience, region: String?, sendDay: String) async throws -> Int {
        try await writer.read { db in
            let (condition, arguments) = Self.audienceCondition(audience, region: region, sendDay: sendDay)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE \(condition)", arguments: arguments) ?? 0
        }
    }

    /// Inserts the deliveries of a campaign with one `INSERT … SELECT`; `OR IGNORE` on the primary key
    /// makes it exactly once per (campaign, parent).
    static func fanOut(_ campaign: Campaign, sendDay: String, now: Date, _ db: Database) throws -> Int {
        let (condition, arguments) = audienceCondition(campaign.content.audience, region: campaign.region, sendDay: sendDay)
        try db.execute(
            sql: "INSERT OR IGNORE INTO delivery (campaign, parent, deliveredAt) SELECT ?, id, ? FROM account WHERE \(condition)",
            arguments: [campaign.id.rawValue, now] + arguments)
        return db.changesCount
    }

    /// The SQL condition on `account` for an audience: parents in its regions (prefix match) whose
    /// child's grade on `sendDay` (rolled over each September from when it was recorded) it reaches.
    static func audienceCondition(
        _ audience: LetterTemplate.Audience, region: String?, sendDay: String
    ) -> (String, StatementArguments) {
        var clauses = ["role = 'parent'"]
        var arguments: StatementArguments = []
        let regions = region.map { region in audience.regions.isEmpty ? [region] : audience.regions.filter { $0.hasPrefix(region) || region.hasPrefix($0) } }
            ?? audience.regions
        if region != nil || !audience.regions.isEmpty {
            if regions.isEmpty {
                clauses.append("0")
            } else {
                clauses.append("(" + regions.map { _ in "substr(region, 1, length(?)) = ?" }.joined(separator: " OR ") + ")")
                for value in regions { arguments += [value, value] }
            }
        }
        if let grades = audience.allowedGrades {
            let list = grades.sorted().map(String.init).joined(separator: ",")
            clauses.append("grade IS NOT NULL AND grade + (? - gradeYear) IN (\(list.isEmpty ? "-1" : list))")
            arguments += [SchoolYear.of(sendDay)]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    // MARK: - Inbox

    /// A parent's letters, newest first.
    public func inbox(parent: Account.ID) async throws -> [InboxLetter] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.campaign, c.content, d.deliveredAt, d.readAt, d.ackAt, d.remindedAt
                    FROM delivery d JOIN campaign c ON c.id = d.campaign
                    WHERE d.parent = ? ORDER BY d.deliveredAt DESC, d.campaign
                    """,
                arguments: [parent.rawValue]
            ).map { row in
                let content = try JSONDecoder().decode(CampaignContent.self, from: row[1] as Data)
                return InboxLetter(
                    campaign: row[0], title: content.title, deliveredAt: row[2], readAt: row[3], ackAt: row[4],
                    ackRequired: content.ackRequired, reminded: (row[5] as Date?) != nil)
            }
        }
    }

    /// Marks a letter read (the first time); nil when it was not delivered to this parent.
    public func markLetterRead(parent: Account.ID, campaign: Campaign.ID, now: Date) async throws -> InboxLetter? {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE delivery SET readAt = coalesce(readAt, ?) WHERE campaign = ? AND parent = ?",
                arguments: [now, campaign.rawValue, parent.rawValue])
            guard db.changesCount == 1 else { return nil }
            return try Self.inboxLetter(parent: parent, campaign: campaign, db)
        }
    }

    /// Records the 回执 (and reads the letter); a second acknowledgement keeps the first. Nil when the
    /// letter was not delivered to this parent.
    public func acknowledgeLetter(parent: Account.ID, campaign: Campaign.ID, message: String?, now: Date) async throws -> InboxLetter? {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE delivery SET readAt = coalesce(readAt, ?), ackAt = coalesce(ackAt, ?),
                      ackMessage = CASE WHEN ackAt IS NULL THEN ? ELSE ackMessage END
                    WHERE campaign = ? AND parent = ?
                    """,
                arguments: [now, now, message, campaign.rawValue, parent.rawValue])
            guard db.changesCount == 1 else { return nil }
            try Self.insert(AuditEntry(at: now, actor: parent.rawValue, action: "letter.acknowledge", target: campaign.rawValue), db)
            return try Self.inboxLetter(parent: parent, campaign: campaign, db)
        }
    }

    private static func inboxLetter(parent: Account.ID, campaign: Campaign.ID, _ db: Database) throws -> InboxLetter? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT d.campaign, c.content, d.deliveredAt, d.readAt, d.ackAt, d.remindedAt
                    FROM delivery d JOIN campaign c ON c.id = d.campaign WHERE d.parent = ? AND d.campaign = ?
                    """,
                arguments: [parent.rawValue, campaign.rawValue])
        else { return nil }
        let content = try JSONDecoder().decode(CampaignContent.self, from: row[1] as Data)
        return InboxLetter(
            campaign: row[0], title: content.title, deliveredAt: row[2], readAt: row[3], ackAt: row[4], ackRequired: content.ackRequired,
            reminded: (row[5] as Date?) != nil)
    }

    // MARK: - Staff views

    /// Delivered, read and acknowledged counts of a campaign by school and grade (as of `sendDay`).
    public func deliveryRates(campaign: Campaign.ID, sendDay: String) async throws -> [DeliveryRate] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(a.school, '') AS school, a.grade + (? - a.gradeYear) AS grade, COUNT(*),
                      COUNT(d.readAt), COUNT(d.ackAt)
                    FROM delivery d LEFT JOIN account a ON a.id = d.parent
                    WHERE d.campaign = ? GROUP BY 1, 2 ORDER BY 1, 2
                    """,
                arguments: [SchoolYear.of(sendDay), campaign.rawValue]
            ).map { DeliveryRate(school: $0[0], grade: $0[1], delivered: $0[2], read: $0[3], acknowledged: $0[4]) }
        }
    }

    /// Marks a reminder on every delivery not yet acknowledged; returns how many.
    public func remindUnacknowledged(campaign: Campaign.ID, now: Date, actor: String) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE delivery SET remindedAt = ? WHERE campaign = ? AND ackAt IS NULL",
                arguments: [now, campaign.rawValue])
            let count = db.changesCount
            try Self.insert(AuditEntry(at: now, actor: actor, action: "campaign.remind", target: campaign.rawValue, detail: "parents=\(count)"), db)
            return count
        }
    }

    /// Deliveries of a campaign with the parent's contact fields, in parent order (channel exports).
    public func deliveries(campaign: Campaign.ID) async throws -> [(parent: String, name: String, region: String?, school: String?)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.parent, coalesce(a.name, ''), a.region, a.school FROM delivery d LEFT JOIN account a ON a.id = d.parent
                    WHERE d.campaign = ? ORDER BY d.parent
                    """,
                arguments: [campaign.rawValue]
            ).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    // MARK: - Rows

    private static func values(_ campaign: Campaign) throws -> StatementArguments {
        [
            campaign.id.rawValue, campaign.template, campaign.event, campaign.eventDate, campaign.region, campaign.revision,
            campaign.state.rawValue, try JSONEncoder().encode(campaign.content), campaign.author, campaign.approvedBy,
            campaign.sendAt, campaign.createdAt, campaign.updatedAt,
        ]
    }

    private static func insertRevision(_ campaign: Campaign, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO campaignRevision (campaign, revision, content, editedBy, editedAt) VALUES (?, ?, ?, ?, ?)",
            arguments: [campaign.id.rawValue, campaign.revision, try JSONEncoder().encode(campaign.content), campaign.author, campaign.updatedAt])
    }

    private static func campaign(_ row: Row) throws -> Campaign {
        Campaign(
            id: Campaign.ID(row["id"] as String), template: row["template"], event: row["event"], eventDate: row["eventDate"],
            region: row["region"], revision: row["revision"],
            content: try JSONDecoder().decode(CampaignContent.self, from: row["content"] as Data),
            state: CampaignState(rawValue: row["state"]) ?? .draft, author: row["author"], approvedBy: row["approvedBy"],
            sendAt: row["sendAt"], createdAt: row["createdAt"], updatedAt: row["updatedAt"])
    }
}
