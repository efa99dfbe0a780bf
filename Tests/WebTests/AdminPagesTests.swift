import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// The admin pages: only admins get in, an admin creates an account (bad input comes back with the
/// reason), changes a role (audited, takes effect at once, never their own), and finds accounts.
@Suite struct AdminPagesTests {
    /// The minimal library, parents mom and dad, staff wang (`WebSessionTests.makeCore`), and admin chief.
    static func core() async throws -> App {
        let core = try await WebSessionTests.makeCore()
        try await core.accounts.create(.init(id: "chief", role: "admin", name: "管理员", password: "long secret 1"), actor: .localOperator)
        return core
    }

    @Test func onlyAdminsGetIn() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            #expect(try await browser.get("/admin").location == "/login?next=%2Fadmin")
            for id in ["mom", "wang"] {
                try await browser.signIn(id)
                #expect(try await browser.get("/admin").status == .forbidden)
                _ = try await browser.get("/")
                #expect(try await browser.post("/admin/accounts", [("id", "evil"), ("role", "admin"), ("password", "long secret 1")]).status == .forbidden)
                #expect(try await browser.post("/admin/accounts/\(id)/role", [("role", "admin")]).status == .forbidden)
                _ = try await browser.post("/logout")
            }
            #expect(try await core.accounts.account(id: "evil") == nil)
            #expect(try await core.accounts.account(id: "wang")?.role == .staff)
        }
    }

    @Test func anAdminCreatesAnAccountThatCanSignIn() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("chief")
            let page = try await browser.get("/admin")
            #expect(page.status == .ok && page.html.contains(#"<label for="new-id">"#) && page.html.contains("李爸爸"))
            // Without the CSRF token nothing is created
            let fields = [
                ("id", "zhao"), ("name", "<i>赵</i>老师"), ("role", "organiser"), ("region", "浙江杭州"), ("school", ""), ("grade", ""),
                ("password", "a long password"),
            ]
            #expect(try await browser.post("/admin/accounts", fields, csrf: "").status == .forbidden)
            #expect(try await core.accounts.account(id: "zhao") == nil)

            let weak = try await browser.post("/admin/accounts", [("id", "zhao"), ("name", "赵老师"), ("role", "organiser"), ("password", "short")])
            #expect(weak.status == .badRequest && weak.html.contains("密码至少要 8 个字符") && weak.html.contains(#"value="zhao""#))
            #expect(!weak.html.contains("short"))  // a password is never written back into the page
            #expect(try await browser.post("/admin/accounts", [("id", "zhao"), ("password", "a long password")]).html.contains("请选择一个角色"))
            #expect(try await browser.post("/admin/accounts", [("id", "赵"), ("role", "staff"), ("password", "a long password")]).status == .badRequest)
            #expect(try await browser.post("/admin/accounts", [("id", "mom"), ("role", "staff"), ("password", "a long password")]).status == .conflict)
            #expect(try await browser.post("/admin/accounts", [("id", "kid"), ("role", "parent"), ("grade", "13"), ("password", "a long password")]).status == .badRequest)

            let created = try await browser.post("/admin/accounts", fields)
            #expect(created.status == .seeOther)
            let account = try #require(try await core.accounts.account(id: "zhao"))
            #expect(account.role == .organiser && account.region == "浙江杭州" && account.school == nil && account.name == "<i>赵</i>老师")
            let list = try await browser.get("/admin")
            #expect(list.html.contains("已创建账号「zhao」（社区组织者）") && list.html.contains("&lt;i&gt;赵&lt;/i&gt;老师") && !list.html.contains("<i>赵"))
            #expect(list.html.contains("<td>创建账号</td><td>zhao</td>"))

            let other = Browser(browser.client)
            #expect(try await other.signIn("zhao", "a long password").location == "/organiser")
        }
    }

    @Test func anAdminChangesARoleAuditedAndAtOnceButNeverTheirOwn() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            // mom is signed in elsewhere as a parent
            let mom = Browser(browser.client)
            try await mom.signIn("mom")
            #expect(try await mom.get("/staff").status == .forbidden)

            try await browser.signIn("chief")
            _ = try await browser.get("/admin")
            #expect(try await browser.post("/admin/accounts/mom/role", [("role", "staff")], csrf: "").status == .forbidden)
            #expect(try await core.accounts.account(id: "mom")?.role == .parent)
            let changed = try await browser.post("/admin/accounts/mom/role", [("role", "staff"), ("back", "/admin?role=parent")])
            #expect(changed.status == .seeOther && changed.location == "/admin?role=parent")
            #expect(try await core.accounts.account(id: "mom")?.role == .staff)
            let page = try await browser.get("/admin")
            #expect(page.html.contains("「mom」现在的角色是家庭教育工作人员"))
            #expect(page.html.contains("<td>chief</td><td>修改角色</td><td>mom</td><td>家长 → 家庭教育工作人员</td>"))
            let entry = try #require(try await core.database.auditLog(limit: 1).first)
            #expect(entry.action == "account.role" && entry.actor == "chief" && entry.detail == "role=parent→staff")
            // The new role counts on mom's next request
            #expect(try await mom.get("/staff").status == .ok)

            let own = try await browser.post("/admin/accounts/chief/role", [("role", "parent")])
            #expect(own.status == .forbidden && own.html.contains("不能修改自己的角色"))
            #expect(try await core.accounts.account(id: "chief")?.role == .admin)
            #expect(page.html.contains("管理员（您自己）"))
            #expect(try await browser.post("/admin/accounts/nobody/role", [("role", "staff")]).status == .notFound)
            #expect(try await browser.post("/admin/accounts/dad/role", [("role", "king")]).status == .badRequest)
            #expect(try await browser.post("/admin/accounts/dad/role", [("role", "staff"), ("back", "//evil.example")]).location == "/admin")
        }
    }

    @Test func accountsAreFoundByRoleAndText() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("chief")
            // The accounts table, before the form and the audit log (which name other accounts)
            func table(_ uri: String) async throws -> Substring {
                let html = try await browser.get(uri).html
                return html[..<(html.range(of: "新建账号")?.lowerBound ?? html.endIndex)]
            }
            let parents = try await table("/admin?role=parent")
            #expect(parents.contains("<td>mom</td>") && parents.contains("<td>dad</td>") && !parents.contains("<td>wang</td>"))
            let search = try await table("/admin?q=%E7%8E%8B")  // 王: mom's and wang's names
            #expect(search.contains("<td>mom</td>") && search.contains("<td>wang</td>") && !search.contains("<td>dad</td>"))
            #expect(try await browser.get("/admin?q=nobody").html.contains("没有符合条件的账号"))
            #expect(try await browser.get("/admin?page=abc").status == .ok)
        }
    }
}
