import App
import Campaigns
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// The staff pages: roles at the door, creating a campaign from a template, the editor's preview and a
/// new revision, review by a second staff member (self-approval refused with a message), scheduling,
/// rates and reminders after sending, the printable letter and the send calendar.
@Suite struct StaffPagesTests {
    static let campaignID = "letter-gaokao-before-2027-06-07-zhejiang"

    /// The bundled library and one account of every role (password `long secret 1`): staff wang and li,
    /// parent mom (浙江 一中, 高三), organiser org, analyst ana, admin root.
    static func core() async throws -> App {
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let core = try await App.makeForTesting(config: config)
        _ = try await core.content.importLibrary(roots: config.contentRoots)
        let accounts: [(String, String, String, Int?)] = [
            ("wang", "staff", "王老师", nil), ("li", "staff", "李老师", nil), ("mom", "parent", "王妈妈", 12), ("org", "organiser", "社区赵", nil),
            ("ana", "analyst", "分析员", nil), ("root", "admin", "管理员", nil),
        ]
        for (id, role, name, grade) in accounts {
            try await core.accounts.create(
                .init(id: id, role: role, name: name, region: "浙江", school: "一中", grade: grade, password: "long secret 1"), actor: .localOperator)
        }
        return core
    }

    static func campaign(_ core: App) async throws -> Campaign {
        try await core.campaigns.campaign(Campaign.ID(campaignID), actor: .localOperator)
    }

    @Test func onlyStaffAndAdminsGetIn() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            // Not signed in: to the sign-in page, and back here afterwards
            let guest = try await browser.get("/staff/calendar?year=2027")
            #expect(guest.status == .seeOther && guest.location == "/login?next=%2Fstaff%2Fcalendar%3Fyear%3D2027")
            for id in ["mom", "org", "ana"] {
                try await browser.signIn(id)
                for uri in ["/staff", "/staff/calendar", "/staff/campaigns/\(Self.campaignID)", "/staff/campaigns/x/edit"] {
                    let page = try await browser.get(uri)
                    #expect(page.status == .forbidden, "\(id) \(uri)")
                    #expect(page.html.contains("没有权限") && page.html.contains("12356"))
                }
                _ = try await browser.get("/")
                let post = try await browser.post("/staff/campaigns", [("template", "letter-gaokao-before"), ("year", "2027"), ("region", "浙江")])
                #expect(post.status == .forbidden)
                _ = try await browser.post("/logout")
            }
            #expect(try await core.campaigns.campaigns(actor: .localOperator).isEmpty)
            try await browser.signIn("root")
            #expect(try await browser.get("/staff").status == .ok)
        }
    }

    @Test func staffWriteAndPreviewAndASecondStaffMemberApproves() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("wang")
            let home = try await browser.get("/staff")
            #expect(home.status == .ok && home.html.contains("高考前致高三家长的一封信") && home.html.contains(#"<label for="create-template">"#))

            // A POST without the CSRF token does nothing
            #expect(try await browser.post("/staff/campaigns", [("template", "letter-gaokao-before"), ("year", "2027")], csrf: "").status == .forbidden)
            #expect(try await core.campaigns.campaigns(actor: .localOperator).isEmpty)

            let created = try await browser.post(
                "/staff/campaigns", [("template", "letter-gaokao-before"), ("year", "2027"), ("region", "浙江"), ("event_date", "")])
            #expect(created.status == .seeOther && created.location == "/staff/campaigns/\(Self.campaignID)")
            let page = try await browser.get(created.location!)
            #expect(page.html.contains("按现在的名单会发给 1 位家长") && page.html.contains("草稿") && page.html.contains("提交审核"))
            #expect(page.html.contains("高考 2027-06-07") && page.html.contains("打印校对稿"))

            // The editor: a preview re-renders the page with the letter as parents will see it, saving nothing
            let editor = try await browser.get("/staff/campaigns/\(Self.campaignID)/edit")
            #expect(editor.status == .ok && editor.html.contains(#"<label for="edit-body">"#) && editor.html.contains("{{hotlines}}"))
            let body = "# 给家长\n\n**睡眠第一**。<script>alert(1)</script>\n\n{{hotlines}}"
            let fields = [
                ("title", "高考前的信<img src=x onerror=alert(2)>"), ("body", body), ("sms", "短信"), ("offset_days", "-6"), ("send_hour", "18"),
                ("ack_required", "1"),
            ]
            let preview = try await browser.post("/staff/campaigns/\(Self.campaignID)/edit", fields + [("do", "preview")])
            #expect(preview.status == .ok && preview.html.contains("预览（尚未保存）"))
            #expect(preview.html.contains("<strong>睡眠第一</strong>") && preview.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!preview.html.contains("<script>") && !preview.html.contains("<img src=x"))
            #expect(try await Self.campaign(core).revision == 1)
            let bad = try await browser.post("/staff/campaigns/\(Self.campaignID)/edit", [("title", "x"), ("body", "y"), ("offset_days", "七"), ("send_hour", "18"), ("do", "save")])
            #expect(bad.status == .ok && bad.html.contains("请填整数"))
            let saved = try await browser.post("/staff/campaigns/\(Self.campaignID)/edit", fields + [("do", "save")])
            #expect(saved.status == .seeOther)
            let revised = try await Self.campaign(core)
            #expect(revised.revision == 2 && revised.content.offsetDays == -6 && revised.content.sendHour == 18 && revised.content.body == body)
            let after = try await browser.get("/staff/campaigns/\(Self.campaignID)")
            #expect(after.html.contains("已保存为第 2 版") && after.html.contains("高考前的信&lt;img src=x"))

            // Submit, then the author's own approval is refused with a clear message
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/submit").status == .seeOther)
            let own = try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/approve")
            #expect(own.status == .forbidden && own.html.contains("不能批准自己写的家长信") && own.html.contains("待审核"))
            #expect(try await Self.campaign(core).state == .inReview)
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/schedule").status == .conflict)
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/start").status == .notFound)
            _ = try await browser.get("/")
            _ = try await browser.post("/logout")

            // A second staff member sees it waiting, approves and schedules it
            try await browser.signIn("li")
            let waiting = try await browser.get("/staff")
            let reviewSection = try #require(waiting.html.range(of: "等我审核的家长信"))
            #expect(waiting.html[reviewSection.upperBound...].prefix(400).contains("/staff/campaigns/\(Self.campaignID)"))
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/approve").status == .seeOther)
            let approved = try await Self.campaign(core)
            #expect(approved.state == .approved && approved.approvedBy == "li")
            let scheduled = try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/schedule")
            #expect(scheduled.status == .seeOther)
            #expect(try await browser.get(scheduled.location!).html.contains("已排期：将于 2027-06-01 18:00 发送"))
            let print = try await browser.get("/staff/campaigns/\(Self.campaignID)/print")
            #expect(print.status == .ok && print.html.contains("回　执") && !print.html.contains("校对稿") && !print.html.contains("<script>"))
        }
    }

    @Test func ratesByTheSchoolAndGradeAndRemindersAfterSending() async throws {
        let core = try await Self.core()
        let wang = Actor.account(try #require(try await core.accounts.account(id: "wang")))
        let li = Actor.account(try #require(try await core.accounts.account(id: "li")))
        let campaign = try await core.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "浙江", actor: wang)
        for (step, actor) in [(CampaignAction.submit, wang), (.approve, li), (.schedule, wang)] {
            _ = try await core.campaigns.perform(step, on: campaign.id, actor: actor)
        }
        #expect(try await core.campaigns.runDue(now: try #require(try await Self.campaign(core).sendAt)).first?.recipients == 1)
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("wang")
            let page = try await browser.get("/staff/campaigns/\(Self.campaignID)")
            #expect(page.html.contains("已发送") && page.html.contains("送达、阅读和回执"))
            #expect(page.html.contains("<td>一中</td><td>高三</td><td class=\"num\">1</td><td class=\"num\">0（0.0%）</td>"))
            let remind = try await browser.post("/staff/campaigns/\(Self.campaignID)/remind")
            #expect(remind.status == .seeOther)
            #expect(try await browser.get(remind.location!).html.contains("已提醒 1 位还没有回执的家长"))
            let mom = Actor.account(try #require(try await core.accounts.account(id: "mom")))
            #expect(try await core.campaigns.inbox(actor: mom).first?.reminded == true)
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/archive").status == .seeOther)
            #expect(try await Self.campaign(core).state == .archived)
            // Unknown ids are 404 pages, for reading and for every action
            #expect(try await browser.get("/staff/campaigns/no-such-campaign").status == .notFound)
            #expect(try await browser.get("/staff/campaigns/no-such-campaign/edit").status == .notFound)
            #expect(try await browser.post("/staff/campaigns/no-such-campaign/steps/submit").status == .notFound)
            #expect(try await browser.post("/staff/campaigns/no-such-campaign/remind").status == .notFound)
            #expect(try await browser.get("/staff/campaigns/no-such-campaign/print").status == .notFound)
        }
    }

    @Test func cancellingAsksForATickAndAClosedCampaignCannotBeEdited() async throws {
        let core = try await Self.core()
        let wang = Actor.account(try #require(try await core.accounts.account(id: "wang")))
        _ = try await core.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "浙江", actor: wang)
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("wang")
            let page = try await browser.get("/staff/campaigns/\(Self.campaignID)")
            #expect(page.html.contains(#"<input type="checkbox" name="confirm" value="1" required>"#))
            let unticked = try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/cancel")
            #expect(unticked.status == .badRequest && unticked.html.contains("请先勾选“确认取消”"))
            #expect(try await Self.campaign(core).state == .draft)
            #expect(try await browser.post("/staff/campaigns/\(Self.campaignID)/steps/cancel", [("confirm", "1")]).status == .seeOther)
            #expect(try await Self.campaign(core).state == .cancelled)
            let editor = try await browser.get("/staff/campaigns/\(Self.campaignID)/edit")
            #expect(editor.status == .ok && editor.html.contains("已经不能修改了") && !editor.html.contains(#"name="body""#))
            let save = try await browser.post("/staff/campaigns/\(Self.campaignID)/edit", [("title", "t"), ("body", "b"), ("offset_days", "0"), ("send_hour", "9"), ("do", "save")])
            #expect(save.status == .conflict && save.html.contains("不能修改"))
        }
    }

    @Test func theSendCalendarShowsEachMonthAndCreatesDraftsFromIt() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("wang")
            let calendar = try await browser.get("/staff/calendar?year=2027&region=%E6%B5%99%E6%B1%9F")
            #expect(calendar.status == .ok && calendar.html.contains("2027 年家长信发送日历（浙江）"))
            #expect(calendar.html.components(separatedBy: #"<table class="month">"#).count == 13)
            // 高考 (June 7) is marked in the June grid; the letter goes out on May 31 at 17:00
            let june = try #require(calendar.html.range(of: "2027年6月</h2>"))
            #expect(calendar.html[june.upperBound...].prefix(3_000).contains(#"<strong>7</strong><span class="cal-event">高考</span>"#))
            #expect(calendar.html.contains(#"<td aria-label="5月31日，发送"#))
            #expect(calendar.html.contains("<strong>2027-05-31 17:00</strong> 高考前致高三家长的一封信"))
            #expect(calendar.html.contains("新建这封信的草稿"))
            let created = try await browser.post(
                "/staff/campaigns", [("template", "letter-gaokao-before"), ("year", "2027"), ("region", "浙江"), ("event_date", "2027-06-07")])
            #expect(created.location == "/staff/campaigns/\(Self.campaignID)")
            #expect(try await browser.get("/staff/calendar?year=2027&region=%E6%B5%99%E6%B1%9F").html.contains("已建：草稿"))
            // Bad input is a page with the reason, never a 500
            #expect(try await browser.get("/staff/calendar?year=abc").status == .badRequest)
            #expect(try await browser.get("/staff/calendar?year=2027&region=%E7%81%AB%E6%98%9F").status == .badRequest)
            let missing = try await browser.post("/staff/campaigns", [("template", "no-such-template"), ("year", "2027")])
            #expect(missing.status == .notFound && missing.html.contains("没有找到这个家长信模板"))
            let noRegion = try await browser.post("/staff/campaigns", [("template", "letter-gaokao-before"), ("year", "1800")])
            #expect(noRegion.status == .badRequest && noRegion.html.contains("1900–2100"))
        }
    }
}
