import App
import Foundation
import Hummingbird
import Learning
import Lectures
import OutreachCore
import Store

/// The Chinese home page: for a signed-in parent, what is waiting for them (unread letters, the next
/// lecture they hold a place at, the lesson to continue); for everyone, what the library holds.
struct HomeController {
    let site: Site
    var core: App { site.core }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await home(request, context) }
    }

    private func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let stats = try await site.libraryCounts.value { try await core.content.stats() }
        let labels: [(String, String)] = [
            ("articles", "知识文章"), ("faq", "常见问题"), ("courses", "家长课程"), ("lessons", "微课"),
            ("knowledge_points", "应知应会知识点"), ("questions", "测验题"), ("quizzes", "测验与问卷"),
            ("letters", "致家长的一封信"), ("lectures", "社区讲座"),
        ]
        let counts = labels.map { key, label in ["label": label, "count": stats[key] ?? 0] as [String: Any] }
        var values: [String: Any] = ["counts": counts]
        if let account = context.account, account.role == .parent {
            values["parent"] = try await parentSummary(account)
        }
        return try await site.page("home", title: "首页", request, context, values)
    }

    /// Unread letters, the next lecture and the lesson to continue.
    private func parentSummary(_ account: Account) async throws -> [String: Any] {
        let actor = Actor.account(account)
        var summary: [String: Any] = [:]
        let unread = try await core.campaigns.inbox(actor: actor).filter { $0.kind == "letter" && $0.readAt == nil }
        summary["unreadCount"] = unread.count
        summary["hasUnread"] = !unread.isEmpty
        summary["unread"] = unread.prefix(3).map { ["title": $0.title, "href": "/letters/" + Site.segment($0.campaign)] }
        let now = core.clock.now
        if let (registration, lecture) = try await core.lectures.registrations(parent: account.id.rawValue, actor: actor)
            .filter({ $0.0.status != .cancelled && $0.1.end > now }).min(by: { $0.1.start < $1.1.start })
        {
            summary["lecture"] = [
                "title": lecture.title, "href": "/lectures/" + Site.segment(lecture.id.rawValue), "start": Site.time(lecture.start),
                "status": LecturePagesController.status(registration),
            ]
        }
        let read = try await core.learning.readLessonIDs(actor: actor)
        for entry in try await core.learning.progress(actor: actor) where (entry.enrolled || entry.read > 0) && entry.read < entry.total {
            if let lesson = try await core.learning.lessons(course: entry.course.id).first(where: { !read.contains($0.id) }) {
                summary["lesson"] = [
                    "title": lesson.title, "course": entry.course.title, "href": "/lessons/" + Site.segment(lesson.id.rawValue),
                    "read": entry.read, "total": entry.total,
                ]
                break
            }
        }
        return summary
    }
}
