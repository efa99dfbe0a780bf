import App
import Foundation
import Search
import Store
import Testing
import TestSupport

/// The server reuses answers (`reuse: true`) only while the index is unchanged: an edit is searchable at
/// once there too, and a reused answer is the answer a fresh search gives.
@Suite struct AnswerCacheTests {
    private func app() async throws -> App {
        let app = try await App.makeForTesting()
        let lines = [
            #"{"id":"a1","text":"网络成瘾的孩子需要家长耐心引导，手机不是洪水猛兽。"}"#,
            #"{"id":"a2","text":"孩子最近有厌学情绪，不愿意去学校。"}"#,
            #"{"id":"a3","text":"初中生每天应睡9小时，睡眠不足会让孩子烦躁。"}"#,
        ].joined(separator: "\n")
        _ = try await app.search.importDocuments(Data(lines.utf8), path: "test.jsonl")
        return app
    }

    private func ids(_ app: App, _ text: String, kind: String? = nil) async throws -> [String] {
        try await app.search.search(SearchQuery(text: text, kind: kind), reuse: true).map(\.id)
    }

    @Test func aReusedAnswerIsTheFreshAnswer() async throws {
        let app = try await app()
        for text in ["厌学", "孩子睡眠", "手机", "没有的词"] {
            let fresh = try await app.search.search(SearchQuery(text: text))
            #expect(try await app.search.search(SearchQuery(text: text), reuse: true) == fresh)
            #expect(try await app.search.search(SearchQuery(text: text), reuse: true) == fresh)
        }
    }

    @Test func anEditIsSearchableAtOnceThroughReusedAnswers() async throws {
        let app = try await app()
        #expect(try await ids(app, "洪水猛兽") == ["a1"])
        #expect(try await ids(app, "陪伴").isEmpty)
        let replaced = #"{"id":"a1","text":"孩子需要家长陪伴，一起制定用网约定。"}"#
        _ = try await app.search.importDocuments(Data(replaced.utf8), path: "edit.jsonl")
        #expect(try await ids(app, "洪水猛兽").isEmpty)
        #expect(try await ids(app, "陪伴") == ["a1"])
    }

    @Test func anotherProcessesEditIsSeenAtOnceByTheServersReusedAnswers() async throws {
        // Given a server's app on a database file, and a second connection to it (another process: a
        // CLI import while the server runs)
        let folder = try TemporaryLibrary()
        let path = folder.path("x.sqlite")
        let server = App(config: AppConfig(bcryptCost: 4), database: try AppDatabase.open(path: path), clock: .fixed(Date()))
        try await server.prepare()
        let lines = #"{"id":"b1","text":"网络成瘾的孩子需要家长耐心引导，手机不是洪水猛兽。"}"#
        _ = try await server.search.importDocuments(Data(lines.utf8), path: "test.jsonl")
        func ids(_ text: String) async throws -> [String] {
            try await server.search.search(SearchQuery(text: text), reuse: true).map(\.id)
        }
        let before = try #require(server.database.dataVersion())
        #expect(try await ids("洪水猛兽") == ["b1"])
        #expect(try await ids("洪水猛兽") == ["b1"])
        #expect(try await ids("陪伴").isEmpty)
        #expect(server.database.dataVersion() == before)
        // When the other connection replaces the document
        let tool = App(config: AppConfig(bcryptCost: 4), database: try AppDatabase.open(path: path), clock: .fixed(Date()))
        try await tool.prepare()
        let replaced = #"{"id":"b1","text":"孩子需要家长陪伴，一起制定用网约定。"}"#
        _ = try await tool.search.importDocuments(Data(replaced.utf8), path: "edit.jsonl")
        // Then the server's next answers are the new ones
        #expect(server.database.dataVersion() != before)
        #expect(try await ids("洪水猛兽").isEmpty)
        #expect(try await ids("陪伴") == ["b1"])
        // And a write elsewhere in the database (not the index) keeps the answers right
        _ = try await tool.accounts.create(.init(id: "p1", role: "parent"), actor: .localOperator)
        #expect(try await ids("陪伴") == ["b1"])
    }

    @Test func filtersArePartOfTheQuestion() async throws {
        let app = try await app()
        #expect(try await ids(app, "孩子") .count == 3)
        #expect(try await ids(app, "孩子", kind: "faq").isEmpty)
        #expect(try await ids(app, "孩子").count == 3)
    }
}
