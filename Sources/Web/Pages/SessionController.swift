import App
import Foundation
import Hummingbird
import OutreachCore

/// Sign-in and sign-out (`/login`, `/logout`) and the text-size toggle (`/settings/text-size`).
///
/// Sign-in goes through `AccountService.signIn`, which checks the bcrypt password and counts failures
/// per account and per client address (5 and 20 in 15 minutes, then a 429 page). A success starts a
/// session in the App layer's session store (12 hours, only the token's hash stored) and puts the token
/// in the signed `xq_session` cookie; sign-out deletes the session, so an old cookie is worthless.
struct SessionController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/login") { request, context in
            var next = Redirect.localPath(try Site.query(request)["next"]) ?? ""
            if next.hasPrefix("/login") || next.hasPrefix("/logout") { next = "" }
            if context.account != nil { return try Redirect(to: next.isEmpty ? "/" : next).response(from: request, context: context) }
            return try await site.page("login", title: "登录", request, context, ["next": next])
        }
        router.post("/login") { request, context in
            let form = context.form
            let id = (form["id"] ?? "").trimmingCharacters(in: .whitespaces)
            var next = Redirect.localPath(form["next"]) ?? "/"
            if next.hasPrefix("/login") || next.hasPrefix("/logout") { next = "/" }
            func again(_ message: String, status: HTTPResponse.Status) async throws -> Response {
                try await site.page(
                    "login", title: "登录", request, context, ["next": next == "/" ? "" : next, "id": String(id.prefix(64)), "error": message],
                    status: status)
            }
            guard !id.isEmpty, let password = form["password"], !password.isEmpty else {
                return try await again("请填写账号和密码。", status: .badRequest)
            }
            switch try await site.core.accounts.signIn(id: id, password: password, client: context.clientAddress) {
            case .throttled(let until):
                let minutes = max(1, Int((until.timeIntervalSince(site.core.clock.now) / 60).rounded(.up)))
                throw PageError(.tooManyRequests, "登录失败的次数太多了。为保护账号安全，请 \(minutes) 分钟后再试；忘记密码请联系学校或社区工作人员。")
            case .wrongCredentials:
                return try await again("账号或密码不对，请再试一次。", status: .unauthorized)
            case .success(let token, let account):
                if let old = context.sessionToken { try? await site.core.accounts.endSession(token: old) }
                let home = next == "/" ? Self.home(for: account.role) : next
                var response = try Redirect(to: home).response(from: request, context: context)
                response.setCookie(site.keys.sessionCookie(token: token))
                return response
            }
        }
        router.post("/logout") { request, context in
            if let token = context.sessionToken { try await site.core.accounts.endSession(token: token) }
            var response = try Redirect(to: "/", flash: "您已安全退出。").response(from: request, context: context)
            response.setCookie(site.keys.expired(WebKeys.sessionCookie))
            return response
        }
        router.post("/settings/text-size") { request, context in
            let large = context.form["size"] == "large"
            var response = try Redirect(to: Redirect.localPath(context.form["back"]) ?? "/").response(from: request, context: context)
            response.setCookie(large ? site.keys.cookie(WebKeys.textCookie, "large", maxAge: 365 * 86_400) : site.keys.expired(WebKeys.textCookie))
            return response
        }
    }

    /// Where each role lands after signing in.
    static func home(for role: Role) -> String {
        switch role {
        case .parent: "/"
        case .staff: "/staff"
        case .organiser: "/organiser"
        case .analyst: "/analytics"
        case .admin: "/admin"
        }
    }
}
