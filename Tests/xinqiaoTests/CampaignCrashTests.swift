import App
import Campaigns
import Foundation
import OutreachCore
import Store
import Testing
import TestSupport

/// `kill -9` in the middle of sending a campaign: afterwards every parent has the letter exactly once or
/// nobody has it yet, and the next run completes it exactly once.
@Suite(.serialized) struct CampaignCrashTests {
    @Test func killDuringRunDueLosesAndDoublesNothing() async throws {
        // Given a scheduled campaign to 200,000 parents in a database file
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("xq-fanout-\(UUID().uuidString)/x.sqlite").path
        let root = Repository.root
        let config = AppConfig(
            databasePath: db, contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path],
            bcryptCost: 4, lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let database = try AppDatabase.open(path: db)
        let app = App(config: config, database: database, clock: .system)
        try await app.prepare()
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        let parents = 200_000
        try await database.insertSyntheticParents(count: parents, at: Date())
        let a = try await app.accounts.create(.init(id: "staff-a", role: "staff"), actor: .localOperator)
        let b = try await app.accounts.create(.init(id: "staff-b", role: "staff"), actor: .localOperator)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
        let campaign = try await app.campaigns.create(template: "letter-observance-1010", year: year, region: nil, actor: .account(a))
        _ = try await app.campaigns.perform(.submit, on: campaign.id, actor: .account(a))
        _ = try await app.campaigns.perform(.approve, on: campaign.id, actor: .account(b))
        let scheduled = try await app.campaigns.perform(.schedule, on: campaign.id, actor: .account(a))
        let expected = try await app.campaigns.audienceSize(campaign.id)
        #expect(expected > parents / 2)
        let sendAt = ISO8601DateFormatter().string(from: try #require(scheduled.sendAt).addingTimeInterval(60))

        // When run-due is killed with SIGKILL while it works
        let process = try Executable.start(["campaign", "run-due", "--db", db, "--now", sendAt])
        try await Task.sleep(for: .milliseconds(400))
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()

        // Then the database is healthy and the campaign is all or nothing
        #expect(try await database.integrityCheck() == "ok")
        let after = try await app.campaigns.rates(campaign.id, actor: .account(a)).reduce(0) { $0 + $1.delivered }
        let state = try await app.campaigns.campaign(campaign.id, actor: .account(a)).state
        #expect((after == 0 && state == .scheduled) || (after == expected && state == .sent), "\(after) deliveries, \(state)")
        // And running again (twice) completes it exactly once
        _ = try await app.campaigns.runDue(now: try #require(ISO8601DateFormatter().date(from: sendAt)))
        _ = try await app.campaigns.runDue(now: try #require(ISO8601DateFormatter().date(from: sendAt)))
        let total = try await app.campaigns.rates(campaign.id, actor: .account(a)).reduce(0) { $0 + $1.delivered }
        #expect(total == expected)
        #expect(try await app.campaigns.campaign(campaign.id, actor: .account(a)).state == .sent)
    }
}
