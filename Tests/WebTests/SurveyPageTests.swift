import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
@testable import Web

/// The anonymous survey link `/survey/{quiz}`: the form with its QR code, a response counted in the
/// awareness rates once per respondent, and every bad input as a clear page.
@Suite struct SurveyPageTests {
    static func respondents(_ core: App, by region: Bool = false) async throws -> [String: Int] {
        let report = try await core.learning.awarenessReport(
            quiz: "sample-survey", by: region ? [.region] : [], from: nil, to: nil, actor: .localOperator, minimumGroup: 1)
        if !region { return ["total": report.total.respondents ?? -1] }
        return Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key["region"] ?? "", $0.cell.respondents ?? -1) })
    }

    @Test func theFormAsksWhoAnsweredAndShowsTheLinkAsAQRCode() async throws {
        try await WebSessionTests.withBrowser { browser in
            let page = try await browser.get("/survey/sample-survey")
            #expect(page.status == .ok)
            for label in [#"<label for="survey-region">"#, #"<label for="survey-school">"#, #"<label for="survey-grade">"#, #"value="student""#] {
                #expect(page.html.contains(label), "\(label)")
            }
            #expect(page.html.contains(#"name="q-q-sleep-01" value="B""#))
            let link = "http://localhost/survey/sample-survey"  // the router test client's authority
            #expect(page.html.contains(#"<a href="\#(link)">"#))
            // The inline SVG is the QR code of exactly that link
            let svg = try QRCode(text: link).svg(label: "问卷链接的二维码：示例问卷")
            #expect(page.html.contains(svg))
            #expect(try await browser.get("/survey/no-such-quiz").status == .notFound)
        }
    }

    @Test func theLinkUsesAPlainHostOrTheConfiguredOne() {
        func request(_ authority: String?, proto: String? = nil) -> Request {
            var head = HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/survey/x")
            if let proto { head.headerFields[HTTPField.Name("X-Forwarded-Proto")!] = proto }
            return Request(head: head, body: .init(buffer: ByteBuffer()))
        }
        let config = AppConfig(host: "127.0.0.1", port: 8080)
        #expect(SurveyPagesController.baseURL(request("xinqiao.example.cn"), config) == "http://xinqiao.example.cn")
        #expect(SurveyPagesController.baseURL(request("xinqiao.example.cn:9000", proto: "https"), config) == "https://xinqiao.example.cn:9000")
        #expect(SurveyPagesController.baseURL(request("evil\"><script>"), config) == "http://127.0.0.1:8080")
        #expect(SurveyPagesController.baseURL(request(nil), config) == "http://127.0.0.1:8080")
    }

    @Test func aResponseIsCountedInAwarenessOncePerRespondent() async throws {
        let core = try await WebSessionTests.makeCore()
        try await WebSessionTests.withBrowser(core) { browser in
            let form = try await browser.get("/survey/sample-survey")
            let respondent = try #require(form.html.range(of: #"name="respondent" value=""#).map { String(form.html[$0.upperBound...].prefix { $0 != "\"" }) })
            let fields = [
                ("respondent", respondent), ("seed", "1"), ("region", "浙江杭州"), ("school", "一中"), ("grade", "8"), ("role", "parent"),
                ("q-q-sleep-01", "B"), ("q-hotline-01", "T"),
            ]
            let done = try await browser.post("/survey/sample-survey", fields)
            #expect(done.status == .ok && done.html.contains("问卷已提交") && done.html.contains("初中生每天睡眠应达到9小时"))
            #expect(try await Self.respondents(core, by: true) == ["浙江杭州": 1])
            // The same form again (a reload or double tap) counts once
            let again = try await browser.post("/survey/sample-survey", fields)
            #expect(again.status == .ok && again.html.contains("已经提交过了"))
            #expect(try await Self.respondents(core)["total"] == 1)
            // A second respondent with a fresh form
            let second = try await browser.get("/survey/sample-survey")
            #expect(second.html.contains(respondent) == false)
        }
    }

    @Test func badSurveyInputIsAClearPageAndCountsNothing() async throws {
        let core = try await WebSessionTests.makeCore()
        try await WebSessionTests.withBrowser(core) { browser in
            _ = try await browser.get("/survey/sample-survey")
            let base = [("respondent", "abcdefghijklmnopqrstuv"), ("seed", "7"), ("region", "浙江"), ("school", "一中"), ("grade", "8"), ("role", "parent")]
            func without(_ name: String, _ extra: [(String, String)] = []) -> [(String, String)] { base.filter { $0.0 != name } + extra }

            let noSchool = try await browser.post(
                "/survey/sample-survey", base.filter { $0.0 != "school" && $0.0 != "region" } + [("region", "<script>alert(1)</script>")])
            #expect(noSchool.status == .badRequest && noSchool.html.contains("请填写所在地区和孩子的学校"))
            #expect(!noSchool.html.contains("<script>alert") && noSchool.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(try await browser.post("/survey/sample-survey", without("grade", [("grade", "13")])).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", without("role", [("role", "teacher")])).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", without("respondent", [("respondent", "x")])).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", without("seed", [("seed", "-1")])).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", base + [("q-q-sleep-01", "Z")]).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", base + [("q-q-sleep-01", "A"), ("q-q-sleep-01", "B")]).status == .badRequest)
            #expect(try await browser.post("/survey/sample-survey", base, csrf: "").status == .forbidden)
            #expect(try await browser.post("/survey/no-such-quiz", base).status == .notFound)
            #expect(try await Self.respondents(core, by: true).isEmpty)
        }
    }
}
