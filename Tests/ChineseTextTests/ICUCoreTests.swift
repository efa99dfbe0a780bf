import ICUCore
import Testing

/// The system ICU behaves as the search design assumes.
@Suite struct ICUCoreTests {
    @Test func systemICUIsLoaded() {
        #expect(!ICU.version.isEmpty)
    }

    @Test func wordBreakSplitsDomainWordsWhichIsWhyALexiconComesFirst() throws {
        let text = Array("孩子厌学怎么办".utf16)
        let segments = try WordBreaker(locale: "zh").segments(text)
        let words = segments.map { String(decoding: text[$0.start..<$0.end], as: UTF16.self) }
        #expect(words.joined() == "孩子厌学怎么办")
        #expect(words.first == "孩子")
        #expect(!words.contains("厌学"))  // ICU 72 splits 厌|学
    }

    @Test func traditionalToSimplifiedKeepsLength() throws {
        let transliterator = try Transliterator(id: "Traditional-Simplified")
        let source = "孩子憂鬱怎麼辦，網路成癮"
        let folded = try transliterator.transliterate(Array(source.utf16))
        #expect(String(decoding: folded, as: UTF16.self) == "孩子忧郁怎么办，网路成瘾")
        #expect(folded.count == source.utf16.count)
    }

    @Test func unknownTransliteratorIsAnError() {
        #expect(throws: ICUError.self) { try Transliterator(id: "No-Such-Transform") }
    }
}
