import Foundation
import OutreachCore
import Store
import ChineseText
import Testing

@Suite struct AppDatabaseTests {
    private func item(_ id: String, _ text: String) -> StoredContent {
        StoredContent(id: id, kind: "faq", line: 1, title: id, payload: Data(text.utf8))
    }

    @Test func replaceFileCountsAddedUpdatedUnchangedAndRetired() async throws {
        // Given an empty in-memory database with the production migrator
        let database = try AppDatabase.inMemory()
        try await database.prepareSearch(lexicon: Lexicon())
        let now = Date(timeIntervalSince1970: 1_000)
        // When a file with two items is stored, then stored again with one changed and one removed
        let first = try await database.replaceFile(key: "k", path: "p", digest: "d1", items: [item("a", "1"), item("b", "2")], at: now)
        let second = try await database.replaceFile(key: "k", path: "p", digest: "d2", items: [item("a", "1b")], at: now)
        let third = try await database.replaceFile(key: "k", path: "p", digest: "d2", items: [item("a", "1b")], at: now)
        // Then the counts follow the items
        #expect(first == ContentChange(added: 2))
        #expect(second == ContentChange(updated: 1, retired: 1))
        #expect(third == ContentChange(unchanged: 1))
        #expect(try await database.contentCounts() == ["faq": 1])
    }

    @Test func retireFilesOnlyTouchesTheRoot() async throws {
        let database = try AppDatabase.inMemory()
        try await database.prepareSearch(lexicon: Lexicon())
        let now = Date(timeIntervalSince1970: 1_000)
        _ = try await database.replaceFile(key: "Content/faq/a.md", path: "a", digest: "d", items: [item("a", "1")], at: now)
        _ = try await database.replaceFile(key: "Lessons/x.yaml", path: "x", digest: "d", items: [item("x", "1")], at: now)
        let retired = try await database.retireFiles(under: "Content/", except: [], at: now)
        #expect(retired == 1)
        #expect(try await database.liveContentRefs().map(\.id) == ["x"])
    }

    @Test func fileDatabaseUsesWALAndIsHealthy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xq-\(UUID().uuidString)/x.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let database = try AppDatabase.open(path: path)
        #expect(try await database.integrityCheck() == "ok")
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await database.journalMode() == "wal")
    }
}
