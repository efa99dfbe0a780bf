public import Campaigns
public import Foundation
import GRDB
public import OutreachCore

/// One delivery claimed for posting to the webhook.
public struct WebhookJob: Equatable, Sendable {
    public var campaign: String
    public var parent: String
    /// Attempts made before this one.
    public var attempts: Int
    public var title: String
    /// When the letter was delivered (the `sent_at` of the payload).
    public var sentAt: Date
}

/// One row of the webhook outbox as stored.
public struct WebhookOutboxEntry: Codable, Equatable, Sendable {
    public var campaign: String
    public var parent: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var claimedAt: Date?
    public var deliveredAt: Date?
    public var lastError: String?
}

/// Where the rows of the webhook outbox stand.
public struct WebhookOutboxCounts: Codable, Equatable, Sendable {
    /// Waiting for their first or a later attempt.
    public var pending: Int
    /// Accepted by the receiver (a 2xx answer).
    public var delivered: Int
    /// Given up after `Webhook.maxAttempts` failed attempts.
    public var failed: Int
    /// Claimed (so perhaps posted) with no outcome recorded: never posted again automatically.
    public var unknown: Int

    public init(pending: Int = 0, delivered: Int = 0, failed: Int = 0, unknown: Int = 0) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
        self.unknown = unknown
    }
}

extension AppDatabase {
    // MARK: - Writes

    /// Queues one outbox row per delivery of a campaign (called inside `sendCampaign`'s transaction,
    /// so the deliveries and their webhook rows commit together). `OR IGNORE` keeps it once per row.
    static func queueWebhooks(_ campaign: Campaign.ID, now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO webhookOutbox (campaign, parent, attempts, nextAttemptAt)
                SELECT campaign, parent, 0, ? FROM delivery WHERE campaign = ?
                """,
            arguments: [now, campaign.rawValue])
    }

    /// Claims the next row due at `now` and commits the claim before returning it, so it is posted at
    /// most once even if the process dies while posting. Nil when nothing is due.
    public func claimNextWebhook(now: Date) async throws -> WebhookJob? {
        try await writer.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT o.campaign, o.parent, o.attempts, json_extract(CAST(c.content AS TEXT), '$.title'), d.deliveredAt
                        FROM webhookOutbox o
                        JOIN campaign c ON c.id = o.campaign
                        JOIN delivery d ON d.campaign = o.campaign AND d.parent = o.parent
                        WHERE o.claimedAt IS NULL AND o.nextAttemptAt <= ?
                        ORDER BY o.nextAttemptAt, o.campaign, o.parent LIMIT 1
                        """,
                    arguments: [now])
            else { return nil }
            let job = WebhookJob(campaign: row[0], parent: row[1], attempts: row[2], title: row[3] ?? "", sentAt: row[4])
            try db.execute(
                sql: "UPDATE webhookOutbox SET claimedAt = ? WHERE campaign = ? AND parent = ? AND claimedAt IS NULL",
                arguments: [now, job.campaign, job.parent])
            return job
        }
    }

    /// Records a 2xx answer to the claimed post.
    public func recordWebhookDelivered(campaign: String, parent: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhookOutbox SET deliveredAt = ?, attempts = attempts + 1, nextAttemptAt = NULL
                    WHERE campaign = ? AND parent = ? AND claimedAt IS NOT NULL AND deliveredAt IS NULL
                    """,
                arguments: [now, campaign, parent])
        }
    }

    /// Records a post the receiver did not accept, or that never reached it: the claim is released and
    /// the row waits until `retryAt`, or is given up when `retryAt` is nil.
    public func recordWebhookFailure(campaign: String, parent: String, error: String, retryAt: Date?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhookOutbox SET attempts = attempts + 1, claimedAt = NULL, nextAttemptAt = ?, lastError = ?
                    WHERE campaign = ? AND parent = ? AND claimedAt IS NOT NULL AND deliveredAt IS NULL
                    """,
                arguments: [retryAt, String(error.prefix(500)), campaign, parent])
        }
    }

    /// Records a post whose outcome cannot be known (a timeout after the request went out): the row
    /// stays claimed, so it is reported as unknown and not posted again automatically.
    public func recordWebhookUnknown(campaign: String, parent: String, error: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhookOutbox SET attempts = attempts + 1, nextAttemptAt = NULL, lastError = ?
                    WHERE campaign = ? AND parent = ? AND claimedAt IS NOT NULL AND deliveredAt IS NULL
                    """,
                arguments: [String(error.prefix(500)), campaign, parent])
        }
    }

    /// Puts every unknown row (claimed, no outcome) back in the queue, due at `now`, or gives it up
    /// when it has used its attempts. An operator's decision after checking with the receiver, which
    /// can drop repeats by their `Idempotency-Key`. Returns how many rows were released.
    public func releaseUnknownWebhooks(now: Date, actor: String) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhookOutbox SET claimedAt = NULL, nextAttemptAt = CASE WHEN attempts < ? THEN ? END
                    WHERE claimedAt IS NOT NULL AND deliveredAt IS NULL
                    """,
                arguments: [Webhook.maxAttempts, now])
            let count = db.changesCount
            if count > 0 {
                try Self.insert(AuditEntry(at: now, actor: actor, action: "webhook.release", target: "webhookOutbox", detail: "rows=\(count)"), db)
            }
            return count
        }
    }

    // MARK: - Reads

    /// How the outbox stands, for one campaign or all.
    public func webhookOutboxCounts(campaign: Campaign.ID? = nil) async throws -> WebhookOutboxCounts {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT
                      count(CASE WHEN claimedAt IS NULL AND nextAttemptAt IS NOT NULL THEN 1 END),
                      count(deliveredAt),
                      count(CASE WHEN claimedAt IS NULL AND nextAttemptAt IS NULL AND deliveredAt IS NULL THEN 1 END),
                      count(CASE WHEN claimedAt IS NOT NULL AND deliveredAt IS NULL THEN 1 END)
                    FROM webhookOutbox WHERE ?1 IS NULL OR campaign = ?1
                    """,
                arguments: [campaign?.rawValue])
            guard let row else { return WebhookOutboxCounts() }
            return WebhookOutboxCounts(pending: row[0], delivered: row[1], failed: row[2], unknown: row[3])
        }
    }

    /// One outbox row, or nil.
    public func webhookOutboxEntry(campaign: Campaign.ID, parent: Account.ID) async throws -> WebhookOutboxEntry? {
        try await writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT campaign, parent, attempts, nextAttemptAt, claimedAt, deliveredAt, lastError
                    FROM webhookOutbox WHERE campaign = ? AND parent = ?
                    """,
                arguments: [campaign.rawValue, parent.rawValue]
            ).map {
                WebhookOutboxEntry(
                    campaign: $0[0], parent: $0[1], attempts: $0[2], nextAttemptAt: $0[3], claimedAt: $0[4], deliveredAt: $0[5],
                    lastError: $0[6])
            }
        }
    }

    // MARK: - Channel exports

    /// A page of a campaign's deliveries with the parent's region and school, in parent order after
    /// `after` (keyset paging, so an SMS export of a million parents never holds them all in memory).
    public func deliveryContacts(
        campaign: Campaign.ID, after: String?, limit: Int
    ) async throws -> [(parent: String, region: String?, school: String?)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.parent, a.region, a.school FROM delivery d LEFT JOIN account a ON a.id = d.parent
                    WHERE d.campaign = ? AND d.parent > ? ORDER BY d.parent LIMIT ?
                    """,
                arguments: [campaign.rawValue, after ?? "", limit]
            ).map { ($0[0], $0[1], $0[2]) }
        }
    }
}
