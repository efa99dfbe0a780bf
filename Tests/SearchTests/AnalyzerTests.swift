import ChineseText
import Testing

@Suite struct AnalyzerTests {
    let analyzer = TextAnalyzer(lexicon: Lexicon(terms: ["厌学", "厌学情绪", "情绪", "网络成瘾", "多动症"]))

    @Test func lexiconWordsComeFirstWithSubWordsColocated() {
        #expect(analyzer.words("孩子有厌学情绪").map(\.description) == ["孩子", "有", "厌学情绪", "+厌学", "+情绪"])
        #expect(analyzer.words("多动症").map(\.description) == ["多动症"])
    }

    @Test func offsetsPointIntoTheOriginalBytes() {
        let text = "ADHD與憂鬱"
        let tokens = analyzer.words(text)
        let bytes = Array(text.utf8)
        let pieces = tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(tokens.map(\.text).first == "adhd")
        #expect(pieces.first == "ADHD")
        #expect(pieces.joined().contains("憂鬱"))
    }

    @Test func traditionalAndFullWidthFold() {
        #expect(FoldedText("憂鬱ＡＢＣ１２３").string == "忧郁abc123")
        #expect(FoldedText("網路").string == "网路")
    }

    @Test func bigramsWithColocatedUnigrams() {
        #expect(analyzer.grams("心理健康").map(\.description) == ["心理", "+心", "理健", "+理", "健康", "+健", "康"])
        #expect(analyzer.grams("心理健康", forQuery: true).map(\.description) == ["心理", "理健", "健康"])
        #expect(analyzer.grams("心", forQuery: true).map(\.description) == ["心"])
    }

    @Test func synonymsAndScaffoldingAreFolded() {
        let lexicon = Lexicon(synonymSets: [["抑郁症", "憂鬱症"]], scaffolding: ["怎麼辦"])
        #expect(lexicon.synonyms(of: "忧郁症") == ["抑郁症"])
        #expect(lexicon.scaffolding.contains("怎么办"))
    }
}
