import Foundation
import Testing
import TestSupport

/// End-to-end runs of the real binary: exit codes, stderr format, JSON output.
@Suite(.serialized) struct ImportCommandTests {
    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("xq-cli-\(UUID().uuidString)/x.sqlite").path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func importTwiceReportsNoChangeAndStatsAreStable() throws {
        let library = try TemporaryLibrary.copyOfBundled()
        let db = temporaryDatabase()
        let first = try Executable.run(["import", "--db", db, "--json"] + library.roots)
        #expect(first.status == 0, "\(first.stderr)")
        let firstReport = try json(first.stdout)
        #expect((firstReport["added"] as? Int ?? 0) > 300)
        let statsBefore = try Executable.run(["stats", "--db", db, "--json"]).stdout
        let second = try json(try Executable.run(["import", "--db", db, "--json"] + library.roots).stdout)
        #expect(second["added"] as? Int == 0)
        #expect(second["updated"] as? Int == 0)
        #expect(second["retired"] as? Int == 0)
        #expect(second["unchanged"] as? Int == firstReport["added"] as? Int)
        #expect((second["errors"] as? [Any])?.isEmpty == true)
        let statsAfter = try Executable.run(["stats", "--db", db, "--json"]).stdout
        #expect(statsBefore == statsAfter)
        let stats = try json(statsAfter)
        for key in ["articles", "faq", "letters", "courses", "lessons", "knowledge_points", "questions", "quizzes", "lectures", "accounts"] {
            #expect(stats[key] is Int, "missing \(key)")
        }
    }

    @Test func brokenFileExitsNonZeroNamesTheLineAndImportsTheRest() throws {
        // Given a copy of the library plus one broken file
        let library = try TemporaryLibrary.copyOfBundled()
        let cleanDB = temporaryDatabase()
        _ = try Executable.run(["import", "--db", cleanDB] + library.roots)
        let broken = try library.write(
            "Content/faq/faq-zz-broken.md",
            "---\nid: faq-zz-broken\nquestion: 孩子不睡觉\ntags: [睡眠\narticle: sleep-hours\n---\n回答\n")
        let db = temporaryDatabase()
        // When imported
        let result = try Executable.run(["import", "--db", db] + library.roots)
        // Then the command fails, names the file and line, and imports everything else
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(broken):5: invalid YAML"), "\(result.stderr)")
        let stats = try Executable.run(["stats", "--db", db, "--json"]).stdout
        let cleanStats = try Executable.run(["stats", "--db", cleanDB, "--json"]).stdout
        #expect(stats == cleanStats)
    }

    @Test func accountCommandsGiveOneLineErrors() throws {
        let db = temporaryDatabase()
        let created = try Executable.run(
            ["account", "create", "--db", db, "--id", "li", "--role", "staff", "--password-stdin"], stdin: "long enough secret\n")
        #expect(created.status == 0, "\(created.stderr)")
        let duplicate = try Executable.run(["account", "create", "--db", db, "--id", "li", "--role", "staff"])
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "Error: an account with id 'li' already exists")
        let badRole = try Executable.run(["account", "create", "--db", db, "--id", "x1", "--role", "teacher"])
        #expect(badRole.status != 0)
        #expect(badRole.stderr.contains("unknown role 'teacher'"))
        let list = try Executable.run(["account", "list", "--db", db, "--json"])
        let accounts = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(accounts.map { $0["id"] as? String } == ["li"])
        #expect(!list.stdout.contains("$2"))  // never a password hash
    }

    @Test func environmentVariableSelectsTheDatabase() throws {
        let db = temporaryDatabase()
        let process = Process()
        process.executableURL = Executable.url
        process.arguments = ["account", "create", "--id", "env1", "--role", "parent"]
        process.environment = ProcessInfo.processInfo.environment.merging(["XINQIAO_DB": db]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: db))
    }
}
