import App
import Foundation
import Hummingbird
import Knowledge
import OutreachCore
import Search

/// `/search?q=`: the library's search engine for people, with highlighted snippets (only `<mark>` is let
/// through, see `SnippetHTML`), and a query that signals a crisis answered with the help first. Also
/// the pages search results link to that have no other home: articles (`/articles/{id}`) and FAQ
/// answers (`/faq/{id}`).
struct SearchPagesController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/search") { request, context in
            let query = try Site.query(request)
            let q = (query["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard q.count <= 1_000 else { throw PageError.badRequest("搜索的内容太长了，请控制在 1000 字以内。") }
            var help: [String]?
            var hits: [SearchHit] = []
            if !q.isEmpty {
                help = await site.crisisHelp(q, context)
                hits = try await site.core.search.search(SearchQuery(text: q, limit: 20, explain: false), reuse: true)
            }
            let results = q.isEmpty ? [] : site.renderedHits.fragment(q, for: hits) { hits in
                var html = HTMLWriter(capacity: 8_192)
                Self.write(hits: hits, into: &html)
                return Array(buffer: html.buffer)
            }
            return await site.page(title: q.isEmpty ? "搜索" : "搜索：\(q.prefix(30))", request, context) { html in
                Self.write(query: q, help: help, into: &html)
                html.trusted(results)
            }
        }
        router.get("/articles/:id") { request, context in
            guard let article = try await site.core.knowledge.article(id: try context.parameters.require("id")) else { throw PageError.notFound() }
            return try await site.page(
                "article", title: article.title, request, context,
                ["title": article.title, "summary": article.summary, "body": SafeMarkdown.html(article.body)])
        }
        router.get("/faq/:id") { request, context in
            let id = try context.parameters.require("id")
            guard let faq = try await site.core.knowledge.faqs().first(where: { $0.id.rawValue == id }) else { throw PageError.notFound() }
            var values: [String: Any] = ["title": faq.question, "body": SafeMarkdown.html(faq.answer)]
            if !faq.article.isEmpty { values["more"] = "/articles/" + Site.segment(faq.article) }
            return try await site.page("article", title: faq.question, request, context, values)
        }
    }

    /// The search page's content up to the hits: the crisis help first when the query signals one,
    /// then the search form.
    static func write(query: String, help: [String]?, into html: inout HTMLWriter) {
        if let help { PageLayout.helpFirst(help, into: &html) }
        html.raw("\n<h1>搜索</h1>\n<form method=\"get\" action=\"/search\" role=\"search\">\n")
        html.raw("<label for=\"search-q\">想了解什么？用自己的话问就行，比如“孩子不想上学怎么办”</label>\n")
        html.raw("<input id=\"search-q\" type=\"search\" name=\"q\" value=\"")
        html.text(query)
        html.raw("\" maxlength=\"1000\">\n<p><button type=\"submit\">搜索</button></p>\n</form>\n")
    }

    /// The hits of a query with their highlighted snippets (only `<mark>` survives, see `SnippetHTML`),
    /// or a word that nothing was found.
    static func write(hits: [SearchHit], into html: inout HTMLWriter) {
        guard !hits.isEmpty else {
            html.raw("<p class=\"panel\">没有找到相关内容。换个说法试试，或者看看<a href=\"/learn\">家长课堂</a>。</p>\n")
            return
        }
        html.raw("<p class=\"muted\">找到 ")
        html.number(hits.count)
        html.raw(" 条相关内容：</p>\n<ol class=\"list\">\n")
        for hit in hits {
            html.raw("<li>")
            if let href = link(kind: hit.kind, id: hit.id) {
                html.raw("<a href=\"")
                html.text(href)
                html.raw("\">")
                html.text(hit.title)
                html.raw("</a>")
            } else {
                html.raw("<strong>")
                html.text(hit.title)
                html.raw("</strong>")
            }
            html.raw(" <span class=\"muted\">")
            html.text(kindName(hit.kind))
            html.raw("</span><br>")
            html.trusted(SnippetHTML.safe(hit.snippet))
            html.raw("</li>")
        }
        html.raw("\n</ol>\n")
    }

    /// The page a hit opens, for the kinds that have one.
    static func link(kind: String, id: String) -> String? {
        let segment = Site.segment(id)
        switch kind {
        case "article": return "/articles/" + segment
        case "faq": return "/faq/" + segment
        case "lesson": return "/lessons/" + segment
        case "course": return "/learn/" + segment
        case "quiz": return "/quiz/" + segment
        default: return nil
        }
    }

    static func kindName(_ kind: String) -> String {
        switch kind {
        case "article": "知识文章"
        case "faq": "常见问题"
        case "lesson": "微课"
        case "course": "课程"
        case "letter": "家长信"
        case "question": "测验题"
        case "knowledge_point": "应知应会"
        case "hotline": "求助热线"
        case "quiz": "测验"
        default: "资料"
        }
    }
}
