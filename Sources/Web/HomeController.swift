import App
import Hummingbird

/// The Chinese home page: what the library holds.
struct HomeController {
    let site: Site
    var core: App { site.core }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await home(request, context) }
    }

    private func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let stats = try await core.content.stats()
        let labels: [(String, String)] = [
            ("articles", "知识文章"), ("faq", "常见问题"), ("courses", "家长课程"), ("lessons", "微课"),
            ("knowledge_points", "应知应会知识点"), ("questions", "测验题"), ("quizzes", "测验与问卷"),
            ("letters", "致家长的一封信"), ("lectures", "社区讲座"),
        ]
        let counts = labels.map { key, label in ["label": label, "count": stats[key] ?? 0] as [String: Any] }
        return try await site.page("home", title: "首页", request, context, ["counts": counts])
    }
}
