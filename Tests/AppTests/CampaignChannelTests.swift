import App
import Campaigns
import Foundation
import OutreachCore
import Store
import Testing
import TestSupport

/// The SMS, print and webhook channels over a real (in-memory) store, with a real HTTP receiver.
@Suite(.serialized) struct CampaignChannelTests {
    static let now = ISO8601DateFormatter().date(from: "2027-05-31T18:00:00+08:00")!
    static let sms = "【心桥】高考倒计时一周。家里一切照常，让孩子每晚睡够8小时，考完一科不追问一科。孩子焦虑难眠、情绪持续低落，可拨打12356心理援助热线倾诉。"

    private func content(
        channels: [LetterTemplate.Channel], sms: String? = CampaignChannelTests.sms, body: String = "各位家长朋友：\n\n您好！",
        receipt: String? = nil, ackRequired: Bool = false, regions: [String] = []
    ) -> CampaignContent {
        CampaignContent(
            title: "高考前致家长的一封信", body: body, sms: sms, receipt: receipt, offsetDays: -7, sendHour: 18,
            audience: .init(regions: regions), channels: channels, ackRequired: ackRequired)
    }

    /// An app with the minimal library (two hotlines), a staff member and two parents.
    private func makeApp(webhookURL: String? = nil) async throws -> App {
        let library = try TemporaryLibrary.minimal()
        let config = AppConfig(contentRoots: library.roots, bcryptCost: 4, lexiconDirectory: nil, webhookURL: webhookURL)
        let app = try await App.makeForTesting(now: Self.now, config: config)
        let report = try await app.content.importLibrary(roots: library.roots)
        #expect(report.errors.isEmpty)
        _ = try await app.database.upsertAccounts(
            [
                Account(id: "wang", role: .staff, name: "王老师"),
                Account(id: "p1", role: .parent, name: "张", region: "浙江杭州", school: "杭州一中", grade: 12),
                Account(id: "p2", role: .parent, name: "陈", region: "广东广州", school: "广州二中, 高中部", grade: 12),
            ], actor: "test", at: Self.now)
        return app
    }

    /// Inserts a scheduled campaign due at `now` and sends it with `runDue`; returns its recipients.
    @discardableResult
    private func send(_ app: App, _ content: CampaignContent, id: String = "c1", state: CampaignState = .scheduled) async throws -> Int {
        let campaign = Campaign(
            id: Campaign.ID(id), template: "letter-gaokao-before", event: "gaokao", eventDate: "2027-06-07", region: nil,
            content: content, state: state, author: "wang", approvedBy: "li", sendAt: Self.now, createdAt: Self.now,
            updatedAt: Self.now)
        try await app.database.insertCampaign(campaign, audit: AuditEntry(at: Self.now, actor: "wang", action: "campaign.create", target: id))
        return try await app.campaigns.runDue(now: Self.now).first { $0.campaign == id }?.recipients ?? 0
    }

    private func csv(_ app: App, _ id: String) async throws -> (String, CampaignChannelService.SMSExport) {
        var text = ""
        let export = try await app.channels.exportSMS(Campaign.ID(id), actor: .localOperator) { text += $0 }
        return (text, export)
    }

    // MARK: - SMS

    @Test func smsExportIsOneRowPerParentAndSegment() async throws {
        let app = try await makeApp()
        #expect(try await send(app, content(channels: [.inbox, .sms])) == 2)
        let (text, export) = try await csv(app, "c1")
        #expect(export.parents == 2)
        #expect(export.segments.count == 2)
        #expect(export.segments.allSatisfy { $0.count <= 70 })
        #expect(export.segments.map { $0.dropFirst(5) }.joined() == Self.sms)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(
            Array(lines.dropLast()) == [
                "parent,region,school,segment,segments,text",
                "p1,浙江杭州,杭州一中,1,2,\(export.segments[0])",
                "p1,浙江杭州,杭州一中,2,2,\(export.segments[1])",
                "p2,广东广州,\"广州二中, 高中部\",1,2,\(export.segments[0])",
                "p2,广东广州,\"广州二中, 高中部\",2,2,\(export.segments[1])",
            ])
        #expect(export.segments[0] == "(1/2)【心桥】高考倒计时一周。家里一切照常，让孩子每晚睡够8小时，考完一科不追问一科。")
    }

    @Test func smsExportWithoutSMSTextSendsANoticeWithTheTitle() async throws {
        let app = try await makeApp()
        try await send(app, content(channels: [.sms], sms: nil))
        let (text, export) = try await csv(app, "c1")
        #expect(export.segments == ["【心桥】您有一封新的家长信《高考前致家长的一封信》，请在心桥查看。"])
        #expect(text.components(separatedBy: "\r\n").count == 4)
    }

    @Test func smsExportNeedsASentCampaignWithTheSMSChannel() async throws {
        let app = try await makeApp()
        try await send(app, content(channels: [.inbox]), id: "inbox-only")
        await #expect(throws: CampaignError.channelNotUsed("inbox-only", .sms)) { try await csv(app, "inbox-only") }
        try await send(app, content(channels: [.sms]), id: "draft", state: .draft)
        await #expect(throws: CampaignError.notSent("draft", .draft)) { try await csv(app, "draft") }
        await #expect(throws: CampaignError.notFound("nope")) { try await csv(app, "nope") }
        // And a parent may not export
        try await send(app, content(channels: [.sms]), id: "sent")
        let parent = Actor.account(Account(id: "p1", role: .parent))
        await #expect(throws: AccessError.self) {
            try await app.channels.exportSMS("sent", actor: parent) { _ in }
        }
    }

    // MARK: - Print

    @Test func printedLetterEscapesMarkupAndCarriesTheSlipOnlyWhenAsked() async throws {
        let app = try await makeApp()
        let body = """
            各位家长朋友：

            <script>alert("x")</script> <img src=x onerror=alert(1)>

            **请留意**：[点这里](javascript:alert(1)) 或 [官网](https://example.org/a?b=1&c=2)

            {{hotlines}}

            {{school}}
            {{date}}
            """
        try await send(app, content(channels: [.inbox, .print], body: body), id: "plain")
        try await send(app, content(channels: [.print], body: body, receipt: "我已阅读此信。"), id: "slip")
        try await send(app, content(channels: [.print], body: body, ackRequired: true), id: "ack")

        let plain = try await app.channels.printableLetter("plain", school: "杭州一中", actor: .localOperator).html
        #expect(!plain.contains("<script"))
        #expect(!plain.contains("<img"))
        #expect(plain.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!plain.contains("javascript:"))
        #expect(plain.contains("<strong>请留意</strong>"))
        #expect(plain.contains("<a href=\"https://example.org/a?b=1&amp;c=2\">官网</a>"))
        #expect(plain.contains("<span class=\"number\">12356</span>"))
        #expect(plain.contains("<p class=\"signature\">杭州一中<br>2027年5月31日</p>"))
        #expect(plain.contains("@page { size: A4"))
        #expect(!plain.contains("class=\"slip\""))

        let slip = try await app.channels.printableLetter("slip", actor: .localOperator).html
        #expect(slip.components(separatedBy: "class=\"slip\"").count == 2)
        #expect(slip.contains("border-top: 2px dashed"))
        #expect(slip.contains("我已阅读此信。"))
        #expect(slip.contains("学生姓名") && slip.contains("班级") && slip.contains("家长签名") && slip.contains("日期"))

        let ack = try await app.channels.printableLetter("ack", actor: .localOperator).html
        #expect(ack.contains("class=\"slip\""))
        #expect(ack.contains("我已收到并阅读《高考前致家长的一封信》。"))
    }

    @Test func onlyApprovedLettersPrintUnlessMarkedAsProof() async throws {
        let app = try await makeApp()
        try await send(app, content(channels: [.print]), id: "draft", state: .draft)
        await #expect(throws: CampaignError.notApproved("draft", .draft)) {
            try await app.channels.printableLetter("draft", actor: .localOperator)
        }
        let proof = try await app.channels.printableLetter("draft", proof: true, actor: .localOperator).html
        #expect(proof.contains("校对稿"))
        try await send(app, content(channels: [.inbox]), id: "no-print")
        await #expect(throws: CampaignError.channelNotUsed("no-print", .print)) {
            try await app.channels.printableLetter("no-print", actor: .localOperator)
        }
    }

    @Test func markdownBlocksRenderSimply() {
        let letter = PrintableLetter(
            title: "标题 <b>", body: "# 一级\n\n- 甲\n- **乙**\n\n1. 一\n2. 二\n\n> 引文\n\n第一行\n第二行", hotlines: [], school: "", date: "",
            receipt: nil)
        let html = letter.html
        #expect(html.contains("<title>标题 &lt;b&gt;</title>"))
        #expect(html.contains("<h2>一级</h2>"))
        #expect(html.contains("<ul><li>甲</li><li><strong>乙</strong></li></ul>"))
        #expect(html.contains("<ol><li>一</li><li>二</li></ol>"))
        #expect(html.contains("<blockquote><p>引文</p></blockquote>"))
        #expect(html.contains("<p>第一行<br>第二行</p>"))
        #expect(!html.contains("<script"))
    }

    // MARK: - Webhook

    @Test func outboxRowsAreCreatedWithTheDeliveriesOnlyForTheWebhookChannel() async throws {
        let app = try await makeApp()
        try await send(app, content(channels: [.inbox]), id: "inbox")
        #expect(try await app.channels.webhookOutbox(campaign: "inbox") == WebhookOutboxCounts())
        #expect(try await send(app, content(channels: [.inbox, .webhook]), id: "hook") == 2)
        #expect(try await app.channels.webhookOutbox(campaign: "hook") == WebhookOutboxCounts(pending: 2))
    }

    @Test func aFailedPostIsRetriedWithBackoffAndA2xxIsNeverPostedAgain() async throws {
        // Given a receiver that answers 500 once, then 200
        let server = try LocalHTTPServer(replies: [.status(500)])
        defer { server.stop() }
        let app = try await makeApp(webhookURL: server.url.absoluteString)
        try await send(app, content(channels: [.inbox, .webhook], regions: ["浙江"]), id: "gaokao-浙江")
        // When the first run posts
        let first = try await app.channels.deliverWebhooks(now: Self.now)
        #expect(first == CampaignChannelService.WebhookRun(retrying: 1, pending: 1))
        var entry = try #require(try await app.database.webhookOutboxEntry(campaign: "gaokao-浙江", parent: "p1"))
        #expect(entry.attempts == 1)
        #expect(entry.lastError == "HTTP 500")
        #expect(entry.nextAttemptAt == Self.now.addingTimeInterval(60))
        #expect(entry.claimedAt == nil && entry.deliveredAt == nil)
        // Then nothing is due before the backoff has passed
        #expect(try await app.channels.deliverWebhooks(now: Self.now.addingTimeInterval(30)) == .init(pending: 1))
        #expect(server.requests.count == 1)
        // And the second attempt delivers it
        let later = Self.now.addingTimeInterval(61)
        #expect(try await app.channels.deliverWebhooks(now: later) == .init(delivered: 1))
        entry = try #require(try await app.database.webhookOutboxEntry(campaign: "gaokao-浙江", parent: "p1"))
        #expect(entry.attempts == 2)
        #expect(entry.deliveredAt == later)
        #expect(entry.nextAttemptAt == nil)
        // And a delivered row is never posted again
        #expect(try await app.channels.deliverWebhooks(now: later.addingTimeInterval(86_400)) == .init())
        let requests = server.requests
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.headers["idempotency-key"] == "gaokao-%E6%B5%99%E6%B1%9F/p1")
            #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
            let body = try JSONSerialization.jsonObject(with: request.body) as? [String: String]
            #expect(
                body == [
                    "delivery_id": "gaokao-浙江/p1", "campaign": "gaokao-浙江", "parent": "p1", "title": "高考前致家长的一封信",
                    "sent_at": "2027-05-31T18:00:00+08:00",
                ])
        }
    }

    @Test func aRowClaimedBeforeACrashIsUnknownAndNotPostedAgain() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let app = try await makeApp(webhookURL: server.url.absoluteString)
        try await send(app, content(channels: [.webhook], regions: ["浙江"]))
        // Given a run that claimed the row and died before it recorded an outcome
        #expect(try await app.database.claimNextWebhook(now: Self.now)?.parent == "p1")
        // When the next run comes
        let run = try await app.channels.deliverWebhooks(now: Self.now.addingTimeInterval(3_600))
        // Then the row is reported unknown and nothing is posted
        #expect(run == .init(unknown: 1))
        #expect(server.requests.isEmpty)
        // And only an operator's release posts it
        let released = try await app.channels.deliverWebhooks(now: Self.now.addingTimeInterval(7_200), retryUnknown: true)
        #expect(released == .init(delivered: 1, released: 1))
        #expect(server.requests.count == 1)
    }

    @Test func aTimeoutIsUnknownAndNotRetried() async throws {
        let server = try LocalHTTPServer(replies: [.hang(seconds: 2.5)])
        defer { server.stop() }
        let app = try await makeApp(webhookURL: server.url.absoluteString)
        try await send(app, content(channels: [.webhook], regions: ["浙江"]))
        var channels = app.channels
        channels.webhookTimeout = 1
        let run = try await channels.deliverWebhooks(now: Self.now)
        #expect(run == .init(unknown: 1))
        let entry = try #require(try await app.database.webhookOutboxEntry(campaign: "c1", parent: "p1"))
        #expect(entry.attempts == 1 && entry.claimedAt != nil && entry.deliveredAt == nil)
        #expect(entry.lastError?.contains("no answer") == true)
        #expect(try await channels.deliverWebhooks(now: Self.now.addingTimeInterval(86_400)) == .init(unknown: 1))
        #expect(server.requests.count == 1)
    }

    @Test func givesUpAfterSixAttemptsKeepingTheLastError() async throws {
        let server = try LocalHTTPServer(replies: Array(repeating: .status(503), count: 10))
        defer { server.stop() }
        let app = try await makeApp(webhookURL: server.url.absoluteString)
        try await send(app, content(channels: [.webhook], regions: ["浙江"]))
        var moment = Self.now
        for wait in Webhook.backoff + [0] {
            _ = try await app.channels.deliverWebhooks(now: moment)
            moment = moment.addingTimeInterval(wait)
        }
        #expect(server.requests.count == 6)
        let entry = try #require(try await app.database.webhookOutboxEntry(campaign: "c1", parent: "p1"))
        #expect(entry.attempts == 6, "\(entry)")
        #expect(entry.lastError == "HTTP 503")
        #expect(entry.nextAttemptAt == nil && entry.deliveredAt == nil && entry.claimedAt == nil)
        #expect(try await app.channels.webhookOutbox() == WebhookOutboxCounts(failed: 1))
        _ = try await app.channels.deliverWebhooks(now: moment.addingTimeInterval(86_400 * 30))
        #expect(server.requests.count == 6)
    }

    @Test func aReceiverThatIsDownIsRetried() async throws {
        // Given a port nobody listens on any more
        let gone = try LocalHTTPServer()
        gone.stop()
        let app = try await makeApp(webhookURL: gone.url.absoluteString)
        try await send(app, content(channels: [.webhook], regions: ["浙江"]))
        let run = try await app.channels.deliverWebhooks(now: Self.now)
        #expect(run == .init(retrying: 1, pending: 1))
        let entry = try #require(try await app.database.webhookOutboxEntry(campaign: "c1", parent: "p1"))
        #expect(entry.lastError?.hasPrefix("cannot connect") == true)
    }

    @Test(arguments: [nil, "ftp://example.org/hook", "javascript:alert(1)", "example.org/hook"])
    func aMissingOrNonHTTPURLChangesNothing(url: String?) async throws {
        let app = try await makeApp(webhookURL: url)
        try await send(app, content(channels: [.webhook]))
        await #expect(throws: CampaignError.self) { try await app.channels.deliverWebhooks(now: Self.now) }
        #expect(try await app.channels.webhookOutbox() == WebhookOutboxCounts(pending: 2))
        #expect(try await app.database.webhookOutboxEntry(campaign: "c1", parent: "p1")?.claimedAt == nil)
    }
}
