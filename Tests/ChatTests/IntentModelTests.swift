import Chat
import Testing

/// The intent back-up model: its file format, and that it is asked only where the cues cannot decide.
@Suite struct IntentModelTests {
    @Test func parsesRowsAndRefusesBadLines() throws {
        // Given a two-intent model
        let text = "# comment\nmargin\t2\nintents\task\tgreeting\nbias\t0\t0.5\n怎么\t1.5\t-1\n"
        let model = try IntentModel.parse(text).get()
        // Then the grams weigh each intent
        #expect(model.best(Array("孩子怎么了".unicodeScalars), among: []) == .ask)
        #expect(model.best(Array("嗨".unicodeScalars), among: []) == .greeting)
        #expect(model.best(Array("孩子怎么了".unicodeScalars), among: [.greeting]) == .greeting)
        // And a row of the wrong width, an unknown intent or a missing header names its line
        #expect(throws: CrisisModel.ParseError.self) { try IntentModel.parse("margin\t2\nintents\task\tgreeting\nbias\t0\n").get() }
        #expect(throws: CrisisModel.ParseError.self) { try IntentModel.parse("intents\task\tchitchat\n").get() }
        #expect(throws: CrisisModel.ParseError.self) { try IntentModel.parse("bias\t0\n").get() }
        if case .failure(let error) = IntentModel.parse("margin\t2\nintents\task\nbias\t0\nx\t1\t2\n") { #expect(error.line == 4) }
    }

    @Test func theCuesDecideFirst() throws {
        // Given the bundled rules with and without their model
        var withoutModel = BundledRules.loaded.intents
        let model = try #require(withoutModel.model)
        withoutModel.model = nil
        let cuesOnly = IntentClassifier(crisis: BundledRules.classifier.crisis, rules: withoutModel)
        // When a cue wins clearly, the model is not asked and the answer is the cues'
        for text in ["我的学习进度", "下周社区有什么讲座", "你好", "给我出几道题考考我"] {
            let result = BundledRules.classifier.classify(text)
            #expect(!result.byModel, "\(text)")
            #expect(result.intent == cuesOnly.classify(text).intent)
        }
        // When no cue qualifies, the model answers instead of the fallback
        #expect(BundledRules.classifier.classify("上周那个还能看吗").byModel)
        #expect(cuesOnly.classify("上周那个还能看吗").intent == .outOfScope)
        // And when two intents tie (寒假 for letters, 作业 for a question), it picks between them: the child's homework
        let tie = BundledRules.classifier.classify("寒假作业写完了")
        #expect(tie.byModel && tie.intent == .ask)
        #expect(cuesOnly.classify("寒假作业写完了").intent == .letters)
        #expect(model.margin > 0)
    }
}
