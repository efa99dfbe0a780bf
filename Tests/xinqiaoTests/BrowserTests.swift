import Foundation
import Testing
import TestSupport

/// The web pages in a real browser: headless Chromium, driven over the W3C WebDriver protocol
/// (`WebDriver`), against the built `xinqiao serve` on a database set up with the CLI. Each scenario
/// asserts through the DOM, photographs every page it visits at 360 px and 1280 px
/// (`.build/screenshots/<scenario>/`) and checks that none is wider than a 360 px phone.
///
/// Skipped when chromium or chromedriver is missing (developer machines); `scripts/deps.sh test`
/// installs both and `.ci/run` sets `XINQIAO_BROWSER_TESTS=required`, so on CI they always run.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: BrowserStage.enabled, "chromium and chromedriver are not installed: browser tests skipped (scripts/deps.sh test installs them)"))
struct BrowserTests {
    static let quiz = "parent-awareness"

    @Test func aParentTakesTheAwarenessQuizAndSeesTheScore() async throws {
        let mom = BrowserStage.Account(id: "mom", role: "parent", name: "王妈妈", grade: 8)
        try await BrowserStage.run("parent-quiz", accounts: [mom]) { stage, driver in
            let key = try Self.answerKey(stage)
            try #require(key.count == 20)
            // Given a signed-in parent on the quiz page
            try await stage.signIn("mom", landsOn: "/")
            try await driver.waitFor("h1", containing: "欢迎回来")
            try await stage.capture("parent-home")
            try await driver.open("/quiz/\(Self.quiz)")
            try await driver.waitFor("h1", containing: "家长心理健康核心知识知晓情况调查")
            #expect(try await driver.text("main").contains("共 20 题，答对 80% 及以上算“掌握”"))
            try await stage.capture("quiz")

            // When they start, answer the first question wrongly and the other 19 rightly, and hand in
            try await stage.press("开始测验")
            try await driver.waitForPath("/quiz/\(Self.quiz)/attempts/")
            #expect(try await driver.all("fieldset").count == 20)
            try await stage.capture("quiz-attempt")
            for (index, question) in key.enumerated() {
                let chosen = index == 0 ? [question.options.first { !question.answer.contains($0) }!] : question.answer
                for option in chosen {
                    let input = try await driver.waitFor("input[name=\"q-\(question.id)\"][value=\"\(option)\"]")
                    try await driver.click(input)
                    #expect(try await driver.execute("return arguments[0].checked;", input) as? Bool == true)
                }
            }
            try await stage.press("交卷，看答案")

            // Then the results say 19 of 20, aware, with the first question marked wrong and explained
            try await driver.waitFor("h1", containing: "测验结果")
            let summary = try await driver.text("main .panel")
            #expect(summary.contains("您答对了 19 / 20 题（95%）"), "\(summary)")
            #expect(summary.contains("已达到“掌握”的标准"))
            #expect(try await driver.all("main .right").count == 19)
            #expect(try await driver.all("main .wrong").count == 1)
            let first = try await driver.text("main section.panel")
            #expect(first.contains("✗ 正确答案是 \(key[0].answer.joined())."), "\(first)")
            try await stage.capture("quiz-result")
            // And a reload shows the same stored result, not a new form
            try await driver.open(try await driver.currentPath())
            #expect(try await driver.text("main .panel").contains("您答对了 19 / 20 题"))
            #expect(try await driver.all("input[type=radio]").isEmpty)
        }
    }

    @Test func aLetterGoesFromDraftThroughReviewToTheParentsReceipt() async throws {
        let accounts = [
            BrowserStage.Account(id: "wang", role: "staff", name: "王老师", region: "", school: ""),
            BrowserStage.Account(id: "li", role: "staff", name: "李老师", region: "", school: ""),
            BrowserStage.Account(id: "mom", role: "parent", name: "高三妈妈", grade: 12),
        ]
        let campaign = "/staff/campaigns/letter-gaokao-before-2027-06-07-zhejiang"
        try await BrowserStage.run("letter-campaign", accounts: accounts) { stage, driver in
            // Given staff member 王老师 drafting the 高考 letter for 浙江 2027 from its template
            try await stage.signIn("wang", landsOn: "/staff")
            try await driver.waitFor("h1", containing: "家长信工作台")
            try await stage.capture("staff-home")
            try await stage.choose("letter-gaokao-before", in: "#create-template")
            try await driver.type("2027", into: try await driver.waitFor("#create-year"))
            try await stage.choose("浙江", in: "#create-region")
            try await stage.press("新建草稿")
            try await driver.waitForPath(campaign)
            try await driver.waitFor(".flash", containing: "按现在的名单会发给 1 位家长")
            #expect(try await driver.text("dl").contains("草稿"))
            try await stage.capture("campaign-draft")

            // When she submits it and tries to approve it herself, she is refused with the reason
            try await stage.press("提交审核")
            try await driver.waitFor(".flash", containing: "已提交审核")
            try await stage.press("批准")
            try await driver.waitFor(".alert", containing: "不能批准自己写的家长信")
            #expect(try await driver.text("dl").contains("待审核"))
            try await stage.capture("campaign-self-approval-refused")
            try await stage.signOut()

            // Then 李老师 finds it waiting for her review, approves and schedules it
            try await stage.signIn("li", landsOn: "/staff")
            let waiting = try await driver.waitFor("section[aria-labelledby=review-heading] a", containing: "高考前")
            try await driver.clickAndWaitForPage(waiting)
            try await driver.waitForPath(campaign)
            try await stage.press("批准")
            try await driver.waitFor(".flash", containing: "已批准")
            #expect(try await driver.text("dl").contains("批准人 li"))
            try await stage.press("排期发送")
            try await driver.waitFor(".flash", containing: "已排期：将于 2027-05-31 17:00 发送")
            try await stage.capture("campaign-scheduled")

            // And the scheduler sends it at its time (run-due, as the server does every minute)
            let sent = try stage.cli(["campaign", "run-due", "--now", "2027-05-31T17:00:00+08:00", "--json"])
            #expect(sent.contains("\"recipients\":1") || sent.contains("\"recipients\" : 1"), "\(sent)")
            try await driver.open(campaign)
            try await driver.waitFor("dl", containing: "已发送")
            #expect(try await driver.text("tfoot").contains("1"))
            try await stage.signOut()

            // The parent sees it unread on the home page and in the inbox, reads it and sends the 回执
            try await stage.signIn("mom", landsOn: "/")
            try await driver.waitFor("section[aria-labelledby=home-letters]", containing: "您有 1 封未读的家长信")
            try await driver.clickAndWaitForPage(try await driver.waitFor("nav a", containing: "家长信"))
            try await driver.waitForPath("/letters")
            let inbox = try await driver.text("main ul.list")
            #expect(inbox.contains("高考前") && inbox.contains("未读") && inbox.contains("待回执"), "\(inbox)")
            try await stage.capture("letters-unread")
            try await driver.clickAndWaitForPage(try await driver.waitFor("main ul.list a", containing: "高考前"))
            try await driver.waitFor("#receipt-title")
            #expect(try await driver.text("article.letter").contains("12356"))
            try await stage.capture("letter")
            try await driver.type("收到，这段时间会多陪陪孩子。", into: try await driver.waitFor("#ack-message"))
            try await stage.press("确认回执")
            try await driver.waitFor(".flash", containing: "回执已收到，谢谢您！")
            let receipt = try await driver.text("section[aria-labelledby=receipt-title]")
            #expect(receipt.contains("您已于") && receipt.contains("回执，谢谢您"), "\(receipt)")
            #expect(try await driver.first("#ack-message") == nil)
            try await stage.capture("letter-acknowledged")
            try await driver.open("/letters")
            let after = try await driver.text("main ul.list")
            #expect(after.contains("已回执") && !after.contains("待回执") && !after.contains("未读"), "\(after)")
            try await stage.signOut()

            // And the staff page counts the receipt
            try await stage.signIn("li", landsOn: "/staff")
            try await driver.open(campaign)
            let total = try await driver.text("tfoot")
            #expect(total.contains("1（100.0%）"), "\(total)")
            try await stage.capture("campaign-rates")
        }
    }

    @Test func theAnalystSeesTheChartsAfterSurveyResponses() async throws {
        let accounts = [BrowserStage.Account(id: "ana", role: "analyst", name: "分析员", region: "", school: "")]
        try await BrowserStage.run("analytics", accounts: accounts, prepare: Self.importResponses) { stage, driver in
            // Given 36 imported responses and one more through the anonymous survey page
            try await driver.open("/survey/\(Self.quiz)")
            try await driver.waitFor("h1", containing: "家长心理健康核心知识知晓情况调查")
            #expect(try await driver.first("section[aria-labelledby=survey-share] svg") != nil)
            try await stage.capture("survey")
            try await driver.type("浙江杭州", into: try await driver.waitFor("#survey-region"))
            try await driver.type("一中", into: try await driver.waitFor("#survey-school"))
            try await stage.choose("8", in: "#survey-grade")
            try await driver.click(try await driver.waitFor("input[name=role][value=parent]"))
            for question in try Self.answerKey(stage) {
                for option in question.answer {
                    try await driver.click(try await driver.waitFor("input[name=\"q-\(question.id)\"][value=\"\(option)\"]"))
                }
            }
            try await stage.press("提交问卷")
            try await driver.waitFor("main .panel", containing: "问卷已提交。您答对了 20 / 20 题")
            try await stage.capture("survey-done")

            // When the analyst signs in, the dashboard opens with the quiz's charts
            try await stage.signIn("ana", landsOn: "/analytics")
            try await driver.waitFor("h1", containing: "知晓率分析")
            #expect(try await driver.text("main").contains("/ 37 人"))
            try await Self.expectCharts(driver, bars: 2)
            try await stage.capture("analytics-by-region")

            // Then grouping by school redraws the bars, one per school
            try await stage.choose("school", in: "#an-by")
            try await stage.press("查看")
            try await driver.waitForPath("/analytics?")
            #expect(try await driver.currentPath().contains("by=school"))
            try await driver.waitFor("h2", containing: "按学校的知晓率")
            try await Self.expectCharts(driver, bars: 3)
            let table = try await driver.text("section[aria-labelledby=groups-heading] table")
            #expect(table.contains("一中") && table.contains("二中") && table.contains("三中"), "\(table)")
            try await stage.capture("analytics-by-school")
        }
    }

    @Test func largeTextChangesTheFontSizeAndACrisisSearchShowsHelpFirst() async throws {
        try await BrowserStage.run("text-size-and-crisis-search", accounts: []) { stage, driver in
            // Given the home page at the standard size
            try await driver.open("/")
            try await driver.waitFor("h1")
            let fontSize = "return [getComputedStyle(document.documentElement).fontSize, getComputedStyle(document.querySelector('main p')).fontSize];"
            #expect(try await driver.execute(fontSize) as? [String] == ["17px", "17px"])
            // When the reader turns large text on, the page comes back larger, and stays so elsewhere
            try await stage.press("大字模式（适合长辈）")
            try await driver.waitFor("footer button", containing: "恢复标准字号")
            #expect(try await driver.execute(fontSize) as? [String] == ["22px", "22px"])
            #expect(try await driver.currentPath() == "/")
            try await stage.capture("home-large-text")
            try await driver.open("/learn")
            try await driver.waitFor("h1")
            #expect(try await driver.execute(fontSize) as? [String] == ["22px", "22px"])
            try await stage.press("恢复标准字号")
            try await driver.waitFor("footer button", containing: "大字模式")
            #expect(try await driver.execute(fontSize) as? [String] == ["17px", "17px"])
            #expect(try await driver.currentPath() == "/learn")

            // A search that signals a crisis shows the help first, above the results
            try await driver.open("/")
            try await driver.type("孩子说不想活了怎么办", into: try await driver.waitFor("#home-q"))
            try await driver.clickAndWaitForPage(try await driver.waitFor("form[role=search] button"))
            try await driver.waitForPath("/search?")
            let help = try await driver.waitFor(".help-first", containing: "请先看这里")
            #expect(try await driver.text(of: help).contains("12356"))
            let order = """
                const help = document.querySelector('.help-first'), first = document.querySelector('main > :not(.help-first)');
                const hits = document.querySelector('main ol');
                return [help === document.querySelector('main').firstElementChild,
                        help.getBoundingClientRect().top < first.getBoundingClientRect().top,
                        hits !== null && help.getBoundingClientRect().bottom <= hits.getBoundingClientRect().top];
                """
            #expect(try await driver.execute(order) as? [Bool] == [true, true, true])
            try await stage.capture("search-crisis")
            // An ordinary question gets no alarm, just highlighted answers
            try await driver.type("孩子不想上学怎么办", into: try await driver.waitFor("#search-q"))
            try await driver.clickAndWaitForPage(try await driver.waitFor("form[role=search] button"))
            try await driver.waitFor("main ol li")
            #expect(try await driver.first(".help-first") == nil)
            #expect(try await driver.all("main ol mark").count > 0)
            let snippets = try await driver.text("main ol")
            #expect(!snippets.contains("**") && !snippets.contains("## "), "Markdown marks in the snippets: \(snippets.prefix(300))")
            try await stage.capture("search")
        }
    }

    @Test func noMainPageIsWiderThanAPhone() async throws {
        let accounts = [
            BrowserStage.Account(id: "mom", role: "parent", name: "王妈妈", grade: 8),
            BrowserStage.Account(id: "wang", role: "staff", name: "王老师", region: "", school: ""),
            BrowserStage.Account(id: "org", role: "organiser", name: "社区赵", region: "浙江杭州", school: ""),
            BrowserStage.Account(id: "root", role: "admin", name: "管理员", region: "", school: ""),
        ]
        let prepare: (BrowserStage) throws -> Void = { stage in
            try stage.cli(["lecture", "venue", "add", "--id", "hall", "--name", "西湖区文化站多功能厅", "--capacity", "30", "--region", "浙江杭州"])
            try stage.cli([
                "lecture", "add", "--id", "l1", "--title", "考前怎么陪孩子：情绪、睡眠和沟通", "--venue", "hall", "--start", "2027-03-06T19:00:00+08:00",
                "--end", "2027-03-06T20:30:00+08:00",
            ])
            try stage.cli(["lecture", "register", "l1", "--parent", "mom"])
        }
        try await BrowserStage.run("pages-at-360px", accounts: accounts, prepare: prepare) { stage, driver in
            // Everyone's pages, found by following the site's own links where ids are needed
            try await driver.open("/learn")
            let course = try await Self.href(driver, "main a[href^='/learn/']")
            try await driver.open(course)
            let lesson = try await Self.href(driver, "main a[href^='/lessons/']")
            try await driver.open("/search?q=%E5%AD%A9%E5%AD%90%E7%9D%A1%E7%9C%A0")
            let article = try await Self.href(driver, "main ol a[href^='/articles/']")
            try await driver.open("/search?q=%E6%89%8B%E6%9C%BA")
            let faq = try await Self.href(driver, "main ol a[href^='/faq/']")
            let guest = [
                ("home", "/"), ("login", "/login"), ("learn", "/learn"), ("course", course), ("lesson", lesson), ("lectures", "/lectures"),
                ("lecture", "/lectures/l1"), ("article", article), ("faq", faq), ("quiz", "/quiz/\(Self.quiz)"), ("survey", "/survey/\(Self.quiz)"),
                ("not-found", "/articles/no-such-article"),
            ]
            try await Self.tour(stage, guest, prefix: "guest")
            try await stage.signIn("mom", landsOn: "/")
            try await Self.tour(stage, [("home", "/"), ("letters", "/letters"), ("lecture", "/lectures/l1"), ("progress", "/progress")], prefix: "parent")
            try await stage.signOut()
            try await stage.signIn("wang", landsOn: "/staff")
            try await Self.tour(stage, [("home", "/staff"), ("calendar", "/staff/calendar?year=2027&region=%E6%B5%99%E6%B1%9F")], prefix: "staff")
            try await stage.signOut()
            try await stage.signIn("org", landsOn: "/organiser")
            let organiser = [
                ("home", "/organiser"), ("venues", "/organiser/venues"), ("lecturers", "/organiser/lecturers"), ("lectures", "/organiser/lectures"),
                ("lecture", "/organiser/lectures/l1"), ("orders", "/organiser/orders"),
            ]
            try await Self.tour(stage, organiser, prefix: "organiser")
            try await stage.signOut()
            try await stage.signIn("root", landsOn: "/admin")
            try await Self.tour(stage, [("accounts", "/admin"), ("analytics", "/analytics")], prefix: "admin")
        }
    }

    // MARK: - Helpers

    /// Opens each page, waits for its heading and photographs it (which checks its width).
    static func tour(_ stage: BrowserStage, _ pages: [(String, String)], prefix: String) async throws {
        for (name, path) in pages {
            try await stage.driver.open(path)
            try await stage.driver.waitFor("main h1")
            try await stage.capture("\(prefix)-\(name)")
        }
    }

    /// The path of the first link matching `css`.
    static func href(_ driver: WebDriver, _ css: String) async throws -> String {
        let link = try await driver.waitFor(css)
        return try #require(try await driver.execute("return arguments[0].getAttribute('href');", link) as? String)
    }

    /// Expects the dashboard's three charts drawn with a size, the trend with its target line and a
    /// point per month, `bars` bars, and a filled heat map.
    static func expectCharts(_ driver: WebDriver, bars: Int) async throws {
        let script = """
            const size = id => { const s = document.querySelector('svg.chart[aria-labelledby=' + id + '-title]');
              if (!s) return [0, 0]; const r = s.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
            return { trend: size('trend'), bars: size('bars'), heat: size('heat'),
              target: document.querySelectorAll('svg.chart path.target').length,
              points: document.querySelectorAll('svg.chart circle.point').length,
              barCount: document.querySelectorAll('svg.chart rect.bar').length,
              cells: document.querySelectorAll('svg.chart rect.cell:not(.suppressed)').length };
            """
        try await driver.waitFor("svg.chart")
        let charts = try #require(try await driver.execute(script) as? [String: Any])
        for name in ["trend", "bars", "heat"] {
            let size = charts[name] as? [Int] ?? [0, 0]
            #expect(size[0] > 100 && size[1] > 100, "\(name) chart drawn at \(size)")
        }
        #expect(charts["target"] as? Int == 1, "target line")
        #expect(charts["points"] as? Int == 3, "one point per month")
        #expect(charts["barCount"] as? Int == bars, "\(charts)")
        #expect((charts["cells"] as? Int ?? 0) >= 20, "\(charts)")
    }

    /// One question of the quiz with its answer, from `xinqiao quiz show --with-answers --json`.
    struct Question {
        var id: String
        var options: [String]
        var answer: [String]
    }

    static func answerKey(_ stage: BrowserStage) throws -> [Question] {
        let json = try stage.cli(["quiz", "show", quiz, "--with-answers", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object["questions"] as? [[String: Any]] ?? []).map { question in
            Question(
                id: question["id"] as? String ?? "", options: (question["options"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String },
                answer: question["answer"] as? [String] ?? [])
        }
    }

    /// 36 survey responses over three months, two regions and three schools (12 each): respondent i
    /// misses i % 4 questions (all aware at 80 %), and every seventh misses six (not aware).
    static func importResponses(_ stage: BrowserStage) throws {
        let key = try answerKey(stage)
        var lines: [String] = []
        for i in 0..<36 {
            let misses = i % 7 == 0 ? 6 : i % 4
            var answers: [String: [String]] = [:]
            for (index, question) in key.enumerated() {
                answers[question.id] = index < misses ? [question.options.first { !question.answer.contains($0) }!] : question.answer
            }
            let record: [String: Any] = [
                "respondent": [
                    "id": "r\(i)", "region": i % 2 == 0 ? "浙江杭州" : "浙江宁波", "school": ["一中", "二中", "三中"][i % 3], "grade": 7 + i % 3,
                    "role": "parent",
                ],
                "quiz": quiz, "answers": answers, "submitted_at": "2026-\(["09", "10", "11"][i % 3])-15",
            ]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
        }
        let file = stage.directory.appendingPathComponent("responses.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        try stage.cli(["quiz", "import-responses", file.path])
    }
}
