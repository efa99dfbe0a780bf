public import Campaigns
public import Foundation
import Knowledge
public import OutreachCore
public import Store

/// The channels of a letter beyond the in-app inbox: the SMS text export, the printable letter with its
/// 回执 slip, and the webhook.
public struct CampaignChannelService: Sendable {
    let database: AppDatabase
    let clock: WallClock
    let knowledge: KnowledgeService
    /// The configured webhook URL, checked when it is used.
    let webhookURL: String?
    /// Seconds a webhook post may take before its outcome counts as unknown.
    public var webhookTimeout: TimeInterval = 10

    /// What an SMS export wrote.
    public struct SMSExport: Codable, Equatable, Sendable {
        public var parents: Int
        /// The messages each parent gets (with `(1/2)` prefixes when there are several).
        public var segments: [String]
    }

    /// A letter ready to print, with warnings for the person printing it.
    public struct PrintedLetter: Sendable {
        public var html: String
        public var warnings: [String]
    }

    /// What one webhook run did, and where the outbox stands after it.
    public struct WebhookRun: Codable, Equatable, Sendable {
        /// Posts answered 2xx in this run.
        public var delivered = 0
        /// Posts that failed in this run and wait for a later attempt.
        public var retrying = 0
        /// Posts that failed for the last time in this run (the last error is kept).
        public var failed = 0
        /// Rows in the outbox claimed with no outcome (this run's timeouts, earlier crashes, or a run
        /// still going): never posted again automatically.
        public var unknown = 0
        /// Rows still waiting, now or later.
        public var pending = 0
        /// Unknown rows put back in the queue at the operator's request before the run.
        public var released = 0

        public init(delivered: Int = 0, retrying: Int = 0, failed: Int = 0, unknown: Int = 0, pending: Int = 0, released: Int = 0) {
            self.delivered = delivered
            self.retrying = retrying
            self.failed = failed
            self.unknown = unknown
            self.pending = pending
            self.released = released
        }
    }

    // MARK: - SMS

    /// The SMS text of a campaign: its `sms`, or a short notice with the title when it has none, on one
    /// line (line breaks inside Chinese text are dropped, elsewhere they become a space).
    public static func smsText(_ content: CampaignContent) -> String {
        let text = content.sms?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let text, !text.isEmpty else { return "【心桥】您有一封新的家长信《\(content.title)》，请在心桥查看。" }
        var out = ""
        var pendingBreak = false
        for character in text {
            if character.isNewline || (pendingBreak && character.isWhitespace) {
                pendingBreak = true
                continue
            }
            if pendingBreak {
                if let last = out.last, last.isASCII, character.isASCII { out.append(" ") }
                pendingBreak = false
            }
            out.append(character)
        }
        return out
    }

    /// Writes the SMS texts of a sent campaign as CSV (RFC 4180, CRLF line ends): a header
    /// `parent,region,school,segment,segments,text`, then one row per delivered parent and segment, in
    /// parent order. `write` receives the file a chunk at a time.
    public func exportSMS(_ id: Campaign.ID, actor: Actor, write: (String) throws -> Void) async throws -> SMSExport {
        try actor.require(.writeLetters)
        let campaign = try await load(id)
        guard campaign.content.channels.contains(.sms) else { throw CampaignError.channelNotUsed(id.rawValue, .sms) }
        guard [.sent, .archived].contains(campaign.state) else { throw CampaignError.notSent(id.rawValue, campaign.state) }
        let segments = SMSSegmenter.segments(Self.smsText(campaign.content))
        try write(CSV.row(["parent", "region", "school", "segment", "segments", "text"]))
        var parents = 0
        var after: String?
        while true {
            let page = try await database.deliveryContacts(campaign: id, after: after, limit: 5_000)
            guard let last = page.last else { break }
            var chunk = ""
            for contact in page {
                for (index, segment) in segments.enumerated() {
                    chunk += CSV.row([contact.parent, contact.region ?? "", contact.school ?? "", "\(index + 1)", "\(segments.count)", segment])
                }
            }
            try write(chunk)
            parents += page.count
            after = last.parent
        }
        return SMSExport(parents: parents, segments: segments)
    }

    // MARK: - Print

    /// The letter of a campaign as a printable HTML page with the help lines for its region and, when it
    /// asks for a 回执, the slip. Only approved campaigns print, unless `proof` marks the page as a proof.
    public func printableLetter(_ id: Campaign.ID, school: String? = nil, proof: Bool = false, actor: Actor) async throws -> PrintedLetter {
        try actor.require(.writeLetters)
        let campaign = try await load(id)
        guard campaign.content.channels.contains(.print) else { throw CampaignError.channelNotUsed(id.rawValue, .print) }
        let approved: [CampaignState] = [.approved, .scheduled, .sending, .sent, .archived]
        guard proof || approved.contains(campaign.state) else { throw CampaignError.notApproved(id.rawValue, campaign.state) }
        let content = campaign.content
        let hotlines = try await knowledge.hotlines(region: campaign.region)
        let receipt = content.receipt.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            ?? (content.ackRequired ? "我已收到并阅读《\(content.title)》。" : nil)
        let letter = PrintableLetter(
            title: content.title, body: content.body, hotlines: hotlines, school: school ?? "",
            date: Self.chineseDate(campaign.sendAt.map(CampaignService.beijingDay) ?? campaign.eventDate), receipt: receipt, proof: proof)
        var warnings: [String] = []
        if hotlines.isEmpty { warnings.append("no hotlines are imported (Content/hotlines.yaml): the letter prints without them") }
        for line in hotlines where line.source.contains("核实") {
            warnings.append("hotline \(line.number) (\(line.name)): \(line.source)")
        }
        return PrintedLetter(html: letter.html, warnings: warnings)
    }

    /// A letter as the parent it was sent to prints it at home: the same page as `printableLetter`, with
    /// the parent's school in the 落款 and the help lines for the parent's region. A letter not sent to
    /// this parent is `CampaignError.notDelivered`, whoever asks.
    public func printableLetter(forParent id: Campaign.ID, actor: Actor) async throws -> String {
        try actor.require(.readLetters)
        guard case .account(let parent) = actor else { throw AccessError.notSignedIn }
        guard try await database.inbox(parent: parent.id).contains(where: { $0.campaign == id.rawValue }) else {
            throw CampaignError.notDelivered(id.rawValue)
        }
        let campaign = try await load(id)
        let content = campaign.content
        let receipt = content.receipt.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            ?? (content.ackRequired ? "我已收到并阅读《\(content.title)》。" : nil)
        return PrintableLetter(
            title: content.title, body: content.body, hotlines: try await knowledge.hotlines(region: parent.region ?? campaign.region),
            school: parent.school ?? "", date: Self.chineseDate(campaign.sendAt.map(CampaignService.beijingDay) ?? campaign.eventDate),
            receipt: receipt
        ).html
    }

    /// `2027-05-31` → `2027年5月31日`.
    static func chineseDate(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }

    // MARK: - Webhook

    /// The configured webhook URL, or why it cannot be used (not set, or not http/https).
    public func webhookEndpoint() throws(CampaignError) -> URL {
        try Webhook.endpoint(webhookURL)
    }

    /// Posts every outbox row due at `now` to the webhook (the CLI's `deliver-webhooks` and the
    /// server's scheduler).
    ///
    /// **At most once per delivery.** Each row is claimed — `claimedAt` set in a committed
    /// transaction — before its post, and its outcome is recorded after. A 2xx marks it delivered and
    /// it is never posted again; another answer, or a request that never reached the receiver, releases
    /// the claim with a backoff (1 min, 5 min, 30 min, 2 h, 12 h; given up after 6 attempts, keeping
    /// the last error). A row whose outcome is unknown — the process died between claim and record, or
    /// the request timed out after it went out — stays claimed and is reported as `unknown`, never
    /// posted again automatically: we prefer a parent missing one notification that an operator can
    /// see and release (`retryUnknown`, after checking with the receiver, which can drop repeats by
    /// their `Idempotency-Key`) over a parent getting it twice.
    ///
    /// The URL is checked before anything is touched: when it is missing or not http(s), this throws
    /// and the outbox is unchanged.
    public func deliverWebhooks(now: Date? = nil, retryUnknown: Bool = false, parallelism: Int = 4) async throws -> WebhookRun {
        let endpoint = try webhookEndpoint()
        let now = now ?? clock.now
        var run = WebhookRun()
        if retryUnknown { run.released = try await database.releaseUnknownWebhooks(now: now, actor: "webhook") }
        let client = WebhookClient(timeout: webhookTimeout)
        let database = self.database
        let tallies = try await withThrowingTaskGroup(of: WebhookRun.self) { group in
            for _ in 0..<max(1, parallelism) {
                group.addTask { try await Self.work(database: database, client: client, endpoint: endpoint, now: now) }
            }
            return try await group.reduce(into: [WebhookRun]()) { $0.append($1) }
        }
        for tally in tallies {
            run.delivered += tally.delivered
            run.retrying += tally.retrying
            run.failed += tally.failed
        }
        let counts = try await database.webhookOutboxCounts()
        run.unknown = counts.unknown
        run.pending = counts.pending
        if run.delivered + run.retrying + run.failed + run.released > 0 {
            try await database.appendAudit(
                AuditEntry(
                    at: now, actor: "webhook", action: "webhook.deliver", target: endpoint.host ?? "",
                    detail: "delivered=\(run.delivered) retrying=\(run.retrying) failed=\(run.failed) unknown=\(run.unknown)"))
        }
        return run
    }

    /// Where the webhook outbox stands (for `campaign webhook-check`).
    public func webhookOutbox(campaign: Campaign.ID? = nil) async throws -> WebhookOutboxCounts {
        try await database.webhookOutboxCounts(campaign: campaign)
    }

    /// One worker: claim, post, record, until nothing is due.
    private static func work(database: AppDatabase, client: WebhookClient, endpoint: URL, now: Date) async throws -> WebhookRun {
        var tally = WebhookRun()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let job = try await database.claimNextWebhook(now: now) {
            let payload = Webhook.Payload(campaign: job.campaign, parent: job.parent, title: job.title, sentAt: job.sentAt)
            let key = Webhook.idempotencyKey(campaign: job.campaign, parent: job.parent)
            switch await client.post(try encoder.encode(payload), idempotencyKey: key, to: endpoint) {
            case .accepted:
                try await database.recordWebhookDelivered(campaign: job.campaign, parent: job.parent, now: now)
                tally.delivered += 1
            case .refused(let reason):
                let retryAt = Webhook.retryAt(afterAttempts: job.attempts + 1, now: now)
                try await database.recordWebhookFailure(campaign: job.campaign, parent: job.parent, error: reason, retryAt: retryAt)
                if retryAt == nil { tally.failed += 1 } else { tally.retrying += 1 }
            case .unknown(let reason):
                try await database.recordWebhookUnknown(campaign: job.campaign, parent: job.parent, error: reason)
            }
        }
        return tally
    }

    // MARK: - Helpers

    private func load(_ id: Campaign.ID) async throws -> Campaign {
        guard let campaign = try await database.campaign(id: id) else { throw CampaignError.notFound(id.rawValue) }
        return campaign
    }
}

extension App {
    /// The SMS, print and webhook channels of letter campaigns.
    public var channels: CampaignChannelService {
        CampaignChannelService(
            database: database, clock: clock, knowledge: KnowledgeService(database: database), webhookURL: config.webhookURL)
    }
}

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; rows end in CRLF.
enum CSV {
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
