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

    @Test func wordClassesReachTheModelAloneAndInPairs() {
        // Given word classes for swallowing and for medicine, and a model that only knows their pair
        var rules = CrisisRules(
            categories: [.init(id: "suicide", name: "自杀", patterns: [ChatPattern("不想活")!])], negations: [ChatPattern("没有")!],
            concepts: [
                .init(id: "ingest", patterns: [ChatPattern("吃了")!, ChatPattern("吞")!]),
                .init(id: "medicine", patterns: [ChatPattern("药")!, ChatPattern("片")!]),
            ])
        rules.model = CrisisModel(bias: 0, threshold: 1, weights: ["%ingest+medicine": 2, "%ingest": 0.5, "%medicine": 0.5])
        let detector = CrisisDetector(rules: rules)
        // Then words of both classes signal together, in any wording the classes name, but one class alone does not
        #expect(detector.detect("孩子吃了几片同学给的药")?.category == "possible")
        #expect(detector.detect("她吞了好几片")?.category == "possible")
        #expect(detector.detect("孩子吃了晚饭") == nil)
        #expect(detector.detect("药放在柜子里") == nil)
        // And a class under a negation does not count
        #expect(detector.detect("孩子没有吃了药") == nil)
    }

    @Test func aModelFarBelowItsThresholdLetsARuleGoExceptAcuteDanger() throws {
        // Given rules for suicide and acute danger, and a model that knows laughter and a veto margin of 1
        let model = try CrisisModel.parse("bias\t0\nthreshold\t1\nveto\t1\n哈哈\t-3\n@suicide\t1\n").get()
        #expect(model.veto == 1)
        #expect(CrisisModel.parse("bias\t0\nthreshold\t1\nveto\t-1\n") == .failure(.init(line: 3, message: "'veto' must be 0 or more")))
        var rules = CrisisRules(categories: [
            .init(id: "acute", name: "危险", patterns: [ChatPattern("吞了…药")!], overridesPrevention: true),
            .init(id: "suicide", name: "自杀", patterns: [ChatPattern("我死了")!]),
        ])
        rules.model = model
        let detector = CrisisDetector(rules: rules)
        // Then a rule's hit stands at a middling score, goes when the model is far below its threshold (score −2
        // < 1 − 1), and acute danger stands whatever the model says
        #expect(detector.detect("我死了")?.category == "suicide")
        #expect(detector.detect("我死了哈哈哈 画得太像了") == nil)
        #expect(detector.detect("哈哈 他吞了一瓶药")?.category == "acute")
        // And without a veto line the rules always stand
        rules.model = try CrisisModel.parse("bias\t0\nthreshold\t1\n哈哈\t-3\n").get()
        #expect(CrisisDetector(rules: rules).detect("我死了哈哈哈")?.category == "suicide")
    }
}
