import App
import Campaigns
import Foundation
import OutreachCore
import Store
import Testing
import TestSupport

/// Letter campaigns through the application core: review, scheduling, sending exactly once, the inbox.
@Suite struct CampaignServiceTests {
    /// An app over the bundled library (letters, calendar, send rules) at a fixed moment in November 2026.
    private func app(now: Date = Date(timeIntervalSince1970: 1_795_000_000)) async throws -> (App, Actor, Actor) {
        let root = Repository.root.appendingPathComponent("Content").path
        let config = AppConfig(
            contentRoots: [root, Repository.root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: Repository.root.appendingPathComponent("Content/lexicon").path)
        let app = try await App.makeForTesting(now: now, config: config)
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        let wang = try await app.accounts.create(.init(id: "wang", role: "staff"), actor: .localOperator)
        let li = try await app.accounts.create(.init(id: "li", role: "staff"), actor: .localOperator)
        for (id, region, school, grade) in [
            ("p1", "浙江宁波", "一中", 12), ("p2", "浙江杭州", "二中", 11), ("p3", "江西南昌", "三中", 12), ("p4", "浙江", "实验小学", 3),
        ] {
            _ = try await app.accounts.create(.init(id: id, role: "parent", region: region, school: school, grade: grade), actor: .localOperator)
        }
        return (app, .account(wang), .account(li))
    }

    private func parent(_ app: App, _ id: String) async throws -> Actor {
        .account(try #require(try await app.accounts.account(id: id)))
    }

    @Test func aLetterIsReviewedScheduledAndSentOnceToItsAudience() async throws {
        let (app, wang, li) = try await app()
        // Given a draft for the 2027 gaokao in Zhejiang, written by wang
        let draft = try await app.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "zhejiang", actor: wang)
        #expect(draft.state == .draft && draft.region == "浙江" && draft.eventDate == "2027-06-07")
        // When wang submits it, wang cannot approve it, but li can
        _ = try await app.campaigns.perform(.submit, on: draft.id, actor: wang)
        await #expect(throws: CampaignError.selfApproval("wang")) { try await app.campaigns.perform(.approve, on: draft.id, actor: wang) }
        _ = try await app.campaigns.perform(.approve, on: draft.id, actor: li)
        let scheduled = try await app.campaigns.perform(.schedule, on: draft.id, actor: wang)
        let sendAt = try #require(scheduled.sendAt)
        // Then nothing goes out before its time, and at its time only the senior-3 parent in Zhejiang gets it
        #expect(try await app.campaigns.runDue(now: sendAt.addingTimeInterval(-60)).isEmpty)
        let sent = try await app.campaigns.runDue(now: sendAt)
        #expect(sent == [CampaignService.SendResult(campaign: draft.id.rawValue, recipients: 1)])
        // and running again sends nothing twice
        #expect(try await app.campaigns.runDue(now: sendAt.addingTimeInterval(3600)).isEmpty)
        #expect(try await app.campaigns.inbox(actor: try await parent(app, "p1")).map(\.campaign) == [draft.id.rawValue])
        for other in ["p2", "p3", "p4"] {
            #expect(try await app.campaigns.inbox(actor: try await parent(app, other)).isEmpty, "\(other)")
        }
        // and every step is in the audit log
        let actions = try await app.database.auditLog(limit: 100).filter { $0.target == draft.id.rawValue }.map(\.action)
        for action in ["campaign.create", "campaign.submit", "campaign.approve", "campaign.schedule", "campaign.send"] {
            #expect(actions.contains(action), "\(action)")
        }
    }

    @Test func editingAnApprovedCampaignMakesANewRevisionThatNeedsApprovalAgain() async throws {
        let (app, wang, li) = try await app()
        let draft = try await app.campaigns.create(template: "letter-duanwu", year: 2027, region: nil, actor: wang)
        _ = try await app.campaigns.perform(.submit, on: draft.id, actor: wang)
        _ = try await app.campaigns.perform(.approve, on: draft.id, actor: li)
        // When li edits the approved letter
        let edited = try await app.campaigns.edit(draft.id, .init(title: "端午安康：假期安全与情绪", sendHour: 10), actor: li)
        // Then it is a new revision in draft, by li, needing another approver
        #expect(edited.revision == 2 && edited.state == .draft && edited.author == "li" && edited.approvedBy == nil)
        _ = try await app.campaigns.perform(.submit, on: draft.id, actor: li)
        await #expect(throws: CampaignError.selfApproval("li")) { try await app.campaigns.perform(.approve, on: draft.id, actor: li) }
        #expect(try await app.campaigns.perform(.approve, on: draft.id, actor: wang).state == .approved)
        #expect(try await app.database.campaignRevisions(id: draft.id).map(\.revision) == [1, 2])
    }

    @Test func gradesRollOverBeforeTheLetterGoesOut() async throws {
        // Given p2 recorded in 高二 in November 2026, a letter for 高三 sent in September 2027 reaches p2
        let (app, wang, li) = try await app()
        let draft = try await app.campaigns.create(template: "letter-observance-910", year: 2027, region: nil, actor: wang)
        let id = draft.id
        // Narrow the audience through the template's stages: observance letters go to every stage, so use rates
        _ = try await app.campaigns.perform(.submit, on: id, actor: wang)
        _ = try await app.campaigns.perform(.approve, on: id, actor: li)
        let scheduled = try await app.campaigns.perform(.schedule, on: id, actor: wang)
        _ = try await app.campaigns.runDue(now: try #require(scheduled.sendAt))
        let rates = try await app.campaigns.rates(id, actor: wang)
        // p2 (高二 in 2026) is 高三 on 2027-09-09; p1 (高三 in 2026) has graduated and is not reached
        #expect(rates.contains { $0.school == "二中" && $0.grade == 12 })
        #expect(!rates.contains { $0.school == "一中" })
        #expect(rates.contains { $0.school == "实验小学" && $0.grade == 4 })
    }

    @Test func parentsReadAndAcknowledgeOnlyTheirOwnLetters() async throws {
        let (app, wang, li) = try await app()
        let draft = try await app.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "浙江", actor: wang)
        _ = try await app.campaigns.perform(.submit, on: draft.id, actor: wang)
        _ = try await app.campaigns.perform(.approve, on: draft.id, actor: li)
        let scheduled = try await app.campaigns.perform(.schedule, on: draft.id, actor: wang)
        _ = try await app.campaigns.runDue(now: try #require(scheduled.sendAt))
        let p1 = try await parent(app, "p1")
        let read = try await app.campaigns.read(draft.id, actor: p1)
        #expect(read.body.contains("12356") && !read.body.contains("{{hotlines}}"))
        let acknowledged = try await app.campaigns.acknowledge(draft.id, message: "收到，谢谢老师", actor: p1)
        #expect(acknowledged.ackAt != nil && acknowledged.readAt != nil)
        // Another parent cannot acknowledge a letter not sent to them, and an analyst has no inbox
        await #expect(throws: CampaignError.notDelivered(draft.id.rawValue)) {
            try await app.campaigns.acknowledge(draft.id, message: nil, actor: try await parent(app, "p3"))
        }
        let analyst = try await app.accounts.create(.init(id: "zhao", role: "analyst"), actor: .localOperator)
        await #expect(throws: AccessError.self) { try await app.campaigns.inbox(actor: .account(analyst)) }
        let rates = try await app.campaigns.rates(draft.id, actor: wang)
        #expect(rates == [DeliveryRate(school: "一中", grade: 12, delivered: 1, read: 1, acknowledged: 1)])
        #expect(try await app.campaigns.remind(draft.id, actor: wang) == 0)
    }

    @Test func badRequestsChangeNothing() async throws {
        let (app, wang, _) = try await app()
        await #expect(throws: CampaignError.templateNotFound("letter-nope")) {
            try await app.campaigns.create(template: "letter-nope", year: 2027, region: nil, actor: wang)
        }
        await #expect(throws: CampaignError.yearOutOfRange(2101)) {
            try await app.campaigns.create(template: "letter-duanwu", year: 2101, region: nil, actor: wang)
        }
        // School dates need a region
        await #expect(throws: CampaignError.eventNotInCalendar(event: "term_start", year: 2027, region: nil)) {
            try await app.campaigns.create(template: "letter-term-start", year: 2027, region: nil, actor: wang)
        }
        let draft = try await app.campaigns.create(template: "letter-duanwu", year: 2027, region: nil, actor: wang)
        await #expect(throws: CampaignError.offsetOutOfRange(400)) { try await app.campaigns.edit(draft.id, .init(offsetDays: 400), actor: wang) }
        await #expect(throws: CampaignError.invalidTransition(from: .draft, action: .schedule)) {
            try await app.campaigns.perform(.schedule, on: draft.id, actor: wang)
        }
        // A parent may not write letters
        await #expect(throws: AccessError.self) {
            try await app.campaigns.create(template: "letter-duanwu", year: 2028, region: nil, actor: try await parent(app, "p1"))
        }
        let unchanged = try await app.campaigns.campaign(draft.id, actor: wang)
        #expect(unchanged.revision == 1 && unchanged.state == .draft && unchanged.content.offsetDays == draft.content.offsetDays)
        #expect(try await app.campaigns.campaigns(actor: wang).count == 1)
    }

    @Test func planCoversTheYearsLetters() async throws {
        let (app, _, _) = try await app()
        let plan = try await app.campaigns.plan(year: 2027, region: "浙江")
        let templates = Set(plan.sends.map(\.template))
        #expect(templates.isSuperset(of: ["letter-gaokao-before", "letter-zhongkao-before", "letter-term-start", "letter-duanwu", "letter-observance-525"]))
        #expect(plan.sends.allSatisfy { $0.sendDate.hasPrefix("2027-") || $0.sendDate.hasPrefix("2028-") })
        // Without a region, school dates are warnings, not sends
        let national = try await app.campaigns.plan(year: 2027, region: nil)
        #expect(!national.sends.contains { $0.event == "term_start" })
        #expect(national.warnings.contains { $0.contains("term_start") })
    }
}
