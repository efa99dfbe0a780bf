import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
@testable import Web

/// The search page (only `<mark>` let through, crisis help first), the article and FAQ pages, and the
/// parent's home page.
@Suite struct SearchPageTests {
    @Test(arguments: [
        ("孩子<mark>睡眠</mark>不足", "孩子<mark>睡眠</mark>不足"),
        ("a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"),
        ("<script>alert(1)</script><mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;<mark>x</mark>"),
        ("<mark onclick=\"x()\">a</mark>", "&lt;mark onclick=&quot;x()&quot;&gt;a"),
        ("</mark>a<mark>b", "a<mark>b</mark>"),
        ("<mark><mark>a</mark></mark>", "<mark>a</mark>"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        // Markdown marks of the source text are not shown
        ("…一句： ## 如果<mark>孩子</mark>说", "…一句： 如果<mark>孩子</mark>说"),
        ("**<mark>担心</mark>孩子有轻生的念头，可以直接问。** 平静", "<mark>担心</mark>孩子有轻生的念头，可以直接问。 平静"),
        ("### 标题 C# 第#3条 ####### x", "标题 C# 第#3条 ####### x"),
        ("a*b_c &amp;lt; &bogus; <ma \"引号\" 'x'", "a*b_c &amp;lt; &amp;bogus; &lt;ma &quot;引号&quot; &#39;x&#39;"),
    ])
    func snippetsKeepOnlyMarkTags(input: String, expected: String) {
        #expect(SnippetHTML.safe(input) == expected)
    }

    @Test func searchShowsHighlightedSnippetsAndEscapesEverythingElse() async throws {
        try await WebSessionTests.withBrowser { browser in
            let empty = try await browser.get("/search")
            #expect(empty.status == .ok && empty.html.contains(#"<label for="search-q">"#))
            let page = try await browser.get("/search?q=%E7%9D%A1%E7%9C%A0")
            #expect(page.status == .ok)
            #expect(page.html.contains("<mark>睡眠</mark>") && page.html.contains(#"href="/articles/sleep-basics""#))
            #expect(!page.html.contains("请先看这里"))
            let script = try await browser.get("/search?q=\(Browser.encode("<script>alert(1)</script>睡眠"))")
            #expect(script.status == .ok && !script.html.contains("<script>") && script.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;睡眠"))
            for bad in ["%FF%FE", "%E5%AD", "a%ZZ", "%00"] {
                let response = try await browser.get("/search?q=\(bad)")
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.html.contains("请求有误"))
            }
            #expect(try await browser.get("/search?q=\(String(repeating: "%E5%AD%A9", count: 1_001))").status == .badRequest)
        }
    }

    @Test func aSearchThatSignalsACrisisShowsTheHelpFirst() async throws {
        try await WebSessionTests.withBrowser { browser in
            let page = try await browser.get("/search?q=\(Browser.encode("孩子说不想活了"))")
            #expect(page.status == .ok)
            let help = try #require(page.html.range(of: "请先看这里"))
            let form = try #require(page.html.range(of: #"<form method="get" action="/search""#))
            #expect(help.lowerBound < form.lowerBound)
        }
    }

    @Test func articlesAndFAQHaveTheirPages() async throws {
        try await WebSessionTests.withBrowser { browser in
            let article = try await browser.get("/articles/sleep-basics")
            #expect(article.status == .ok && article.html.contains("孩子每天该睡多久？"))
            #expect(try await browser.get("/faq/faq-sleep-late").status == .ok)
            #expect(try await browser.get("/articles/nope").status == .notFound)
            #expect(try await browser.get("/faq/nope").status == .notFound)
        }
    }

    @Test func theParentHomeShowsLettersTheNextLectureAndTheLessonToContinue() async throws {
        let (core, id) = try await ParentPagesTests.coreWithALetter()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("mom")
            let home = try await browser.get("/")
            #expect(home.html.contains("您有 <strong>1</strong> 封未读的家长信") && home.html.contains("/letters/\(id)"))
            #expect(home.html.contains("您还没有报名讲座"))
        }
        let core2 = try await ParentPagesTests.coreWithALecture()
        let mom = try #require(try await core2.accounts.account(id: "mom"))
        _ = try await core2.lectures.register("sleep-talk", parent: "mom", actor: .account(mom))
        try await core2.learning.enrol(course: "course-sample", actor: .account(mom))
        try await WebSessionTests.withBrowser(core2) { browser in
            try await browser.signIn("mom")
            let home = try await browser.get("/")
            #expect(home.html.contains("没有未读的家长信"))
            #expect(home.html.contains(#"<a href="/lectures/sleep-talk">"#) && home.html.contains("签到码"))
            #expect(home.html.contains("下一节：<a href=\"/lessons/course-sample-01\">孩子睡不够</a>"))
        }
    }
}
