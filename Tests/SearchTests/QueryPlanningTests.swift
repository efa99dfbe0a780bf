import ChineseText
import Foundation
import GRDB
import Search
import Testing

/// How queries are understood and weighed: generic words of the domain, keyword units, expansions.
@Suite struct QueryPlanningTests {
    static let lexicon = Lexicon(
        terms: ["焦虑", "心理危机"],
        synonymSets: [["孩子", "小孩"], ["想不开", "轻生念头", "自杀意念", "不想活"]],
        scaffolding: ["怎么办", "吗"],
        // More related words than a query expands to (12), all but the last absent from the test documents.
        related: [
            ("想不开", ["轻生念头", "危机干预", "自杀意念", "绝望感", "安全计划", "风险评估", "紧急就医", "转介", "守门人", "危机热线",
                "心理援助", "情绪崩溃", "求助信号", "心理危机"])
        ],
        generic: ["孩子", "学校", "心理", "老师"])

    static var analyzer: TextAnalyzer { TextAnalyzer(lexicon: lexicon) }

    private func search(_ documents: [(String, String)], _ query: String, lexicon: Lexicon = lexicon) throws -> [String] {
        try hits(documents, query, lexicon: lexicon).map(\.id)
    }

    private func hits(_ documents: [(String, String)], _ query: String, lexicon: Lexicon = lexicon) throws -> [SearchHit] {
        var configuration = Configuration()
        configuration.prepareDatabase { SearchIndex.registerTokenizers($0) }
        let queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in
            try SearchIndex.createBaseTables(db)
            try SearchIndex.prepare(db, lexicon: lexicon.indexLexicon)
            try SearchIndex.upsert(
                documents.map { SearchDocument(id: $0.0, kind: "doc", title: "", summary: "", tags: [], body: $0.1, stages: [], grades: []) },
                db)
        }
        return try queue.read { db in
            try SearchEngine.search(SearchQuery(text: query, explain: true), analyzer: TextAnalyzer(lexicon: lexicon), db)
        }
    }

    /// Everyday sleep wording the policy texts never use; they say 睡眠 (充足睡眠, 睡眠管理).
    static let sleepLexicon = Lexicon(
        terms: ["睡眠", "睡眠不足", "睡眠管理", "心理健康", "心理健康知识", "睡得晚", "电话", "咨询", "电话咨询", "热线", "心理援助热线"],
        related: [
            ("睡得晚", ["睡眠不足", "睡眠管理", "心理健康知识"]),
            ("电话咨询", ["热线", "心理援助热线"]),
        ],
        generic: ["孩子", "心理", "健康"])

    @Test func genericWordsAndTheirSynonymsAreMarked() {
        let plan = QueryPlan.make("小孩焦虑怎么办", analyzer: Self.analyzer)
        #expect(plan.concepts.map(\.text) == ["小孩", "焦虑"])
        #expect(plan.concepts.map(\.generic) == [true, false])
    }

    @Test func adjacentGenericWordsFormOneSpecificConcept() {
        // 心理 and 老师 are each generic; written together they name something specific
        let plan = QueryPlan.make("学校 心理老师", analyzer: Self.analyzer)
        let compound = try? #require(plan.concepts.first { $0.text == "心理老师" })
        #expect(compound?.generic == false)
        #expect(compound?.parts == ["心理", "老师"])
        #expect(plan.concepts.first { $0.text == "学校" }?.generic == true)
    }

    @Test func aShortRunTypedAloneStaysOneConcept() {
        // Staff keywords: a run of 2–4 Han characters between spaces is one unit, its words as parts
        let plan = QueryPlan.make("专职教师 跟岗培训", analyzer: Self.analyzer)
        #expect(plan.concepts.map(\.text).contains("跟岗培训"))
        #expect(!plan.concepts.map(\.text).contains("培训"))
        // while a longer colloquial run is still split into words
        let colloquial = QueryPlan.make("孩子最近总是很焦虑", analyzer: Self.analyzer)
        #expect(colloquial.concepts.map(\.text).contains("焦虑"))
    }

    @Test func degreeWordsAfterDeAreDropped() {
        // 睡得太晚 / 睡得很晚 / 睡得特别晚 all meet the lexicon's 睡得晚
        let lexicon = Lexicon(terms: ["睡得晚"])
        for query in ["孩子睡得太晚", "孩子睡得很晚", "孩子睡得特别晚"] {
            let plan = QueryPlan.make(query, analyzer: TextAnalyzer(lexicon: lexicon))
            #expect(plan.concepts.map(\.text).contains("睡得晚"), "\(query)")
        }
    }

    @Test func aGenericWordDoesNotOutweighTheTopic() throws {
        // Given one document that repeats 孩子 and one about 焦虑
        let documents = [
            ("generic", "孩子，孩子，孩子的学校生活和孩子的作业，孩子的朋友。"),
            ("topic", "面对考试焦虑，先陪伴再讲道理。"),
        ]
        // When a parent asks about a child's anxiety, then the topical document comes first
        #expect(try search(documents, "孩子焦虑怎么办").first == "topic")
    }

    @Test func expansionsNoDocumentHoldsDoNotCrowdOutOnesThatFindSomething() throws {
        // Given no document with the query word or most of its expansions, but one with 心理危机
        let documents = [("crisis", "发现心理危机要及时陪伴并求助专业机构。"), ("other", "今天天气很好，适合散步。")]
        // When searching for the colloquial word, then the document with the related term is found
        #expect(try search(documents, "想不开").first == "crisis")
    }

    @Test func theDomainWordsInsideExpansionsAreWeakRelatedWords() {
        // 睡眠 is inside 睡眠不足 and 睡眠管理; 心理健康 inside 心理健康知识 is only generic words
        let plan = QueryPlan.make("孩子睡得晚", analyzer: TextAnalyzer(lexicon: Self.sleepLexicon))
        let related = plan.concepts.first { $0.text == "睡得晚" }?.related ?? []
        #expect(related.contains("睡眠"))
        #expect(!related.contains("心理健康"))
        // and the lexicon's own related words come first
        #expect(related.firstIndex(of: "睡眠不足")! < related.firstIndex(of: "睡眠")!)
    }

    @Test func aCompoundQueryReachesDocumentsThatUseItsHead() throws {
        // Given a policy text that says 充足睡眠, and an unrelated one with the query's everyday word 晚上
        let documents = [
            ("policy", "保障孩子充足睡眠，合理安排作息。"),
            ("literal", "晚上，孩子在客厅看电视。"),
        ]
        // When a parent asks about going to bed late, then the sleep policy comes first
        #expect(try search(documents, "孩子晚上睡得晚", lexicon: Self.sleepLexicon).first == "policy")
    }

    @Test func relatedWordsThatStandInForAnAbsentTermBeatAPartOfIt() throws {
        // Given no document with 电话咨询; one names a hotline, one only shares the part 咨询
        let documents = [
            ("hotline", "有困扰可以咨询心理援助热线。"),
            ("part", "家长可以咨询班主任。"),
        ]
        // When searching for it, then the hotline counts as the better match, not just an equal one
        let found = try hits(documents, "电话咨询", lexicon: Self.sleepLexicon)
        let coverage = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0.explanation.coverage) })
        #expect(found.first?.id == "hotline")
        #expect((coverage["hotline"] ?? 0) > (coverage["part"] ?? 0))
    }

    @Test func aTeacherAsParentsSayItIsAlsoSoughtAsTheTextsWriteIt() throws {
        // Given a lexicon that knows 任课老师 but has no synonym for it
        let lexicon = Lexicon(terms: ["任课老师", "培训"], generic: ["老师", "教师"])
        // When a parent writes 老师, then the concept also looks for 教师
        let plan = QueryPlan.make("任课老师培训", analyzer: TextAnalyzer(lexicon: lexicon))
        #expect(plan.concepts.first { $0.text == "任课老师" }?.synonyms == ["任课教师"])
        // and the policy text that says 任课教师 is found first
        let documents = [("policy", "面向任课教师开展心理健康培训。"), ("other", "家长培训班报名开始了。")]
        #expect(try search(documents, "任课老师培训", lexicon: lexicon).first == "policy")
    }

    @Test func aTextOutsideTheDomainDoesNotOutrankOneInIt() throws {
        // Given a software manual that is the best match of the everyday word 崩溃, and a policy text
        // that answers the question with 情绪 and 心理 but never says 崩溃
        let lexicon = Lexicon(terms: ["情绪", "崩溃", "心理干预", "孩子", "学生", "心理"], generic: ["孩子", "学生", "心理"])
        let documents = [
            ("manual", "数据库崩溃后会自动恢复，崩溃日志写在磁盘上。"),
            ("policy", "关注学生情绪变化，及时开展心理干预。"),
        ]
        // When a parent asks about a child's breakdown, then the text of the domain comes first
        #expect(try search(documents, "孩子情绪崩溃", lexicon: lexicon).first == "policy")
    }
}
