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

    /// What the library holds, in the order the home page shows it.
    static let countLabels: [(key: String, label: String)] = [
        ("articles", "知识文章"), ("faq", "常见问题"), ("courses", "家长课程"), ("lessons", "微课"),
        ("knowledge_points", "应知应会知识点"), ("questions", "测验题"), ("quizzes", "测验与问卷"),
        ("letters", "致家长的一封信"), ("lectures", "社区讲座"),
    ]

    /// What waits for a signed-in parent.
    struct ParentSummary {
        var unread: [(title: String, href: String)] = []
        var unreadCount = 0
        var lecture: (title: String, href: String, start: String, status: String)?
        var lesson: (title: String, course: String, href: String, read: Int, total: Int)?
    }

    private func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let stats = try await site.libraryCounts.value { try await core.content.stats() }
        var parent: ParentSummary?
        if let account = context.account, account.role == .parent {
            parent = try await parentSummary(account)
        }
        return await site.page(title: "首页", request, context) { html in
            Self.write(parent: parent, stats: stats, into: &html)
        }
    }

    /// Unread letters, the next lecture and the lesson to continue.
    private func parentSummary(_ account: Account) async throws -> ParentSummary {
        let actor = Actor.account(account)
        var summary = ParentSummary()
        let unread = try await core.campaigns.inbox(actor: actor).filter { $0.kind == "letter" && $0.readAt == nil }
        summary.unreadCount = unread.count
        summary.unread = unread.prefix(3).map { ($0.title, "/letters/" + Site.segment($0.campaign)) }
        let now = core.clock.now
        if let (registration, lecture) = try await core.lectures.registrations(parent: account.id.rawValue, actor: actor)
            .filter({ $0.0.status != .cancelled && $0.1.end > now }).min(by: { $0.1.start < $1.1.start })
        {
            summary.lecture = (
                lecture.title, "/lectures/" + Site.segment(lecture.id.rawValue), Site.time(lecture.start), LecturePagesController.status(registration)
            )
        }
        let read = try await core.learning.readLessonIDs(actor: actor)
        for entry in try await core.learning.progress(actor: actor) where (entry.enrolled || entry.read > 0) && entry.read < entry.total {
            if let lesson = try await core.learning.lessons(course: entry.course.id).first(where: { !read.contains($0.id) }) {
                summary.lesson = (lesson.title, entry.course.title, "/lessons/" + Site.segment(lesson.id.rawValue), entry.read, entry.total)
                break
            }
        }
        return summary
    }

    /// The home page's content: the parent's summary (or a welcome for everyone else), the search
    /// form and the library's counts.
    static func write(parent: ParentSummary?, stats: [String: Int], into html: inout HTMLWriter) {
        if let parent {
            html.raw("<h1>欢迎回来</h1>\n<section class=\"panel\" aria-labelledby=\"home-letters\"><h2 id=\"home-letters\">家长信</h2>\n")
            if parent.unreadCount > 0 {
                html.raw("<p>您有 <strong>")
                html.number(parent.unreadCount)
                html.raw("</strong> 封未读的家长信：</p><ul class=\"list\">")
                for letter in parent.unread { link(letter.href, letter.title, into: &html, item: true) }
                html.raw("</ul>\n")
            } else {
                html.raw("<p>没有未读的家长信。<a href=\"/letters\">查看全部</a></p>\n")
            }
            html.raw("</section>\n<section class=\"panel\" aria-labelledby=\"home-lecture\"><h2 id=\"home-lecture\">下一场讲座</h2>\n")
            if let lecture = parent.lecture {
                html.raw("<p>")
                link(lecture.href, lecture.title, into: &html)
                html.raw("<br><span class=\"muted\">")
                html.text(lecture.start)
                html.raw(" · ")
                html.text(lecture.status)
                html.raw("</span></p>\n")
            } else {
                html.raw("<p>您还没有报名讲座。<a href=\"/lectures\">看看近期的社区讲座</a></p>\n")
            }
            html.raw("</section>\n<section class=\"panel\" aria-labelledby=\"home-lesson\"><h2 id=\"home-lesson\">继续学习</h2>\n")
            if let lesson = parent.lesson {
                html.raw("<p>《")
                html.text(lesson.course)
                html.raw("》已学 ")
                html.number(lesson.read)
                html.raw(" / ")
                html.number(lesson.total)
                html.raw(" 节，下一节：")
                link(lesson.href, lesson.title, into: &html)
                html.raw("</p>\n")
            } else {
                html.raw("<p><a href=\"/learn\">去家长课堂挑一门课</a></p>\n")
            }
            html.raw("</section>\n")
        } else {
            html.raw("<h1>心桥：陪孩子一起，把心理健康的功课做在前面</h1>\n")
            html.raw("<p>这里汇集了给家长的心理健康知识文章、常见问题解答、家长学校微课、知识小测验和“致家长的一封信”。所有内容都经过审核，用平实的话讲清楚孩子的情绪、睡眠、手机、考试压力和求助渠道。</p>\n")
        }
        html.raw("<form method=\"get\" action=\"/search\" role=\"search\" class=\"panel\">\n<label for=\"home-q\">搜索资料</label>\n")
        html.raw("<input id=\"home-q\" type=\"search\" name=\"q\" maxlength=\"1000\" placeholder=\"例如：孩子晚上不睡觉\">\n")
        html.raw("<p><button type=\"submit\">搜索</button></p>\n</form>\n<h2>资料库现有内容</h2>\n<div class=\"cards\">\n")
        for (key, label) in countLabels {
            html.raw("<div class=\"card\"><div class=\"n\">")
            html.number(stats[key] ?? 0)
            html.raw("</div><div>")
            html.text(label)
            html.raw("</div></div>")
        }
        html.raw("\n</div>\n")
    }

    private static func link(_ href: String, _ title: String, into html: inout HTMLWriter, item: Bool = false) {
        if item { html.raw("<li>") }
        html.raw("<a href=\"")
        html.text(href)
        html.raw("\">")
        html.text(title)
        html.raw("</a>")
        if item { html.raw("</li>") }
    }
}
