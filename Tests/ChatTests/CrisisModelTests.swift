import Chat
import Testing

/// The back-up model file: its format, its scoring over 1–3-grams, and that it only adds to the rules.
@Suite struct CrisisModelTests {
    @Test func parsesScoresAndRefusesBadLines() throws {
        let model = try CrisisModel.parse("# comment\nbias\t-1\nthreshold\t2\n想\t1.5\n不想\t1\n不想活\t2\n").get()
        // 不想活了: grams 不 想 活 了 不想 想活 活了 不想活 想活了 — each counted once
        let expected: Double = 3.5
        #expect(model.score("不想活了") == expected)
        #expect(model.score("不想 活了！😀") == model.score("不想活了"))
        #expect(model.signals("不想活了") && !model.signals("想想"))
        #expect(CrisisModel.parse("bias\t1\nthreshold\tx\n") == .failure(.init(line: 2, message: "expected 'gram<TAB>number'")))
        #expect(CrisisModel.parse("想\t1\n") == .failure(.init(line: 1, message: "missing 'bias' or 'threshold' line")))
    }

    @Test func theModelIsAskedOnlyWhenNoRuleFires() throws {
        let rules = CrisisRules(categories: [.init(id: "suicide", name: "自杀", patterns: [ChatPattern("不想活")!])])
        var withModel = rules
        withModel.model = CrisisModel(bias: 0, threshold: 1, weights: ["托付": 5])
        let detector = CrisisDetector(rules: withModel)
        #expect(detector.detect("孩子说不想活了")?.category == "suicide")
        #expect(detector.detect("把猫托付给同学")?.category == "possible")
        #expect(detector.detect("今天天气不错") == nil)
        #expect(CrisisDetector(rules: rules).detect("把猫托付给同学") == nil)
    }

    @Test func theModelReadsTheTextAsTheRulesSeeIt() {
        // Given rules with an alias, an idiom and a negation, and a model that knows 自杀, 累死 and 想不开
        var rules = CrisisRules(
            aliases: [("紫砂", "自杀")], categories: [.init(id: "suicide", name: "自杀", patterns: [ChatPattern("想不开")!])],
            idioms: [ChatPattern("累死")!], negations: [ChatPattern("没有")!])
        rules.model = CrisisModel(bias: 0, threshold: 1, weights: ["自杀": 2, "累死": 2, "想不开": 2, "@suicide~": 0.5, "今天": 0.6, "天了": 0.6])
        let detector = CrisisDetector(rules: rules)
        // Then the alias reaches the model, an idiom is masked and cuts the text (no 天了 across it), and a
        // negated match is masked too, leaving only the rule feature that says a negated match was there
        #expect(detector.detect("他说想紫砂")?.category == "possible")
        #expect(detector.detect("今天累死了") == nil)
        #expect(detector.detect("孩子没有想不开") == nil)
        #expect(detector.detect("孩子想不开")?.category == "suicide")
    }
}
