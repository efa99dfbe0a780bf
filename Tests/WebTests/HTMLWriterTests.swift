import Foundation
import Testing

@testable import Web

/// Text written into a page is escaped byte by byte; markup the code spells out is not.
@Suite struct HTMLWriterTests {
    @Test(arguments: [
        ("孩子说：<script>alert(1)</script>", "孩子说：&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"引号\" & '单引号'", "&quot;引号&quot; &amp; &#39;单引号&#39;"),
        ("<<>>", "&lt;&lt;&gt;&gt;"),
        ("普通文字 plain 😀", "普通文字 plain 😀"),
        ("", ""),
        ("&amp;", "&amp;amp;"),
    ])
    func textIsEscaped(input: String, expected: String) {
        var html = HTMLWriter(capacity: 8)
        html.text(input)
        #expect(html.string == expected)
    }

    @Test func markupAndNumbersAreWrittenAsGiven() {
        var html = HTMLWriter(capacity: 8)
        html.raw("<p class=\"n\">")
        html.number(-42)
        html.trusted("<mark>已审</mark>")
        html.raw("</p>")
        #expect(html.string == "<p class=\"n\">-42<mark>已审</mark></p>")
    }
}

/// Ids in links are one path segment each, encoded as Foundation's `urlPathAllowed` less `/?#` would.
@Suite struct PathSegmentTests {
    @Test(arguments: ["faq-sleep", "家长信-2027", "a b", "50%", "a/b?c#d", "x=1&y=2", "😀", "é", "~._-!$'()*+,;=:@", "\"<>\\^`{|}"])
    func segmentsMatchFoundationsEncoding(id: String) throws {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))
        #expect(Site.segment(id) == id.addingPercentEncoding(withAllowedCharacters: allowed))
        #expect(Site.segment(id).removingPercentEncoding == id)
    }
}

/// A cached fragment is reused only for an equal value.
@Suite struct FragmentCacheTests {
    @Test func aFragmentIsRenderedAgainWhenItsValueChanges() {
        let cache = FragmentCache<[String]>()
        var renders = 0
        func render(_ value: [String]) -> [UInt8] {
            renders += 1
            return Array(value.joined(separator: ",").utf8)
        }
        #expect(cache.fragment("q", for: ["a", "b"], render: render) == Array("a,b".utf8))
        #expect(cache.fragment("q", for: ["a", "b"], render: render) == Array("a,b".utf8))
        #expect(renders == 1)
        #expect(cache.fragment("q", for: ["a", "c"], render: render) == Array("a,c".utf8))
        #expect(cache.fragment("other", for: ["a", "c"], render: render) == Array("a,c".utf8))
        #expect(renders == 3)
    }
}
