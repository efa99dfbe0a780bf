import Foundation
import Testing
import TestSupport

/// `xinqiao campaign export-sms`, `print`, `deliver-webhooks` and `webhook-check` end to end, on the
/// bundled letters and a real database file.
@Suite(.serialized) struct CampaignChannelCommandTests {
    static let accounts = """
        {"id":"wang","role":"staff","name":"王老师"}
        {"id":"li","role":"staff","name":"李老师"}
        {"id":"p1","role":"parent","name":"张家长","region":"浙江杭州","school":"杭州一中","grade":12}
        {"id":"p2","role":"parent","name":"陈家长","region":"浙江宁波","school":"宁波中学, 高中部","grade":12}
        {"id":"p3","role":"parent","name":"赵家长","region":"广东广州","school":"广州二中","grade":12}

        """
    static let campaign = "letter-gaokao-before-2027-06-07-zhejiang"

    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("xq-channels-\(UUID().uuidString)/x.sqlite").path
    }

    /// Runs a command and expects it to succeed.
    @discardableResult
    private func run(_ arguments: [String], cwd: URL = Repository.root) throws -> Executable.Result {
        let result = try Executable.run(arguments, cwd: cwd)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Imports the library, the accounts, and takes the 高考 letter for 浙江 through review to sent.
    private func sendGaokaoLetter(db: String, cwd: URL = Repository.root) throws {
        let accounts = (db as NSString).deletingLastPathComponent + "/accounts.jsonl"
        try run(["import", "--db", db], cwd: cwd)
        try Self.accounts.write(toFile: accounts, atomically: true, encoding: .utf8)
        try run(["account", "import", "--db", db, accounts], cwd: cwd)
        try run(
            ["campaign", "create", "--db", db, "--template", "letter-gaokao-before", "--year", "2027", "--region", "浙江", "--as", "wang"],
            cwd: cwd)
        try run(["campaign", "step", "submit", Self.campaign, "--db", db, "--as", "wang"], cwd: cwd)
        try run(["campaign", "step", "approve", Self.campaign, "--db", db, "--as", "li"], cwd: cwd)
        try run(["campaign", "step", "schedule", Self.campaign, "--db", db, "--as", "wang"], cwd: cwd)
        let sent = try run(["campaign", "run-due", "--db", db, "--now", "2027-05-31T18:00:00+08:00"], cwd: cwd)
        #expect(sent.stdout == "sent \(Self.campaign) to 2 parents\n")
    }

    @Test func exportSMSWritesOneCSVRowPerParentAndSegment() throws {
        let db = temporaryDatabase()
        try sendGaokaoLetter(db: db)
        let result = try run(["campaign", "export-sms", Self.campaign, "--db", db, "--as", "wang"])
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "parent,region,school,segment,segments,text")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast()
        #expect(rows.count == 4)
        #expect(rows.map { $0.split(separator: ",", maxSplits: 1).first.map(String.init) ?? "" } == ["p1", "p1", "p2", "p2"])
        #expect(rows.allSatisfy { $0.contains(",2,(") })
        #expect(rows.contains { $0.hasPrefix("p2,浙江宁波,\"宁波中学, 高中部\",1,2,(1/2)【心桥】高考倒计时一周。") })
        for row in rows {
            let text = String(row[row.range(of: ",(")!.lowerBound...].dropFirst())
            #expect(text.count <= 70, "\(text)")
        }
        // And --out writes the same bytes to a file, with nothing on standard output
        let file = (db as NSString).deletingLastPathComponent + "/sms.csv"
        let toFile = try run(["campaign", "export-sms", Self.campaign, "--db", db, "--out", file])
        #expect(toFile.stdout.isEmpty)
        #expect(toFile.stderr.contains("wrote 2 parents"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == result.stdout)
    }

    @Test func exportSMSOfAnUnsentCampaignIsAOneLineError() throws {
        let db = temporaryDatabase()
        try run(["import", "--db", db])
        try run(["campaign", "create", "--db", db, "--template", "letter-gaokao-before", "--year", "2027", "--region", "浙江"])
        let result = try Executable.run(["campaign", "export-sms", Self.campaign, "--db", db], cwd: Repository.root)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == "Error: campaign '\(Self.campaign)' is draft, not sent: it can be exported once run-due has sent it\n")
        // And a proof prints, marked as such
        let proof = try run(["campaign", "print", Self.campaign, "--db", db, "--proof"])
        #expect(proof.stdout.contains("校对稿"))
        #expect(proof.stdout.contains("class=\"slip\""))
    }

    @Test func printWritesASelfContainedPageWithTheSlip() throws {
        let db = temporaryDatabase()
        try sendGaokaoLetter(db: db)
        let file = (db as NSString).deletingLastPathComponent + "/letter.html"
        let result = try run(["campaign", "print", Self.campaign, "--db", db, "--school", "杭州一中", "--out", file])
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("warning: hotline 96525"))
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<h1>高考前致高三家长的一封信</h1>"))
        #expect(html.contains("12356") && html.contains("96525"))
        #expect(html.contains("我已阅读《高考前致高三家长的一封信》"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
    }

    @Test func aNonHTTPWebhookURLIsAOneLineErrorThatChangesNothing() throws {
        let db = temporaryDatabase()
        for command in ["deliver-webhooks", "webhook-check"] {
            let result = try Executable.run(["campaign", command, "--db", db, "--webhook-url", "ftp://example.org/hook"], cwd: Repository.root)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "Error: webhook URL 'ftp://example.org/hook' is not an http(s) URL\n")
        }
        // Not even the database file was created
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func deliverWebhooksPostsEachDeliveryOnce() throws {
        // Given a copy of the library whose 高考 letter also goes out by webhook, sent to two parents
        let library = try TemporaryLibrary.copyOfBundled()
        let path = library.path("Content/letters/letter-gaokao-before.md")
        let template = try String(contentsOfFile: path, encoding: .utf8)
        try template.replacingOccurrences(of: "channels: [inbox, sms, print]", with: "channels: [inbox, sms, print, webhook]")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let db = temporaryDatabase()
        try sendGaokaoLetter(db: db, cwd: library.root)
        let server = try LocalHTTPServer(replies: [.status(500)])
        defer { server.stop() }
        let url = server.url.absoluteString
        // When deliveries run three times, a minute and a day apart
        let first = try run(["campaign", "deliver-webhooks", "--db", db, "--webhook-url", url, "--now", "2027-05-31T18:01:00+08:00"])
        #expect(first.stdout == "webhooks: 1 delivered, 1 to retry, 0 given up, 1 pending\n")
        let second = try run(["campaign", "deliver-webhooks", "--db", db, "--webhook-url", url, "--now", "2027-05-31T18:03:00+08:00"])
        #expect(second.stdout == "webhooks: 1 delivered, 0 to retry, 0 given up, 0 pending\n")
        let third = try run(
            ["campaign", "deliver-webhooks", "--db", db, "--webhook-url", url, "--now", "2027-06-01T18:00:00+08:00", "--json"])
        #expect(third.stdout == "{\"delivered\":0,\"failed\":0,\"pending\":0,\"released\":0,\"retrying\":0,\"unknown\":0}\n")
        // Then each parent's delivery was accepted once (one of them after a 500)
        let keys = server.requests.map { $0.headers["idempotency-key"] ?? "" }
        #expect(keys.count == 3)
        #expect(Set(keys) == ["\(Self.campaign)/p1", "\(Self.campaign)/p2"])
        let check = try run(["campaign", "webhook-check", "--db", db, "--webhook-url", url])
        #expect(check.stdout == "webhook URL ok: \(url)\noutbox: 0 pending, 2 delivered, 0 given up, 0 unknown\n")
    }

    @Test func aRunKilledWhilePostingLeavesUnknownRowsThatAreNotPostedAgain() async throws {
        // Given two webhook deliveries and a receiver that holds the first request without answering
        let library = try TemporaryLibrary.copyOfBundled()
        let path = library.path("Content/letters/letter-gaokao-before.md")
        let template = try String(contentsOfFile: path, encoding: .utf8)
        try template.replacingOccurrences(of: "channels: [inbox, sms, print]", with: "channels: [inbox, webhook]")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let db = temporaryDatabase()
        try sendGaokaoLetter(db: db, cwd: library.root)
        let server = try LocalHTTPServer(replies: [.hang(seconds: 1.5), .hang(seconds: 1.5)])
        defer { server.stop() }
        let url = server.url.absoluteString
        // When deliver-webhooks is killed with SIGKILL once a post has gone out
        let process = try Executable.start(["campaign", "deliver-webhooks", "--db", db, "--webhook-url", url, "--now", "2027-05-31T18:01:00+08:00"])
        for _ in 0..<1_000 where server.requests.isEmpty && process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!server.requests.isEmpty)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Then the next run reports what was claimed as unknown and does not post it again
        let next = try run(["campaign", "deliver-webhooks", "--db", db, "--webhook-url", url, "--now", "2027-06-01T18:00:00+08:00", "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Int])
        #expect((summary["unknown"] ?? 0) >= 1)
        #expect((summary["unknown"] ?? 0) + (summary["delivered"] ?? 0) == 2)
        try await Task.sleep(for: .seconds(3.5))
        let keys = server.requests.map { $0.headers["idempotency-key"] ?? "" }
        #expect(keys.count == Set(keys).count, "a delivery was posted twice: \(keys)")
    }
}
