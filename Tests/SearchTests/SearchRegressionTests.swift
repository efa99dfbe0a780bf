import App
import ChineseText
import Foundation
import GRDB
import Search
import Testing
import TestSupport

/// The failure classes of other engines (see the search research notes), as regression suites.
@Suite struct SearchRegressionTests {
    /// An app whose index holds `documents` (id → text).
    private func index(_ documents: [(String, String)]) async throws -> App {
        let app = try await App.makeForTesting()
        let lines = documents.map { id, text in
            String(decoding: try! JSONSerialization.data(withJSONObject: ["id": id, "text": text]), as: UTF8.self)
        }.joined(separator: "\n")
        let report = try await app.search.importDocuments(Data(lines.utf8), path: "test.jsonl")
        #expect(report.errors.isEmpty)
        return app
    }

    private func ids(_ app: App, _ query: String, limit: Int = 100) async throws -> [String] {
        try await app.search.search(SearchQuery(text: query, limit: limit)).map(\.id)
    }

    static let corpus: [(String, String)] = [
        ("d1", "孩子最近有厌学情绪，不愿意去学校。"),
        ("d2", "这些事情还在待处理的清单里。"),
        ("d3", "中国农业发展银行发布了新的助学贷款政策。"),
        ("d4", "软件安装简单，家长很快就能学会。"),
        ("d5", "在建工程附近不要让孩子玩耍。"),
        ("d6", "校园霸凌事件需要学校和家长共同处理。"),
        ("d7", "孩子的憂鬱情緒與ADHD有關，家長要多陪伴。"),
        ("d8", "胡蝶飞进了教室，孩子们都很开心。"),
        ("d9", "睡眠不足会让孩子烦躁，初中生每天应睡9小时。"),
        ("d10", "网络成瘾的孩子需要家长耐心引导，手机不是洪水猛兽。"),
        ("d11", "心理健康教育是学校工作的重要内容。"),
        ("d12", "青少年心理危机干预需要医院和学校配合。"),
    ]

    @Test(arguments: [
        ("厌学", "d1"), ("情绪", "d1"), ("处理", "d2"), ("农业", "d3"), ("银行", "d3"), ("简单", "d4"), ("工程", "d5"),
        ("霸凌", "d6"), ("成瘾", "d10"), ("健康", "d11"), ("危机", "d12"), ("干预", "d12"),
    ])
    func wordInsideALongerWordIsFound(query: String, expected: String) async throws {
        // Given documents where the query word sits inside a longer word
        let app = try await index(Self.corpus)
        // When searching for the inner word, then the document is in the top 3
        #expect(try await ids(app, query).prefix(3).contains(expected), "\(query)")
    }

    @Test(arguments: ["蝶", "睡", "学", "孩", "机", "網"])
    func singleCharacterFindsEveryDocumentWithIt(query: String) async throws {
        let app = try await index(Self.corpus)
        let folded = FoldedText(query).string
        let expected = Set(Self.corpus.filter { FoldedText($0.1).string.contains(folded) }.map(\.0))
        #expect(Set(try await ids(app, query)) == expected, "\(query)")
    }

    @Test func quotedPhrasesEqualALikeOracle() async throws {
        // Given the corpus in the index and, as the oracle, a plain table of folded text queried with LIKE
        let app = try await index(Self.corpus)
        let oracle = try DatabaseQueue()
        try await oracle.write { db in
            try db.execute(sql: "CREATE TABLE plain (id TEXT, folded TEXT)")
            for (id, text) in Self.corpus {
                try db.execute(sql: "INSERT INTO plain VALUES (?, ?)", arguments: [id, FoldedText(text).string])
            }
        }
        // Phrases cut from the corpus at every offset (many cut through words), plus absent ones
        var phrases: [String] = ["厌学情绪", "学情", "不存在的短语", "孩子们", "家长", "adhd有关", "情緒與"]
        for (_, text) in Self.corpus {
            let characters = Array(text)
            for start in stride(from: 0, to: characters.count - 3, by: 3) {
                phrases.append(String(characters[start..<min(characters.count, start + 2 + start % 3)]))
            }
        }
        for phrase in phrases {
            let folded = FoldedText(phrase).string.trimmingCharacters(in: .whitespaces)
            guard folded.unicodeScalars.contains(where: { CharClass.of($0.value) != .other }) else { continue }
            let expected = try await oracle.read { db in
                try String.fetchSet(db, sql: "SELECT id FROM plain WHERE instr(folded, ?) > 0 AND folded LIKE ?", arguments: [folded, "%\(folded)%"])
            }
            let found = Set(try await ids(app, "\"\(phrase)\""))
            #expect(found == expected, "phrase \(phrase) → \(folded)")
        }
    }

    @Test(arguments: [
        ("學生心理危機干預", "学生心理危机干预"), ("憂鬱症", "忧郁症"), ("家長陪伴孩子", "家长陪伴孩子"), ("網絡成癮", "网络成瘾"),
        ("睡眠不足", "睡眠不足"),
    ])
    func traditionalQueryReturnsWhatItsSimplifiedTwinDoes(traditional: String, simplified: String) async throws {
        let app = try await index(Self.corpus)
        #expect(try await ids(app, traditional, limit: 10) == (try await ids(app, simplified, limit: 10)))
    }

    @Test(arguments: [("個仔唔肯返學點算", "d1"), ("學校有冇心理健康教育", "d11"), ("點樣處理個女嘅網絡成癮", "d10")])
    func cantoneseQuestionsFindTheirAnswerFirst(query: String, expected: String) async throws {
        // Given a Hong Kong parent's question (個仔, 唔, 返學, 點算, 有冇, 嘅): its question words are scaffolding and
        // its words for the child and for going to school are synonyms, so the answer comes first
        let app = try await index(Self.corpus)
        let found = try await ids(app, query, limit: 3)
        #expect(found.first == expected, "\(found)")
    }

    @Test func highlightsMarkOriginalTraditionalAndLatinText() async throws {
        let app = try await index(Self.corpus)
        let hit = try #require(try await app.search.search(SearchQuery(text: "忧郁 adhd")).first)
        #expect(hit.id == "d7")
        #expect(hit.snippet == "孩子的<mark>憂鬱</mark>情緒與<mark>ADHD</mark>有關，家長要多陪伴。")
    }

    @Test func adjacentMatchesMergeIntoOneSpan() async throws {
        let app = try await index(Self.corpus)
        let hit = try #require(try await app.search.search(SearchQuery(text: "\"厌学情绪\" 厌学")).first)
        #expect(hit.snippet == "孩子最近有<mark>厌学情绪</mark>，不愿意去学校。")
    }

    @Test func editedItemIsSearchableAtOnce() async throws {
        let app = try await index(Self.corpus)
        #expect(try await ids(app, "洪水猛兽") == ["d10"])
        let replaced = #"{"id":"d10","text":"孩子需要家长陪伴，一起制定用网约定。"}"#
        _ = try await app.search.importDocuments(Data(replaced.utf8), path: "edit.jsonl")
        #expect(try await ids(app, "洪水猛兽").isEmpty)
        #expect(try await ids(app, "用网约定") == ["d10"])
    }

    // MARK: - Bad input

    @Test(arguments: [
        "", "   ", "？？！！。。", "😀😀🙏", "\"", "*", "^", ":", "(", ")", "NEAR", "AND", "OR", "NOT", "-", "孩子 AND OR NOT",
        "\"孩子*\" NEAR(家长) ^学校: -心理", "\u{0}孩子", "孩子\"", "col:孩子", "((((", "AND AND",
    ])
    func oddQueriesNeverFail(query: String) async throws {
        let app = try await index(Self.corpus)
        let hits = try await app.search.search(SearchQuery(text: query))
        #expect(hits.count <= 10)
    }

    @Test func veryLongQueryIsCutNotRejected() async throws {
        let app = try await index(Self.corpus)
        let query = String(repeating: "孩子厌学情绪怎么办", count: 1_200)
        #expect(query.count > 10_000)
        #expect(try await ids(app, query, limit: 10).contains("d1"))
    }

    @Test(arguments: [0, -1, 1_000_000_000])
    func limitsAreClamped(limit: Int) async throws {
        let app = try await index(Self.corpus)
        let hits = try await app.search.search(SearchQuery(text: "孩子", limit: limit))
        #expect(hits.count <= SearchQuery.maxLimit)
        if limit <= 0 { #expect(hits.isEmpty) }
    }

    @Test func filtersByKindStageAndTag() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        let all = try await app.search.search(SearchQuery(text: "睡眠"))
        #expect(Set(all.map(\.kind)).isSuperset(of: ["article", "faq"]))
        let faqs = try await app.search.search(SearchQuery(text: "睡眠", kind: "faq"))
        #expect(faqs.map(\.id) == ["faq-sleep-late"])
        let senior = try await app.search.search(SearchQuery(text: "睡眠", stage: "senior"))
        #expect(senior.contains { $0.id == "sleep-basics" } && !senior.contains { $0.id == "faq-sleep-late" })
        let tagged = try await app.search.search(SearchQuery(text: "睡眠", tag: "作息"))
        #expect(tagged.map(\.id) == ["sleep-basics"])
    }

    @Test func explanationNamesSynonymsAndFields() async throws {
        let app = try await index([("x", "沉迷手机会影响孩子的睡眠")])
        let hit = try #require(try await app.search.search(SearchQuery(text: "网络沉迷")).first)
        #expect(hit.explanation.synonyms.contains { $0.hasPrefix("网络沉迷→") })
        #expect(hit.explanation.fields == ["body"])
    }
}
