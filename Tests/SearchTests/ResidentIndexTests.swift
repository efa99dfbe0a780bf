import ChineseText
import Foundation
import GRDB
@testable import Search
import Testing

/// The resident scorer must rank exactly as FTS5's own `bm25()` would over the same index.
@Suite struct ResidentIndexTests {
    /// A database with the search schema and `documents` indexed.
    private func database(_ documents: [SearchDocument]) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { SearchIndex.registerTokenizers($0) }
        let queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in
            try SearchIndex.createBaseTables(db)
            try SearchIndex.prepare(db, lexicon: Lexicon(terms: ["心理健康", "厌学", "网络成瘾", "睡眠"], synonymSets: [], scaffolding: []))
            try SearchIndex.upsert(documents, db)
        }
        return queue
    }

    /// Documents drawn from a small vocabulary so terms overlap in many combinations and fields.
    private static func corpus(_ count: Int) -> [SearchDocument] {
        let words = ["孩子", "心理健康", "厌学", "学校", "家长", "睡眠", "手机", "网络成瘾", "老师", "沟通", "焦虑", "考试"]
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            func text(_ length: Int) -> String { (0..<length).map { _ in words[next(words.count)] }.joined(separator: "，") }
            return SearchDocument(
                id: "d\(index)", kind: index % 3 == 0 ? "faq" : "article", title: text(1 + next(3)), summary: text(next(4)),
                tags: index % 4 == 0 ? ["睡眠"] : [], body: text(3 + next(20)), stages: [], grades: [])
        }
    }

    @Test(arguments: [
        [["孩子"]],
        [["厌学"], ["睡眠"]],
        [["心理", "理健", "健康"], ["焦虑"]],
        [["网络", "络成", "成瘾"], ["手机"], ["沟通", "考试"]],
        [["老师"], ["老师"]],
    ])
    func rankingEqualsFTS5(groups: [[String]]) throws {
        // Given an index of overlapping documents
        let queue = try database(Self.corpus(300))
        try queue.read { db in
            // When the same OR-of-AND-groups query is scored by FTS5 and by the resident index
            let match = groups.map { group in "(" + group.map { "\"\($0)\"" }.joined(separator: " AND ") + ")" }
                .joined(separator: " OR ")
            let expected = try Row.fetchAll(
                db, sql: "SELECT rowid, -bm25(searchGram, 8.0, 4.0, 4.0, 1.0) AS score FROM searchGram WHERE searchGram MATCH ? ORDER BY score DESC, rowid",
                arguments: [match]
            ).map { (rowid: $0[0] as Int64, score: $0[1] as Double) }
            let resident = try ResidentIndex.current(db)
            let actual = try resident.rank(groups: groups, in: .gram, limit: 1_000, allowed: nil, db)
            // Then the same documents match, with the same scores
            #expect(!expected.isEmpty)
            #expect(Set(actual.map(\.rowid)) == Set(expected.map(\.rowid)))
            let scores = Dictionary(uniqueKeysWithValues: expected.map { ($0.rowid, $0.score) })
            for (rowid, score) in actual {
                let reference = scores[rowid] ?? .nan
                #expect(abs(score - reference) <= 1e-4 * max(1, abs(reference)), "rowid \(rowid): \(score) vs \(reference)")
            }
        }
    }

    @Test func limitKeepsTheBestInOrder() throws {
        let queue = try database(Self.corpus(300))
        try queue.read { db in
            let resident = try ResidentIndex.current(db)
            let all = try resident.rank(groups: [["孩子"], ["家长"]], in: .gram, limit: 1_000, allowed: nil, db)
            let top = try resident.rank(groups: [["孩子"], ["家长"]], in: .gram, limit: 7, allowed: nil, db)
            #expect(top.count == 7)
            #expect(top.map(\.rowid) == Array(all.prefix(7)).map(\.rowid))
            #expect(zip(top, top.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test func aWriteStartsANewGeneration() throws {
        // Given a resident index that has cached the postings of 焦虑
        let queue = try database(Self.corpus(50))
        let before = try queue.read { db in
            try ResidentIndex.current(db).rank(groups: [["焦虑"]], in: .gram, limit: 1_000, allowed: nil, db).count
        }
        // When a document with 焦虑 is added
        try queue.write { db in
            try SearchIndex.upsert(
                [SearchDocument(id: "new", kind: "faq", title: "焦虑", summary: "", tags: [], body: "焦虑", stages: [], grades: [])], db)
        }
        // Then the next read sees it
        let after = try queue.read { db in
            try ResidentIndex.current(db).rank(groups: [["焦虑"]], in: .gram, limit: 1_000, allowed: nil, db).count
        }
        #expect(after == before + 1)
    }

    @Test func aPoolsReadersSeeWritesFromAnyConnection() throws {
        // Given a database file read through a pool, as the server and the batch command read it
        let stampReads = Counter()
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            SearchIndex.registerTokenizers(db)
            db.trace(options: .statement) { event in if "\(event)".contains("searchMeta WHERE key = 'generation'") { stampReads.add() } }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xq-pool-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try SearchIndex.createBaseTables(db)
            try SearchIndex.prepare(db, lexicon: Lexicon(terms: ["焦虑"]))
            try SearchIndex.upsert(Self.corpus(50), db)
        }
        func read() throws -> (index: ResidentIndex, count: Int) {
            try pool.read { db in
                let index = try ResidentIndex.current(db)
                return (index, try index.rank(groups: [["焦虑"]], in: .gram, limit: 1_000, allowed: nil, db).count)
            }
        }
        let before = try read()
        // When nothing changed, the next read keeps the same resident index without reading the stamp
        let reads = stampReads.value
        #expect(reads > 0)
        #expect(try read().index === before.index)
        #expect(stampReads.value == reads)
        // When another connection (another process, say) adds a document
        let other = try DatabasePool(path: path, configuration: configuration)
        try other.write { db in try SearchIndex.upsert([SearchDocument(id: "other", kind: "faq", body: "焦虑")], db) }
        // Then the pool's next read sees it, and so it does after the pool's own write
        #expect(try read().count == before.count + 1)
        try pool.write { db in try SearchIndex.upsert([SearchDocument(id: "own", kind: "faq", body: "焦虑")], db) }
        #expect(try read().count == before.count + 2)
        // and a write elsewhere in the database keeps the generation
        let generation = try read().index
        try pool.write { db in try db.execute(sql: "CREATE TABLE unrelated (x); INSERT INTO unrelated VALUES (1)") }
        #expect(try read().index === generation)
    }

    @Test func gallopFindsEveryEntryAndNothingElse() {
        let documents: [UInt32] = [2, 3, 5, 8, 13, 21, 34, 55, 89, 144]
        var cursor = 0
        var found: [UInt32] = []
        for target in UInt32(0)...150 where ResidentIndex.gallop(documents, to: target, from: &cursor) {
            found.append(target)
        }
        #expect(found == documents)
    }
}

/// A count shared with a trace callback.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A changed lexicon rebuilds the index, even in a process that never saw the old lexicon.
@Suite struct IndexRebuildTests {
    @Test func aNewLexiconRebuildsTheIndexAndKeepsEveryDocument() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { SearchIndex.registerTokenizers($0) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xq-rebuild-\(UUID().uuidString).sqlite").path
        // Given an index file built with a lexicon no other test uses
        let old = Lexicon(terms: ["旧词典专用词\(UUID().uuidString.prefix(4))", "厌学"])
        let stored: String? = try {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try SearchIndex.createBaseTables(db)
                try SearchIndex.prepare(db, lexicon: old)
                try SearchIndex.upsert(
                    [SearchDocument(id: "d1", kind: "faq", title: "", summary: "", tags: [], body: "孩子厌学情绪明显", stages: [], grades: [])], db)
            }
            return try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'digest'") }
        }()
        // whose analyzer a new process does not know
        AnalyzerRegistry.shared.forget(try #require(stored))
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        // When it is prepared with another lexicon, the old tables are dropped and rebuilt
        let new = Lexicon(terms: ["厌学情绪"])
        try queue.write { db in _ = try SearchIndex.prepare(db, lexicon: new) }
        // Then the document is found with the new index
        let hits = try queue.read { db in
            try SearchEngine.search(SearchQuery(text: "厌学"), analyzer: TextAnalyzer(lexicon: new), db).map(\.id)
        }
        #expect(hits == ["d1"])
    }
}

/// The ranking's fast coverage equals the explanation's coverage for any presence of the needles.
@Suite struct CoverageTests {
    @Test func fastCoverageEqualsTheExplanations() throws {
        let lexicon = Lexicon(
            terms: ["心理老师", "厌学"], synonymSets: [["厌学", "不想上学"], ["心理老师", "心理教师"]], scaffolding: ["吗"],
            related: [("厌学", ["拒学", "学业压力"])])
        let plan = QueryPlan.make("孩子厌学 心理老师 怎么办吗", analyzer: TextAnalyzer(lexicon: lexicon))
        var needles = try Needles(plan: plan, weights: .init(concepts: [], parts: [])) { text in
            ResidentIndex.Term(scalars: FoldedText(text).scalars, grams: [], postings: [], frequency: text.count)
        }
        needles.weigh(.init(concepts: plan.concepts.indices.map { 1 + Double($0) }, parts: plan.concepts.map { $0.parts.map { _ in 1 } }))
        var seed: UInt64 = 7
        for _ in 0..<200 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let bits = seed
            let presence: Needles.Presence = { needle in UInt8((bits >> UInt64(needle % 60)) & 1) * 8 }
            #expect(abs(needles.coverage(presence) - needles.explain(withFields: false, presence).coverage) < 1e-12)
            // and the needles a snippet highlights are the ones the explanation finds
            #expect(needles.found(presence) == needles.evaluate(withFields: false, presence).found)
        }
    }
}

/// The ranking loop's flat coverage equals the rules read through closures, on real postings.
@Suite struct RankingFeatureTests {
    @Test func rankingFeaturesEqualCoverageAndTitle() throws {
        // Given needles whose bigrams have random postings over 40 documents
        let lexicon = Lexicon(
            terms: ["心理老师", "厌学", "睡眠"], synonymSets: [["厌学", "不想上学"], ["心理老师", "心理教师"]], scaffolding: ["吗"],
            related: [("厌学", ["拒学", "学业压力"]), ("睡眠", ["作息", "熬夜", "失眠"])])
        let plan = QueryPlan.make("孩子厌学 心理老师 睡眠不好怎么办吗", analyzer: TextAnalyzer(lexicon: lexicon))
        var seed: UInt64 = 11
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        func postings() -> Postings {
            let documents = (0..<40).filter { _ in next(3) == 0 }.map(UInt32.init)
            return Postings(documents: documents, frequencies: documents.map { _ in 1 }, fields: documents.map { _ in UInt8(1 + next(15)) })
        }
        var needles = try Needles(plan: plan, weights: .init(concepts: [], parts: [])) { text in
            ResidentIndex.Term(
                scalars: FoldedText(text).scalars, grams: [], postings: (0..<(1 + next(3))).map { _ in postings() }, frequency: text.count)
        }
        needles.weigh(
            .init(concepts: plan.concepts.indices.map { 1 + Double($0) }, parts: plan.concepts.map { $0.parts.map { _ in Double(1 + next(4)) } }))
        for document in UInt32(0)..<42 {
            // When a document's features are read by the ranking loop
            let features = needles.rankingFeatures(in: document)
            // Then they are those of the closure-based rules
            let presence = needles.presence(in: document)
            #expect(features.coverage == needles.coverage(presence))
            #expect(features.inTitle == needles.anyInTitle(presence))
        }
    }

    @Test func presenceIsTheIntersectionOfTheBigramsFields() {
        let a = Postings(documents: [1, 3, 5, 7], frequencies: [1, 1, 1, 1], fields: [0b0001, 0b1000, 0b1001, 0b0010])
        let b = Postings(documents: [3, 5, 6, 7], frequencies: [1, 1, 1, 1], fields: [0b1000, 0b0001, 0b1111, 0b0100])
        let term = ResidentIndex.Term(scalars: [], grams: ["ab", "bc"], postings: [a, b], frequency: 4)
        // 3 is in the body for both, 5 in the title for both; 7 is in both but never in the same field
        #expect(term.presence.documents == [3, 5])
        #expect(term.presence.fields == [0b1000, 0b0001])
        #expect((0..<9).map { term.presence.fields(of: $0) } == [0, 0, 0, 0b1000, 0, 0b0001, 0, 0, 0])
    }

    @Test func partitionFirstKeepsTheSetASortWouldPutFirst() {
        var seed: UInt64 = 3
        for count in [0, 1, 2, 5, 60, 61, 200] {
            for k in [0, 1, 10, 60, 100, 300] {
                var items = (0..<count).map { index -> (Int, Double) in
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    return (index, Double((seed >> 33) % 7))
                }
                let order: ((Int, Double), (Int, Double)) -> Bool = { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                let expected = Set(items.sorted(by: order).prefix(k).map(\.0))
                SearchEngine.partitionFirst(k, of: &items, by: order)
                #expect(Set(items.prefix(k).map(\.0)) == expected, "\(count) \(k)")
                #expect(items.count == count)
            }
        }
    }

    @Test func topKOrdersByScoreThenRow() {
        var heap = TopK(capacity: 4)
        for (row, score) in [(9, 1.5), (2, 0.25), (7, 1.5), (4, 3), (1, 0.25), (8, 0.5), (3, 1.5)] as [(UInt32, Float)] {
            heap.offer(row: row, score: score)
        }
        #expect(heap.sorted().map(\.row) == [4, 3, 7, 9])
        #expect(heap.sorted().map(\.score) == [3, 1.5, 1.5, 1.5])
    }
}

/// Plans and resolved queries are cached, never shared across lexicons or index generations.
@Suite struct QueryCacheTests {
    @Test func aPlanIsCachedPerAnalyzer() {
        // Given two analyzers whose lexicons disagree about 厌学
        let plain = TextAnalyzer(lexicon: Lexicon(terms: ["厌学"]))
        let expanding = TextAnalyzer(lexicon: Lexicon(terms: ["厌学"], synonymSets: [["厌学", "不想上学"]]))
        // When the same text is planned by one, then the other, then the first again
        let first = PlanCache.shared.plan("孩子最近很厌学", analyzer: plain)
        let other = PlanCache.shared.plan("孩子最近很厌学", analyzer: expanding)
        let again = PlanCache.shared.plan("孩子最近很厌学", analyzer: plain)
        // Then each analyzer gets its own plan, and the cached plan is the one planning makes
        #expect(first == QueryPlan.make("孩子最近很厌学", analyzer: plain))
        #expect(other == QueryPlan.make("孩子最近很厌学", analyzer: expanding))
        #expect(first != other)
        #expect(again == first)
    }

    @Test func aRepeatedSearchAnswersAlikeAndAWriteIsSeen() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { SearchIndex.registerTokenizers($0) }
        let queue = try DatabaseQueue(configuration: configuration)
        let lexicon = Lexicon(terms: ["厌学", "睡眠"], synonymSets: [["厌学", "不想上学"]])
        let analyzer = TextAnalyzer(lexicon: lexicon)
        try queue.write { db in
            try SearchIndex.createBaseTables(db)
            try SearchIndex.prepare(db, lexicon: lexicon.indexLexicon)
            try SearchIndex.upsert(
                [
                    SearchDocument(id: "a", kind: "faq", title: "孩子厌学", body: "孩子厌学怎么办"),
                    SearchDocument(id: "b", kind: "article", body: "孩子不想上学，睡眠也不好"),
                ], db)
        }
        func search() throws -> [SearchHit] {
            try queue.read { db in try SearchEngine.search(SearchQuery(text: "孩子厌学了", explain: false), analyzer: analyzer, db) }
        }
        // Given a query answered once
        let first = try search()
        // When it is asked again, then the answer is the same
        #expect(try search() == first)
        #expect(first.map(\.id) == ["a", "b"])
        // and when a document is added, the next answer includes it
        try queue.write { db in
            try SearchIndex.upsert([SearchDocument(id: "c", kind: "faq", title: "厌学", body: "厌学的孩子需要陪伴")], db)
        }
        #expect(Set(try search().map(\.id)) == ["a", "b", "c"])
    }
}
