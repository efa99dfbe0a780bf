import App
import Foundation
import Store
import Testing
import TestSupport

/// `kill -9` in the middle of an import leaves a healthy database with every file fully in or out.
@Suite(.serialized) struct CrashSafetyTests {
    @Test func killDuringImportLeavesEveryFileWhole() async throws {
        // Given a large library: knowledge points plus 1,500 bank files of three questions each
        let library = try TemporaryLibrary()
        try library.write("Lessons/knowledge-points.yaml", Fixtures.knowledgePoints)
        let fileCount = 1_500
        for file in 0..<fileCount {
            var text = "questions:\n"
            for question in 0..<3 {
                text += """
                      - id: q-crash-\(file)-\(question)
                        knowledge_point: kp-sleep-needs
                        type: truefalse
                        stem: 第\(file)组第\(question)题：孩子需要充足睡眠。
                        answer: [T]
                        explanation: 睡眠对情绪和学习都很重要。

                    """
            }
            try library.write("Lessons/quizzes/bank-\(String(format: "%04d", file)).yaml", text)
        }
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("xq-crash-\(UUID().uuidString)/x.sqlite").path
        // When an import is killed with SIGKILL once some files are in
        let process = try Executable.start(["import", "--db", db] + library.roots)
        var killedMidway = false
        for _ in 0..<2_000 {
            try await Task.sleep(for: .milliseconds(5))
            if let stored = try? await Self.questionCount(db), stored > 30 {
                kill(process.processIdentifier, SIGKILL)
                killedMidway = stored < fileCount * 3
                break
            }
            if !process.isRunning { break }
        }
        process.waitUntilExit()
        // Then the database is healthy and each file has all three questions or none
        let database = try AppDatabase.open(path: db)
        #expect(try await database.integrityCheck() == "ok")
        let ids = Set(try await database.liveContentRefs().filter { $0.kind == "question" }.map(\.id))
        for file in 0..<fileCount {
            let present = (0..<3).filter { ids.contains("q-crash-\(file)-\($0)") }.count
            #expect(present == 0 || present == 3, "file \(file) is half imported")
        }
        if !killedMidway { print("note: the import finished before it could be killed; atomicity checked on a whole run") }
        // And a second import completes the library
        let app = App(config: AppConfig(databasePath: db), database: database, clock: .system)
        try await app.prepare()
        let report = try await app.content.importLibrary(roots: library.roots)
        #expect(report.errors.isEmpty)
        #expect(try await app.content.stats()["questions"] == fileCount * 3)
    }

    private static func questionCount(_ path: String) async throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let database = try AppDatabase.open(path: path)
        return try await database.contentCounts()["question"] ?? 0
    }
}
