import App
import Foundation
import Hummingbird
import Knowledge
import OutreachCore

/// What every page controller shares: the application core, the templates and the cookie keys.
///
/// `page(_:title:_:_:)` renders a template inside the layout with everything the layout needs: the
/// crisis banner with the hotlines for the reader's region (from `Content/hotlines.yaml` through the
/// App layer), the role-aware navigation, the signed-in name and sign-out form, the text-size toggle,
/// the CSRF token (`{{> csrf}}` in any form) and the flash message.
///
/// ```swift
/// router.get("/staff") { request, context in
///     let staff = try context.requireRole(.staff)
///     return try await site.page("staff-home", title: "工作台", context, ["name": staff.name])
/// }
/// router.post("/staff/things") { request, context in        // FormMiddleware has checked _csrf
///     guard let title = context.form.text("title") else { throw PageError.badRequest("请填写标题。") }
///     …
///     return Redirect(to: "/staff", flash: "已保存。")
/// }
/// ```
struct Site: Sendable {
    let core: App
    let pages: PageRenderer
    let keys: WebKeys
    /// The chat service, for its crisis detector on free-text answers (nil when its rules are broken:
    /// the banner still shows the hotlines on every page).
    let chat: ChatService?
    /// The library's counts on the home page, read at most every 5 seconds (three queries otherwise
    /// ran on every visit to the busiest page).
    let libraryCounts = RecentValue<[String: Int]>(lifetime: .seconds(5))

    /// One entry of the navigation.
    struct NavItem {
        var href: String
        var label: String
    }

    /// The navigation for a reader: the parent pages for parents and guests, each other role's own
    /// section (built on this foundation) for staff, organisers, analysts and admins.
    static func navigation(for account: Account?) -> [NavItem] {
        let search = NavItem(href: "/search", label: "搜索")
        guard let account else {
            return [.init(href: "/", label: "首页"), .init(href: "/learn", label: "家长课堂"), .init(href: "/lectures", label: "社区讲座"), search]
        }
        switch account.role {
        case .parent:
            return [
                .init(href: "/", label: "首页"), .init(href: "/learn", label: "家长课堂"), .init(href: "/letters", label: "家长信"),
                .init(href: "/lectures", label: "社区讲座"), .init(href: "/progress", label: "我的学习"), search,
            ]
        case .staff: return [.init(href: "/", label: "首页"), .init(href: "/staff", label: "家长信工作台"), search]
        case .organiser: return [.init(href: "/", label: "首页"), .init(href: "/organiser", label: "讲座管理"), search]
        case .analyst: return [.init(href: "/", label: "首页"), .init(href: "/analytics", label: "知晓率分析"), search]
        case .admin:
            return [
                .init(href: "/", label: "首页"), .init(href: "/admin", label: "系统管理"), .init(href: "/staff", label: "家长信工作台"),
                .init(href: "/organiser", label: "讲座管理"), .init(href: "/analytics", label: "知晓率分析"), search,
            ]
        }
    }

    /// A full page: `template` rendered with `values`, inside the layout.
    func page(
        _ template: String, title: String, _ context: AppRequestContext, _ values: [String: Any] = [:], status: HTTPResponse.Status = .ok,
        path: String? = nil
    ) async throws -> Response {
        var all = values
        all["csrf"] = context.csrfToken
        all["largeText"] = context.largeText
        if let flash = context.flash { all["flash"] = flash }
        if let account = context.account {
            all["account"] = ["name": account.name.isEmpty ? account.id.rawValue : account.name, "role": account.role.chineseName]
        }
        let here = path ?? "/"
        all["here"] = here
        all["hasNav"] = true
        all["nav"] = Self.navigation(for: context.account).map { item -> [String: Any] in
            let current = item.href == "/" ? here == "/" : (here == item.href || here.hasPrefix(item.href + "/"))
            return ["href": item.href, "label": item.label, "current": current]
        }
        let hotlines = (try? await core.knowledge.hotlines(region: context.account?.region)) ?? []
        return pages.page(template, title: title, hotlines: hotlines, context: all, status: status)
    }

    /// The page for `request`'s path (so the navigation marks where the reader is).
    func page(
        _ template: String, title: String, _ request: Request, _ context: AppRequestContext, _ values: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await page(template, title: title, context, values, status: status, path: request.uri.path)
    }

    /// The crisis help for a free-text answer (a 回执 message, a search query), as the `crisisHelp`
    /// value of the `help-first` partial, or nil when the text signals no crisis. Pages that take free
    /// text put `{{> help-first}}` first in their reply, so the help comes before anything else.
    func crisisHelp(_ text: String?, _ context: AppRequestContext) async -> [String: Any]? {
        guard let text, !text.isEmpty, let chat, let reply = await chat.crisisHelp(for: text, as: context.account) else { return nil }
        return ["lines": reply.split(separator: "\n").map(String.init)]
    }

    /// An id as one URL path segment (`/letters/{id}`).
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? id
    }

    /// Built once: making the set on every call was 4 % of the search page's time (20 links a page).
    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

    /// `2027-03-06 19:00` (Beijing time).
    static func time(_ date: Date) -> String { BeijingTime.text(date) }

    /// The query string's fields, strictly decoded (invalid UTF-8 or a broken escape is a 400 page).
    static func query(_ request: Request) throws -> FormData {
        try FormData(urlEncoded: request.uri.query ?? "")
    }
}
