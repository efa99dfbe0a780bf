import App
import Foundation
import Hummingbird
import Knowledge
import OutreachCore
import Search

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
    /// The search page's hit lists as HTML, per query, reused while the engine's answer is the same.
    let renderedHits = FragmentCache<[SearchHit]>()

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
        let frame = await frame(title: title, context, path: path ?? "/")
        return pages.page(template, frame: frame, context: values, status: status)
    }

    /// The page for `request`'s path (so the navigation marks where the reader is).
    func page(
        _ template: String, title: String, _ request: Request, _ context: AppRequestContext, _ values: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await page(template, title: title, context, values, status: status, path: request.uri.path)
    }

    /// A page for `request`'s path whose content `write` puts out with `HTMLWriter` (the busiest pages).
    func page(
        title: String, _ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok,
        _ write: (inout HTMLWriter) -> Void
    ) async -> Response {
        let frame = await frame(title: title, context, path: request.uri.path)
        return pages.page(frame: frame, status: status, write)
    }

    /// What the layout shows for this reader: the hotlines for their region, who they are, the
    /// navigation, the CSRF token, the text size and the flash message.
    func frame(title: String, _ context: AppRequestContext, path: String) async -> PageLayout.Frame {
        let hotlines = (try? await core.knowledge.hotlines(region: context.account?.region)) ?? []
        var frame = PageLayout.Frame(title: title, hotlines: hotlines)
        if let account = context.account {
            frame.account = (account.name.isEmpty ? account.id.rawValue : account.name, account.role.chineseName)
        }
        frame.csrf = context.csrfToken
        frame.largeText = context.largeText
        frame.navigation = Self.navigation(for: context.account)
        frame.here = path
        frame.flash = context.flash
        return frame
    }

    /// The crisis help for a free-text answer (a 回执 message, a search query) as lines, or nil when
    /// the text signals no crisis. Pages that take free text put the help first in their reply
    /// (`PageLayout.helpFirst`; `{{{helpFirst}}}` in a template), before anything else.
    func crisisHelp(_ text: String?, _ context: AppRequestContext) async -> [String]? {
        guard let text, !text.isEmpty, let chat, let reply = await chat.crisisHelp(for: text, as: context.account) else { return nil }
        return reply.split(separator: "\n").map(String.init)
    }

    /// The crisis help as HTML for a template's `{{{helpFirst}}}`.
    static func helpFirstHTML(_ lines: [String]) -> String {
        var html = HTMLWriter(capacity: 1_024)
        PageLayout.helpFirst(lines, into: &html)
        return html.string
    }

    /// An id as one URL path segment (`/letters/{id}`): bytes outside the path's allowed characters,
    /// and `/`, `?`, `#`, percent-encoded (one pass over the bytes: the search page makes 20 a request).
    static func segment(_ id: String) -> String {
        if id.utf8.allSatisfy({ segmentAllowed[Int($0)] }) { return id }
        var out: [UInt8] = []
        out.reserveCapacity(id.utf8.count * 3)
        for byte in id.utf8 {
            if segmentAllowed[Int(byte)] {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 `pchar` without `%` and `;`, as Foundation's `urlPathAllowed` (less `/`).
    private static let segmentAllowed: [Bool] = (0..<256).map { value in
        guard value < 128 else { return false }
        let scalar = Unicode.Scalar(UInt8(value))
        return scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar) || "-._~!$&'()*+,=:@".unicodeScalars.contains(scalar)
    }
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `2027-03-06 19:00` (Beijing time).
    static func time(_ date: Date) -> String { BeijingTime.text(date) }

    /// The query string's fields, strictly decoded (invalid UTF-8 or a broken escape is a 400 page).
    static func query(_ request: Request) throws -> FormData {
        try FormData(urlEncoded: request.uri.query ?? "")
    }
}
