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
            var values: [String: Any] = ["q": q, "searched": !q.isEmpty]
            if !q.isEmpty {
                if let help = await site.crisisHelp(q, context) { values["crisisHelp"] = help }
                let hits = try await site.core.search.search(SearchQuery(text: q, limit: 20, explain: false))
                values["hits"] = hits.map { hit -> [String: Any] in
                    var item: [String: Any] = ["title": hit.title, "snippet": SnippetHTML.safe(hit.snippet), "kind": Self.kindName(hit.kind)]
                    if let href = Self.link(kind: hit.kind, id: hit.id) { item["href"] = href }
                    return item
                }
                values["hasHits"] = !hits.isEmpty
                values["count"] = hits.count
            }
            return try await site.page("search", title: q.isEmpty ? "搜索" : "搜索：\(q.prefix(30))", request, context, values)
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
