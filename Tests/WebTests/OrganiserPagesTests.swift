import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lectures
import OutreachCore
import Testing
import TestSupport
import Web

/// The organiser pages: roles at the door, venues and lecturers, lectures and weekly series without
/// double-booking, an order (点单) from open to scheduled, the registrations of a lecture, and
/// check-in with a code that works once.
@Suite struct OrganiserPagesTests {
    /// The minimal library, parents mom and dad and staff wang (`WebSessionTests.makeCore`), and
    /// organiser org.
    static func core() async throws -> App {
        let core = try await WebSessionTests.makeCore()
        try await core.accounts.create(.init(id: "org", role: "organiser", name: "社区赵", region: "浙江", password: "long secret 1"), actor: .localOperator)
        return core
    }

    @Test func onlyOrganisersAndAdminsGetIn() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            #expect(try await browser.get("/organiser/orders").location == "/login?next=%2Forganiser%2Forders")
            for id in ["mom", "wang"] {
                try await browser.signIn(id)
                for uri in ["/organiser", "/organiser/venues", "/organiser/lecturers", "/organiser/lectures", "/organiser/orders", "/organiser/lectures/x"] {
                    #expect(try await browser.get(uri).status == .forbidden, "\(id) \(uri)")
                }
                _ = try await browser.get("/")
                #expect(try await browser.post("/organiser/venues", [("name", "礼堂"), ("capacity", "10")]).status == .forbidden)
                _ = try await browser.post("/logout")
            }
            #expect(try await core.lectures.venues().isEmpty)
            try await browser.signIn("org")
            _ = try await browser.get("/organiser/venues")
            // A form without the CSRF token changes nothing
            #expect(try await browser.post("/organiser/venues", [("name", "礼堂"), ("capacity", "10")], csrf: "").status == .forbidden)
            #expect(try await core.lectures.venues().isEmpty)
        }
    }

    @Test func venuesLecturersAndAWeeklySeriesWithoutDoubleBooking() async throws {
        let core = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("org")
            let home = try await browser.get("/organiser")
            #expect(home.status == .ok && home.html.contains("讲座管理") && home.html.contains("没有待处理的点单"))

            _ = try await browser.get("/organiser/venues")
            let noSeats = try await browser.post("/organiser/venues", [("name", "社区礼堂"), ("capacity", "很多")])
            #expect(noSeats.status == .badRequest && noSeats.html.contains("请填写座位数") && noSeats.html.contains(#"value="社区礼堂""#))
            let venue = try await browser.post(
                "/organiser/venues", [("id", "hall"), ("name", "<script>礼堂</script>"), ("region", "浙江杭州"), ("capacity", "2"), ("address", "幸福路 1 号")])
            #expect(venue.status == .seeOther)
            let venues = try await browser.get("/organiser/venues")
            #expect(venues.html.contains("&lt;script&gt;礼堂&lt;/script&gt;") && !venues.html.contains("<script>"))
            #expect(try await browser.post("/organiser/venues", [("id", "hall"), ("name", "又一个"), ("capacity", "5")]).status == .conflict)

            _ = try await browser.get("/organiser/lecturers")
            let noTopic = try await browser.post("/organiser/lecturers", [("name", "周老师"), ("from", "08:00"), ("to", "21:30")])
            #expect(noTopic.status == .badRequest && noTopic.html.contains("至少要选一个主题"))
            let lecturer = try await browser.post(
                "/organiser/lecturers",
                [("id", "zhou"), ("name", "周老师"), ("topics", "sleep"), ("topics", "emotions"), ("weekdays", "6"), ("from", "09:00"), ("to", "21:00"),
                 ("regions", "浙江")])
            #expect(lecturer.status == .seeOther)
            let pool = try await browser.get("/organiser/lecturers")
            #expect(pool.html.contains("周老师") && pool.html.contains("睡眠、作息与心理健康、识别和疏导孩子的情绪") && pool.html.contains("周六 09:00–21:00"))

            // A weekly series of three, then a lecture in the same hall at the same time is refused
            _ = try await browser.get("/organiser/lectures")
            let series = try await browser.post(
                "/organiser/lectures",
                [("id", "sleep"), ("title", "睡眠讲座"), ("venue", "hall"), ("lecturer", "zhou"), ("topic", "sleep"), ("date", "2027-03-06"),
                 ("start", "19:00"), ("end", "20:30"), ("weekly", "3")])
            #expect(series.status == .seeOther && series.location == "/organiser/lectures/sleep-1")
            #expect(try await core.lectures.list(region: nil, from: nil, to: nil).map(\.lecture.id.rawValue) == ["sleep-1", "sleep-2", "sleep-3"])
            let clash = try await browser.post(
                "/organiser/lectures", [("title", "另一场"), ("venue", "hall"), ("date", "2027-03-13"), ("start", "20:00"), ("end", "21:00")])
            #expect(clash.status == .conflict && clash.html.contains("时间冲突") && clash.html.contains("sleep-2"))
            let backwards = try await browser.post(
                "/organiser/lectures", [("title", "倒着的"), ("venue", "hall"), ("date", "2027-04-01"), ("start", "20:00"), ("end", "19:00")])
            #expect(backwards.status == .badRequest && backwards.html.contains("结束时间必须晚于开始时间"))
            #expect(try await browser.post("/organiser/lectures", [("title", "x"), ("venue", "hall"), ("date", "明天")]).status == .badRequest)
            #expect(try await core.lectures.list(region: nil, from: nil, to: nil).count == 3)
            let list = try await browser.get("/organiser/lectures")
            #expect(list.html.contains("/organiser/lectures/sleep-2") && list.html.contains("0 / 2"))
        }
    }

    @Test func anOrderGoesFromOpenToAScheduledLecture() async throws {
        let core = try await Self.core()
        _ = try await core.lectures.addVenue(Venue(id: "hall", name: "社区礼堂", region: "浙江杭州", capacity: 80), actor: .localOperator)
        _ = try await core.lectures.addLecturer(
            Lecturer(id: "zhou", name: "周老师", topics: ["sleep"], availability: Availability(weekdays: [6])), actor: .localOperator)
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("org")
            _ = try await browser.get("/organiser/orders")
            let created = try await browser.post(
                "/organiser/orders",
                [("id", "o1"), ("requester", "一中家委会"), ("topic", "sleep"), ("dates", "2027-03-06"), ("dates", ""), ("dates", "2027-03-07"),
                 ("time", "19:00"), ("minutes", "90"), ("audience", "60"), ("region", "浙江")])
            #expect(created.status == .seeOther && created.location == "/organiser/orders/o1")
            var page = try await browser.get("/organiser/orders/o1")
            #expect(page.html.contains("待推荐讲师") && page.html.contains("2027-03-06、2027-03-07") && page.html.contains("推荐讲师"))
            // Scheduling an open order is refused with the reason; the order stays open
            let early = try await browser.post("/organiser/orders/o1/schedule", [("venue", "hall")])
            #expect(early.status == .conflict && early.html.contains("不能排期"))

            #expect(try await browser.post("/organiser/orders/o1/propose").status == .seeOther)
            page = try await browser.get("/organiser/orders/o1")
            #expect(page.html.contains(#"value="zhou|2027-03-06""#) && !page.html.contains("zhou|2027-03-07"))  // Sunday: not available
            #expect(try await browser.post("/organiser/orders/o1/confirm").status == .badRequest)
            #expect(try await browser.post("/organiser/orders/o1/confirm", [("choice", "zhou|2027-03-06")]).status == .seeOther)
            #expect(try await browser.post("/organiser/orders/o1/accept").status == .seeOther)
            let scheduled = try await browser.post("/organiser/orders/o1/schedule", [("venue", "hall"), ("lecture_id", "o1-talk"), ("capacity", "60")])
            #expect(scheduled.status == .seeOther && scheduled.location == "/organiser/lectures/o1-talk")
            let lecture = try await core.lectures.lecture("o1-talk")
            #expect(lecture.capacity == 60 && lecture.lecturer == "zhou" && lecture.order == "o1" && BeijingTime.text(lecture.start) == "2027-03-06 19:00")
            #expect(try await core.lectures.order("o1", actor: .localOperator).state == .scheduled)
            #expect(try await browser.post("/organiser/orders/o1/cancel", [("confirm", "1")]).status == .conflict)
            // Unknown orders and steps are 404 pages
            #expect(try await browser.get("/organiser/orders/nope").status == .notFound)
            #expect(try await browser.post("/organiser/orders/nope/propose").status == .notFound)
            #expect(try await browser.post("/organiser/orders/o1/explode").status == .notFound)
            // A topic nobody covers: the order is recorded with a warning, and proposing says why
            _ = try await browser.get("/organiser/orders")
            let uncovered = try await browser.post(
                "/organiser/orders", [("id", "o2"), ("requester", "社区"), ("topic", "bullying"), ("dates", "2027-03-06"), ("audience", "20")])
            #expect(try await browser.get(uncovered.location!).html.contains("目前还没有讲师讲这个主题"))
            let nobody = try await browser.post("/organiser/orders/o2/propose")
            #expect(nobody.status == .conflict && nobody.html.contains("还没有讲师讲这个主题"))
            // Cancelling needs the tick
            let untickedCancel = try await browser.post("/organiser/orders/o2/cancel")
            #expect(untickedCancel.status == .badRequest && untickedCancel.html.contains("确认取消"))
            #expect(try await core.lectures.order("o2", actor: .localOperator).state == .open)
            #expect(try await browser.post("/organiser/orders/o2/cancel", [("confirm", "1")]).status == .seeOther)
            #expect(try await core.lectures.order("o2", actor: .localOperator).state == .cancelled)
        }
    }

    @Test func registrationsPerLectureAndCheckInOnceWithTheCode() async throws {
        let core = try await ParentPagesTests.coreWithALecture()
        try await core.accounts.create(.init(id: "org", role: "organiser", password: "long secret 1"), actor: .localOperator)
        let mom = try await core.lectures.register("sleep-talk", parent: "mom", actor: .localOperator)
        _ = try await core.lectures.register("sleep-talk", parent: "dad", actor: .localOperator)
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("org")
            let page = try await browser.get("/organiser/lectures/sleep-talk")
            #expect(page.status == .ok && page.html.contains("&lt;b&gt;睡眠&lt;/b&gt;与情绪讲座"))
            let seated = try #require(page.html.range(of: "报名名单"))
            let waitlist = try #require(page.html.range(of: "候补名单"))
            #expect(page.html[seated.upperBound..<waitlist.lowerBound].contains("<td>mom</td><td>王&lt;b&gt;妈妈&lt;/b&gt;</td>"))
            #expect(page.html[waitlist.upperBound...].contains("<td>dad</td><td>李爸爸</td>"))
            #expect(page.html.contains(#"<label for="checkin-code">"#) && page.html.contains("autofocus"))

            let wrong = try await browser.post("/organiser/lectures/sleep-talk/checkin", [("code", "ZZZZZZZZ")])
            #expect(wrong.status == .badRequest && wrong.html.contains("签到码不对"))
            let first = try await browser.post("/organiser/lectures/sleep-talk/checkin", [("code", mom.code.lowercased())])
            #expect(first.status == .seeOther)
            let after = try await browser.get(first.location!)
            #expect(after.html.contains("签到成功：王&lt;b&gt;妈妈&lt;/b&gt;") && after.html.contains("已签到 "))
            let again = try await browser.post("/organiser/lectures/sleep-talk/checkin", [("code", mom.code)])
            #expect(again.status == .conflict && again.html.contains("已经在") && again.html.contains("签到过了"))
            #expect(try await core.lectures.detail("sleep-talk", actor: .localOperator).roster.checkedIn == 1)
            #expect(try await browser.post("/organiser/lectures/sleep-talk/checkin", [("code", "")]).status == .badRequest)
            #expect(try await browser.get("/organiser/lectures/no-such-lecture").status == .notFound)
            #expect(try await browser.post("/organiser/lectures/no-such-lecture/checkin", [("code", mom.code)]).status == .notFound)
        }
    }
}
