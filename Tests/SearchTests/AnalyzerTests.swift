import ChineseText
import Foundation
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

@Suite struct LexiconFileTests {
    @Test func loadsEveryFileOfTheLexiconFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# 注释\n厌学\n網路成癮\n".write(to: folder.appendingPathComponent("terms.txt"), atomically: true, encoding: .utf8)
        try "网络沉迷, 玩手机，沉迷手机\n".write(to: folder.appendingPathComponent("synonyms.txt"), atomically: true, encoding: .utf8)
        try "怎么办\n".write(to: folder.appendingPathComponent("scaffolding.txt"), atomically: true, encoding: .utf8)
        try "自残 > 心理危机, 危机干预\n不是一行\n".write(to: folder.appendingPathComponent("related.txt"), atomically: true, encoding: .utf8)
        let lexicon = try Lexicon.load(directory: folder.path)
        #expect(lexicon.domainTerms == ["厌学", "网路成瘾"])
        #expect(lexicon.synonyms(of: "玩手机") == ["网络沉迷", "沉迷手机"])
        #expect(lexicon.scaffolding == ["怎么办"])
        #expect(lexicon.related["自残"] == ["心理危机", "危机干预"])
        #expect(lexicon.indexLexicon.terms == ["厌学", "网路成瘾"])
    }
}
