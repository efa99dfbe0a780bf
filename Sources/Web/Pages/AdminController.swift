import App
import Foundation
import Hummingbird
import OutreachCore

/// The admins' pages under `/admin`: accounts (filtered by role or a search, a page of 100 at a time),
/// creating an account with its role, region, school, grade and password, changing an account's role,
/// and the latest account changes from the audit log. Every change goes through `AccountService`,
/// which checks `manageAccounts` and writes the audit entry in the same transaction.
struct AdminController {
    let site: Site

    static let pageSize = 100

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin") { request, context in
            try context.requireRole(.admin)
            return try await accountsPage(request, context)
        }
        router.post("/admin/accounts") { request, context in
            let actor = Actor.account(try context.requireRole(.admin))
            let form = context.form
            var grade: Int?
            if let text = form.text("grade") {
                guard let value = Int(text) else { return try await accountsPage(request, context, error: "请从列表里选择年级。", status: .badRequest) }
                grade = value
            }
            guard let password = form["password"], !password.isEmpty else {
                return try await accountsPage(request, context, error: "请设置初始密码（至少 8 个字符）。", status: .badRequest)
            }
            let new = AccountService.NewAccount(
                id: form.text("id") ?? "", role: form["role"] ?? "", name: form.text("name") ?? "", region: form.text("region"),
                school: form.text("school"), grade: grade, password: password)
            do {
                let account = try await site.core.accounts.create(new, actor: actor)
                return try Redirect(to: "/admin", flash: "已创建账号「\(account.id.rawValue)」（\(account.role.chineseName)）。")
                    .response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await accountsPage(request, context, error: message, status: status)
            }
        }
        router.post("/admin/accounts/:id/role") { request, context in
            let actor = Actor.account(try context.requireRole(.admin))
            let id = try context.parameters.require("id")
            do {
                let account = try await site.core.accounts.changeRole(of: id, to: context.form["role"] ?? "", actor: actor)
                let back = Redirect.localPath(context.form["back"]).flatMap { $0.hasPrefix("/admin") ? $0 : nil } ?? "/admin"
                return try Redirect(to: back, flash: "「\(account.id.rawValue)」现在的角色是\(account.role.chineseName)。")
                    .response(from: request, context: context)
            } catch AccountError.notFound {
                throw PageError.notFound("没有找到这个账号。")
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await accountsPage(request, context, error: message, status: status)
            }
        }
    }

    private func accountsPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let actor = try context.actor()
        let query = try Site.query(request)
        let role = query.text("role").flatMap(Role.init(rawValue:))
        let search = query.text("q").map { String($0.prefix(64)) }
        let page = max(1, min(query.text("page").flatMap { Int($0) } ?? 1, 100_000))
        let found = try await site.core.accounts.list(
            role: role, matching: search, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize, actor: actor)
        let me = try context.requireAccount()
        let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let accounts = found.prefix(Self.pageSize).map { account -> [String: Any] in
            [
                "id": account.id.rawValue, "name": account.name, "role": account.role.chineseName, "region": account.region ?? "",
                "school": account.school ?? "", "grade": account.grade.map(Grade.chineseName) ?? "", "created": Site.time(account.createdAt),
                "action": "/admin/accounts/\(Site.segment(account.id.rawValue))/role", "isMe": account.id == me.id,
                "roles": Role.allCases.map { ["value": $0.rawValue, "label": $0.chineseName, "selected": $0 == account.role] },
                "back": Redirect.localPath(here) ?? "/admin",
            ]
        }
        var filter = "role=\(role?.rawValue ?? "")&q=" + (search ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        filter = filter.replacingOccurrences(of: "role=&", with: "")
        let form = context.form
        let audit = try await site.core.accounts.accountAudit(limit: 20, actor: actor).map { entry -> [String: Any] in
            ["at": Site.time(entry.at), "actor": entry.actor, "action": Self.auditAction(entry.action), "target": entry.target, "detail": Self.auditDetail(entry.detail)]
        }
        var values: [String: Any] = [
            "accounts": accounts, "hasAccounts": !accounts.isEmpty, "search": search ?? "",
            "filterRoles": Role.allCases.map { ["value": $0.rawValue, "label": $0.chineseName, "selected": $0 == role] },
            "page": page, "hasPrevious": page > 1, "hasNext": found.count > Self.pageSize,
            "previousHref": "/admin?\(filter)&page=\(page - 1)", "nextHref": "/admin?\(filter)&page=\(page + 1)",
            "f": OrganiserController.fields(form),
            "roles": Role.allCases.map { ["value": $0.rawValue, "label": $0.chineseName, "selected": form["role"] == $0.rawValue] },
            "grades": Grade.range.map { ["value": String($0), "label": Grade.chineseName($0), "selected": form["grade"] == String($0)] },
            "audit": audit, "hasAudit": !audit.isEmpty,
        ]
        if let error { values["error"] = error }
        return try await site.page("admin-accounts", title: "系统管理：账号", context, values, status: status, path: "/admin")
    }

    /// `role=parent→staff` → `家长 → 家庭教育工作人员`; other details as they are.
    static func auditDetail(_ detail: String) -> String {
        guard detail.hasPrefix("role=") else { return detail }
        return detail.dropFirst(5).split(separator: "→").map { Role(rawValue: String($0))?.chineseName ?? String($0) }.joined(separator: " → ")
    }

    static func auditAction(_ action: String) -> String {
        switch action {
        case "account.create": "创建账号"
        case "account.update": "导入更新"
        case "account.role": "修改角色"
        default: action
        }
    }
}
