import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// The web foundation: sign-in and sign-out with signed cookies, CSRF on every form, the sign-in rate
/// limit, the form-size cap, strict decoding, the text-size toggle and the role-aware layout.
@Suite struct WebSessionTests {
    /// A core with the minimal library and a few accounts (password `long secret 1`).
    static func makeCore() async throws -> App {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await core.content.importLibrary(roots: library.roots)
        for (id, role, name) in [("mom", "parent", "王<b>妈妈</b>"), ("dad", "parent", "李爸爸"), ("wang", "staff", "王老师")] {
            try await core.accounts.create(
                .init(id: id, role: role, name: name, region: "浙江", school: "一中", grade: 3, password: "long secret 1"), actor: .localOperator)
        }
        return core
    }

    @discardableResult
    static func withBrowser<T: Sendable>(_ core: App? = nil, _ body: @Sendable (Browser) async throws -> T) async throws -> T {
        var app = core
        if app == nil { app = try await makeCore() }
        let application = Application(router: try await buildRouter(core: app!))
        return try await application.test(.router) { client in try await body(Browser(client)) }
    }

    @Test func signInSetsASignedHttpOnlyLaxCookieAndShowsTheParentNavigation() async throws {
        try await Self.withBrowser { browser in
            let login = try await browser.get("/login")
            #expect(login.status == .ok)
            #expect(login.html.contains(#"<label for="login-id">"#) && login.csrf?.isEmpty == false)
            let csrfCookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("xq_csrf=") })
            #expect(csrfCookie.contains("HttpOnly") && csrfCookie.contains("SameSite=Lax"))

            let wrong = try await browser.signIn("mom", "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.html.contains("账号或密码不对"))
            #expect(browser.cookies["xq_session"] == nil)

            let signedIn = try await browser.signIn("mom")
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("xq_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"))
            let home = try await browser.get("/")
            #expect(home.html.contains("王&lt;b&gt;妈妈&lt;/b&gt;") && !home.html.contains("王<b>妈妈"))
            #expect(home.html.contains(#"href="/letters""#) && home.html.contains("退出登录"))
            #expect(home.html.contains(#"<a href="/" aria-current="page">首页</a>"#))
        }
    }

    @Test func cookiesAreSecureWhenTheServerIsReachedThroughTLS() async throws {
        // Given a server configured for TLS (serve --secure-cookies)
        var config = AppConfig(bcryptCost: 4, lexiconDirectory: nil)
        config.secureCookies = true
        let core = try await App.makeForTesting(config: config)
        try await core.accounts.create(.init(id: "mom", role: "parent", password: "long secret 1"), actor: .localOperator)
        try await Self.withBrowser(core) { browser in
            // Then every cookie it sets carries Secure, the session cookie too
            let login = try await browser.get("/login")
            let csrf = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("xq_csrf=") })
            #expect(csrf.contains("Secure") && csrf.contains("HttpOnly"))
            let signedIn = try await browser.signIn("mom")
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("xq_session=") })
            #expect(session.contains("Secure"))
        }
        // And without it (plain HTTP on a development machine) none does
        try await Self.withBrowser { browser in
            let login = try await browser.get("/login")
            #expect(login.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
        }
    }

    @Test func staffLandOnTheirSectionAndSeeTheirNavigation() async throws {
        try await Self.withBrowser { browser in
            let signedIn = try await browser.signIn("wang")
            #expect(signedIn.location == "/staff")
            let home = try await browser.get("/")
            #expect(home.html.contains(#"href="/staff""#) && !home.html.contains(#"href="/letters""#))
        }
    }

    @Test func aForgedOrSignedOutSessionCookieSignsNobodyIn() async throws {
        try await Self.withBrowser { browser in
            try await browser.signIn("mom")
            let cookie = try #require(browser.cookies["xq_session"])
            // The token with a signature that does not fit
            let token = String(cookie.split(separator: ".")[0])
            browser.setCookie("xq_session", token + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            let forged = try await browser.get("/")
            #expect(!forged.html.contains("退出登录"))
            #expect(forged.headers[values: .setCookie].contains { $0.hasPrefix("xq_session=;") || $0.hasPrefix("xq_session=") && $0.contains("Max-Age=0") })
            // Sign-out ends the session in the store: the old cookie is worthless afterwards
            browser.setCookie("xq_session", cookie)
            _ = try await browser.get("/")
            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther && browser.cookies["xq_session"] == nil)
            let after = try await browser.get("/")
            #expect(after.html.contains("您已安全退出"))
            browser.setCookie("xq_session", cookie)
            #expect(try await !browser.get("/").html.contains("退出登录"))
        }
    }

    @Test func everyFormNeedsTheCSRFTokenOfThisBrowserAndSession() async throws {
        try await Self.withBrowser { browser in
            try await browser.signIn("mom")
            _ = try await browser.get("/")
            let token = try #require(browser.csrf)
            // Missing, forged, and a valid-looking token of another browser: 403, still signed in
            #expect(try await browser.post("/logout", csrf: "").status == .forbidden)
            let forged = try await browser.post("/logout", csrf: String(token.reversed()))
            #expect(forged.status == .forbidden && forged.html.contains("页面已过期"))
            let other = try await Self.otherBrowserToken()
            #expect(try await browser.post("/logout", csrf: other).status == .forbidden)
            #expect(try await browser.get("/").html.contains("退出登录"))
            // The token of the anonymous page before sign-in does not work after it either
            let fresh = Browser(browser.client)
            let anonymous = try await fresh.get("/login")
            try await fresh.signIn("dad")
            #expect(try await fresh.post("/logout", csrf: anonymous.csrf).status == .forbidden)
            #expect(try await browser.post("/logout", csrf: token).status == .seeOther)
        }
    }

    static func otherBrowserToken() async throws -> String {
        try await withBrowser { other in try #require(try await other.get("/login").csrf) }
    }

    @Test func signInIsRateLimitedPerAccountAndPerAddress() async throws {
        try await Self.withBrowser { browser in
            for _ in 0..<5 { #expect(try await browser.signIn("mom", "wrong password").status == .unauthorized) }
            // Locked: even the right password is refused for 15 minutes, with a Chinese 429 page
            let locked = try await browser.signIn("mom")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.html.contains("登录失败的次数太多了") && locked.html.contains("15 分钟"))
            #expect(browser.cookies["xq_session"] == nil)
            // Another account from the same address is not locked by mom's failures
            #expect(try await browser.signIn("dad").status == .seeOther)
        }
        // The address: 20 failures spread over many made-up ids lock the address for everyone
        try await Self.withBrowser { browser in
            for index in 0..<20 { _ = try await browser.signIn("guess\(index)", "wrong password") }
            #expect(try await browser.signIn("dad").status == .tooManyRequests)
        }
    }

    @Test func theAPISignInSharesTheLimit() async throws {
        try await Self.withBrowser { browser in
            for _ in 0..<5 {
                let status = try await browser.client.execute(
                    uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"id":"mom","password":"wrong"}"#)) { $0.status }
                #expect(status == .unauthorized)
            }
            let status = try await browser.client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"mom","password":"long secret 1"}"#)) { $0.status }
            #expect(status == .tooManyRequests)
            #expect(try await browser.signIn("mom").status == .tooManyRequests)
        }
    }

    @Test func formsOverOneMebibyteAre413AndBrokenEncodingIs400() async throws {
        try await Self.withBrowser { browser in
            _ = try await browser.get("/login")
            let big = try await browser.post("/login", [("id", "mom"), ("password", String(repeating: "x", count: 1 << 20))])
            #expect(big.status == .contentTooLarge && big.html.contains("内容太多"))
            let invalidUTF8 = try await browser.postRaw("/login", body: ByteBuffer(bytes: Array("id=%FF%FE&password=x&_csrf=\(browser.csrf!)".utf8)))
            #expect(invalidUTF8.status == .badRequest && invalidUTF8.html.contains("UTF-8"))
            let rawBytes = try await browser.postRaw("/login", body: ByteBuffer(bytes: [0x69, 0x64, 0x3D, 0xFF, 0xFE]))
            #expect(rawBytes.status == .badRequest)
            #expect(try await browser.get("/login?next=%FF").status == .badRequest)
            #expect(try await browser.get("/login?next=%E5%AD").status == .badRequest)
            #expect(try await browser.get("/login?next=a%ZZ").status == .badRequest)
            #expect(try await browser.get("/lectures?region=%C0%AF").status == .badRequest)
        }
    }

    @Test func markupTypedIntoTheSignInFormComesBackEscaped() async throws {
        try await Self.withBrowser { browser in
            let page = try await browser.signIn("<script>alert(1)</script>", "whatever")
            #expect(page.status == .unauthorized)
            #expect(page.html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"") && !page.html.contains("<script>alert"))
            #expect(try await browser.post("/login", [("id", ""), ("password", "")]).status == .badRequest)
        }
    }

    @Test func rolesWithoutAPermissionGetA403PageFromTheAppLayer() async throws {
        let core = try await Self.makeCore()
        try await core.accounts.create(.init(id: "ana", role: "analyst", password: "long secret 1"), actor: .localOperator)
        try await core.accounts.create(.init(id: "org", role: "organiser", password: "long secret 1"), actor: .localOperator)
        try await Self.withBrowser(core) { browser in
            #expect(try await browser.signIn("ana").location == "/analytics")
            let progress = try await browser.get("/progress")
            #expect(progress.status == .forbidden && progress.html.contains("没有权限"))
            #expect(try await browser.get("/letters").status == .forbidden)
            _ = try await browser.post("/logout")
            try await browser.signIn("org")
            #expect(try await browser.get("/letters").status == .forbidden)
            _ = try await browser.get("/lectures")
            // An organiser is not a parent: the App layer refuses to register them as one
            #expect(try await browser.post("/lectures/none/register").status == .badRequest)
        }
    }

    @Test func nextOnlyLeadsToPagesOfThisSite() async throws {
        try await Self.withBrowser { browser in
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                _ = try await browser.get("/login?next=\(Browser.encode(next))")
                let page = try await browser.post("/login", [("id", "mom"), ("password", "long secret 1"), ("next", next)])
                #expect(page.location == "/", "\(next)")
                _ = try await browser.get("/")
                _ = try await browser.post("/logout")
            }
            _ = try await browser.get("/login")
            let page = try await browser.post("/login", [("id", "mom"), ("password", "long secret 1"), ("next", "/search?q=睡眠")])
            #expect(page.location == "/search?q=%E7%9D%A1%E7%9C%A0")
        }
    }

    @Test func largeTextPersistsInACookieWithoutJavaScript() async throws {
        try await Self.withBrowser { browser in
            let before = try await browser.get("/")
            #expect(!before.html.contains(#"class="large-text""#) && before.html.contains("大字模式"))
            let toggled = try await browser.post("/settings/text-size", [("size", "large"), ("back", "/learn")])
            #expect(toggled.status == .seeOther && toggled.location == "/learn")
            #expect(browser.cookies["xq_text"] == "large")
            let after = try await browser.get("/")
            #expect(after.html.contains(#"<html lang="zh-CN" class="large-text">"#) && after.html.contains("恢复标准字号"))
            _ = try await browser.post("/settings/text-size", [("size", "normal"), ("back", "//evil.example")])
            #expect(browser.cookies["xq_text"] == nil)
            #expect(try await !browser.get("/").html.contains(#"class="large-text""#))
        }
    }

    @Test func everyPageCarriesTheHotlinesAndSecurityHeaders() async throws {
        try await Self.withBrowser { browser in
            for uri in ["/", "/login", "/no-such-page"] {
                let page = try await browser.get(uri)
                #expect(page.html.contains("12356"), "\(uri)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test func theSigningSecretIsMadeOnceAndKeptInTheDatabase() async throws {
        let core = try await App.makeForTesting()
        let first = try await core.serverSecret()
        #expect(first.count == 32)
        #expect(try await core.serverSecret() == first)
        // A second router over the same database (a restart) accepts the first one's session cookie
        try await core.accounts.create(.init(id: "mom", role: "parent", password: "long secret 1"), actor: .localOperator)
        let cookie = try await Self.withBrowser(core) { browser in
            try await browser.signIn("mom")
            return try #require(browser.cookies["xq_session"])
        }
        try await Self.withBrowser(core) { browser in
            browser.setCookie("xq_session", cookie)
            let html = try await browser.get("/").html
            #expect(html.contains("退出登录"))
        }
    }
}
