import App
import Campaigns
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lectures
import OutreachCore
import Testing
import TestSupport
import Web

/// The parent pages: letters with 回执 and print, lectures with registration and calendars, courses,
/// lessons, quizzes and progress — and that a parent never reaches another parent's data.
@Suite struct ParentPagesTests {
    // MARK: - Letters

    /// The bundled library, two parents of 浙江 一中 (mom and dad) and a sent letter for mom's grade
    /// whose body a staff edit laced with markup.
    static func coreWithALetter() async throws -> (App, String) {
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let core = try await App.makeForTesting(config: config)
        _ = try await core.content.importLibrary(roots: config.contentRoots)
        for (id, role, grade) in [("wang", "staff", nil), ("li", "staff", nil), ("mom", "parent", 12 as Int?), ("dad", "parent", 3)] {
            try await core.accounts.create(
                .init(id: id, role: role, region: "浙江", school: "一中", grade: grade, password: "long secret 1"), actor: .localOperator)
        }
        let wang = Actor.account(try #require(try await core.accounts.account(id: "wang")))
        let li = Actor.account(try #require(try await core.accounts.account(id: "li")))
        let campaign = try await core.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "浙江", actor: wang)
        _ = try await core.campaigns.edit(
            campaign.id, .init(body: campaign.content.body + "\n\n<script>alert(1)</script> [点我](javascript:alert(2))", ackRequired: true),
            actor: wang)
        for (step, actor) in [(CampaignAction.submit, wang), (.approve, li), (.schedule, wang)] {
            _ = try await core.campaigns.perform(step, on: campaign.id, actor: actor)
        }
        let sendAt = try #require(try await core.campaigns.campaign(campaign.id, actor: wang).sendAt)
        #expect(try await core.campaigns.runDue(now: sendAt).first?.recipients == 1)
        return (core, campaign.id.rawValue)
    }

    @Test func aParentReadsAcknowledgesAndPrintsTheirLetter() async throws {
        let (core, id) = try await Self.coreWithALetter()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("mom")
            let inbox = try await browser.get("/letters")
            #expect(inbox.status == .ok && inbox.html.contains("/letters/\(id)") && inbox.html.contains("未读") && inbox.html.contains("待回执"))
            let letter = try await browser.get("/letters/\(id)")
            #expect(letter.status == .ok)
            #expect(letter.html.contains("12356"))
            #expect(letter.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !letter.html.contains("<script>"))
            #expect(!letter.html.contains("javascript:"))
            #expect(try await browser.get("/letters").html.contains("未读") == false)

            let ack = try await browser.post("/letters/\(id)/ack", [("message", "收到，谢谢老师")])
            #expect(ack.status == .seeOther && ack.location == "/letters/\(id)")
            let after = try await browser.get("/letters/\(id)")
            #expect(after.html.contains("回执已收到") && after.html.contains("您已于"))
            #expect(try await core.campaigns.inbox(actor: .account(try #require(try await core.accounts.account(id: "mom")))).first?.ackAt != nil)

            let print = try await browser.get("/letters/\(id)/print")
            #expect(print.status == .ok)
            #expect(print.html.contains("回　执") && print.html.contains("请沿虚线剪下") && print.html.contains("@media print"))
            #expect(print.html.contains("一中") && print.html.contains("12356") && !print.html.contains("<script>"))
        }
    }

    @Test func aCrisisInTheReceiptMessageShowsTheHelpFirst() async throws {
        let (core, id) = try await Self.coreWithALetter()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("mom")
            _ = try await browser.get("/letters/\(id)")
            let reply = try await browser.post("/letters/\(id)/ack", [("message", "孩子这几天总说不想活了，我该怎么办")])
            #expect(reply.status == .ok)
            let help = try #require(reply.html.range(of: "请先看这里"))
            let letterTitle = try #require(reply.html.range(of: "<article class=\"letter\">"))
            #expect(help.lowerBound < letterTitle.lowerBound)
            #expect(reply.html[help.lowerBound...].contains("12356"))
            #expect(reply.html.contains("回执已收到"))
        }
    }

    @Test func aParentCannotReachAnotherParentsLetter() async throws {
        let (core, id) = try await Self.coreWithALetter()
        try await WebSessionTests.withBrowser(core) { browser in
            #expect(try await browser.get("/letters/\(id)").location == "/login?next=%2Fletters%2F\(id)")
            try await browser.signIn("dad")
            #expect(try await browser.get("/letters").html.contains(id) == false)
            let read = try await browser.get("/letters/\(id)")
            #expect(read.status == .notFound && read.html.contains("页面不存在"))
            _ = try await browser.get("/letters")
            #expect(try await browser.post("/letters/\(id)/ack", [("message", "x")]).status == .notFound)
            #expect(try await browser.get("/letters/\(id)/print").status == .notFound)
            #expect(try await browser.get("/letters/no-such-letter").status == .notFound)
            // Nothing happened to mom's delivery
            let mom = try #require(try await core.accounts.account(id: "mom"))
            let delivery = try #require(try await core.campaigns.inbox(actor: .account(mom)).first)
            #expect(delivery.readAt == nil && delivery.ackAt == nil)
        }
    }

    @Test func pagesThatNeedAnAccountSendGuestsToSignInAndBack() async throws {
        try await WebSessionTests.withBrowser { browser in
            let page = try await browser.get("/letters")
            #expect(page.status == .seeOther && page.location == "/login?next=%2Fletters")
            let login = try await browser.get(page.location!)
            #expect(login.html.contains(#"name="next" value="/letters""#))
            let signedIn = try await browser.post("/login", [("id", "mom"), ("password", "long secret 1"), ("next", "/letters")])
            #expect(signedIn.location == "/letters")
        }
    }

    // MARK: - Lectures

    /// The minimal library, parents mom and dad, and one lecture with a single seat.
    static func coreWithALecture(title: String = "<b>睡眠</b>与情绪讲座") async throws -> App {
        let core = try await WebSessionTests.makeCore()
        _ = try await core.lectures.addVenue(
            Venue(id: "hall", name: "社区礼堂", address: "幸福路 1 号", region: "浙江杭州", capacity: 1, accessibility: "有无障碍坡道"),
            actor: .localOperator)
        _ = try await core.lectures.add(
            .init(
                id: "sleep-talk", title: title, venue: "hall", start: try #require(BeijingTime.parseInstant("2027-03-06T19:00:00+08:00")),
                end: try #require(BeijingTime.parseInstant("2027-03-06T20:30:00+08:00"))),
            actor: .localOperator)
        return core
    }

    @Test func parentsBrowseRegisterWaitAndCancelLectures() async throws {
        let core = try await Self.coreWithALecture()
        try await WebSessionTests.withBrowser(core) { browser in
            let list = try await browser.get("/lectures")
            #expect(list.status == .ok && list.html.contains("&lt;b&gt;睡眠&lt;/b&gt;与情绪讲座") && !list.html.contains("<b>睡眠"))
            #expect(list.html.contains("剩余 1 / 1 个名额"))
            #expect(try await browser.get("/lectures/sleep-talk").html.contains("登录后报名"))
            #expect(try await browser.get("/lectures/no-such-lecture").status == .notFound)

            try await browser.signIn("mom")
            let detail = try await browser.get("/lectures/sleep-talk")
            #expect(detail.html.contains("幸福路 1 号") && detail.html.contains("我要报名"))
            let registered = try await browser.post("/lectures/sleep-talk/register")
            #expect(registered.status == .seeOther)
            let after = try await browser.get("/lectures/sleep-talk")
            #expect(after.html.contains("报名成功！您的签到码是") && after.html.contains("取消报名"))
            #expect(try await browser.post("/lectures/sleep-talk/register").status == .conflict)
            let calendar = try await browser.get("/me/lectures.ics")
            #expect(calendar.headers[.contentType]?.hasPrefix("text/calendar") == true && calendar.html.contains("签到码"))
            let ics = try await browser.get("/lectures/sleep-talk/ics")
            #expect(ics.html.hasPrefix("BEGIN:VCALENDAR") && ics.headers[.contentDisposition]?.contains("attachment") == true)
            _ = try await browser.post("/logout")

            try await browser.signIn("dad")
            _ = try await browser.get("/lectures/sleep-talk")
            // Dad cannot cancel mom's seat, even naming her in the form
            #expect(try await browser.post("/lectures/sleep-talk/cancel", [("parent", "mom")]).status == .notFound)
            let waitlisted = try await browser.post("/lectures/sleep-talk/register", [("parent", "mom")])
            #expect(waitlisted.status == .seeOther)
            #expect(try await browser.get("/lectures/sleep-talk").html.contains("候补第 1 位"))
            let pairs = try await core.lectures.registrations(parent: "mom", actor: .localOperator)
            #expect(pairs.first?.0.status == .registered)
            #expect(try await core.lectures.registrations(parent: "dad", actor: .localOperator).first?.0.status == .waitlisted)
            #expect(try await browser.post("/lectures/sleep-talk/cancel").status == .seeOther)
            #expect(try await browser.get("/lectures/sleep-talk").html.contains("已取消报名"))
        }
    }

    // MARK: - Learning

    @Test func parentsReadLessonsTakeQuizzesAndSeeTheirCertificates() async throws {
        try await WebSessionTests.withBrowser { browser in
            let learn = try await browser.get("/learn")
            #expect(learn.status == .ok && learn.html.contains("示例家长课堂"))
            #expect(try await browser.get("/learn/no-such-course").status == .notFound)
            #expect(try await browser.get("/lessons/no-such-lesson").status == .notFound)
            #expect(try await browser.get("/quiz/no-such-quiz").status == .notFound)
            #expect(try await browser.get("/progress").status == .seeOther)

            try await browser.signIn("mom")
            _ = try await browser.get("/learn/course-sample")
            #expect(try await browser.post("/learn/course-sample/enrol").status == .seeOther)
            let lesson = try await browser.get("/lessons/course-sample-01")
            #expect(lesson.status == .ok && lesson.html.contains("孩子睡不够") && lesson.html.contains("我读完了"))
            #expect(try await browser.post("/lessons/course-sample-01/read").status == .seeOther)
            let done = try await browser.get("/lessons/course-sample-01")
            #expect(done.html.contains("恭喜您学完了整门课程") && done.html.contains("您已读完这一节"))
            let progress = try await browser.get("/progress")
            #expect(progress.html.contains("示例家长课堂") && progress.html.contains("/certificates/"))

            // A quiz: start, answer (one right, one left out), results with explanations
            _ = try await browser.get("/quiz/sample-survey")
            let started = try await browser.post("/quiz/sample-survey/attempts")
            let attemptPath = try #require(started.location)
            #expect(attemptPath.hasPrefix("/quiz/sample-survey/attempts/"))
            let form = try await browser.get(attemptPath)
            #expect(form.html.contains(#"name="q-q-sleep-01" value="B""#) && form.html.contains("<fieldset>"))
            #expect(try await browser.post(attemptPath, [("q-q-sleep-01", "Z")]).status == .badRequest)
            let submitted = try await browser.post(attemptPath, [("q-q-sleep-01", "B")])
            #expect(submitted.status == .seeOther && submitted.location == attemptPath)
            let result = try await browser.get(attemptPath)
            #expect(result.html.contains("您答对了 <strong>1</strong> / 2 题"))
            #expect(result.html.contains("初中生每天睡眠应达到9小时") && result.html.contains("12356是全国统一心理援助热线"))
            #expect(result.html.contains("（未作答）"))
            _ = try await browser.post("/logout")

            // Another parent cannot open or submit mom's attempt
            try await browser.signIn("dad")
            #expect(try await browser.get(attemptPath).status == .notFound)
            _ = try await browser.get("/")
            #expect(try await browser.post(attemptPath, [("q-q-sleep-01", "A")]).status == .notFound)
        }
    }
}
