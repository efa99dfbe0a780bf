import App
import Foundation
import Lectures
import OutreachCore
import Store
import Testing
import TestSupport

/// Community lectures through the application core on an in-memory database: scheduling without
/// double-booking, registration with a waitlist, check-in, orders, reminders, calendars, coverage,
/// and every bad input leaving the data as it was.
@Suite struct LectureServiceTests {
    /// Now: 2026-11-18 (the fixed test clock); lectures are in March 2027.
    private func app() async throws -> App {
        let app = try await App.makeForTesting()
        _ = try await app.accounts.create(.init(id: "org", role: "organiser"), actor: .localOperator)
        _ = try await app.accounts.create(.init(id: "zhang-account", role: "staff"), actor: .localOperator)
        for index in 1...6 { _ = try await app.accounts.create(.init(id: "p\(index)", role: "parent", region: "浙江杭州"), actor: .localOperator) }
        _ = try await app.lectures.addVenue(
            Venue(id: "hall", name: "西湖区文化站多功能厅", address: "文三路1号", region: "浙江杭州西湖区", capacity: 100, accessibility: "无障碍通道"),
            actor: .localOperator)
        _ = try await app.lectures.addVenue(Venue(id: "library", name: "社区图书室", region: "浙江宁波", capacity: 30), actor: .localOperator)
        _ = try await app.lectures.addLecturer(
            Lecturer(id: "zhang", name: "张老师", topics: ["exam-stress", "sleep"], regions: ["浙江"], account: "zhang-account"), actor: .localOperator)
        return app
    }

    private func at(_ text: String) -> Date { BeijingTime.parseInstant(text)! }

    private func add(
        _ app: App, _ id: String, venue: String = "hall", lecturer: String? = nil, start: String = "2027-03-06T19:00:00+08:00",
        end: String = "2027-03-06T20:30:00+08:00", capacity: Int? = 2, weekly: Int? = nil
    ) async throws -> [Lecture] {
        try await app.lectures.add(
            .init(id: id, title: "考试焦虑怎么办", venue: venue, lecturer: lecturer, start: at(start), end: at(end), capacity: capacity, weekly: weekly),
            actor: .localOperator)
    }

    private func parent(_ app: App, _ id: String) async throws -> Actor {
        .account(try #require(try await app.accounts.account(id: id)))
    }

    /// Everything a bad request could have changed.
    private func snapshot(_ app: App) async throws -> String {
        let lectures = try await app.database.lectures().map { "\($0.lecture.id)\($0.registered)/\($0.waitlisted)" }
        let orders = try await app.database.orders().map { "\($0.id):\($0.state.rawValue)" }
        let venues = try await app.database.venues().map(\.id.rawValue)
        let lecturers = try await app.database.lecturers().map(\.id.rawValue)
        let audit = try await app.database.auditLog(limit: 10_000).count
        return "\(lectures) \(orders) \(venues) \(lecturers) \(audit)"
    }

    @Test func registrationFillsSeatsThenTheWaitlistAndACancellationPromotesTheFirst() async throws {
        let app = try await app()
        _ = try await add(app, "l1")
        let results = try await (1...4).asyncMap { try await app.lectures.register("l1", parent: "p\($0)", actor: .localOperator) }
        #expect(results.map(\.status) == [.registered, .registered, .waitlisted, .waitlisted])
        #expect(results.map(\.position) == [1, 2, 1, 2])
        #expect(Set(results.map(\.code)).count == 4)
        // A parent registers themselves; but not somebody else
        #expect(try await app.lectures.register("l1", parent: "p5", actor: try await parent(app, "p5")).position == 3)
        await #expect(throws: AccessError.self) { try await app.lectures.register("l1", parent: "p6", actor: try await parent(app, "p5")) }
        // When p1 cancels, p3 (first of the waitlist) takes the seat at once
        let cancellation = try await app.lectures.cancel("l1", parent: "p1", actor: .localOperator)
        #expect(cancellation.promoted?.parent == "p3" && cancellation.promoted?.status == .registered)
        let detail = try await app.lectures.detail("l1", actor: .localOperator)
        #expect(detail.roster.registered.map(\.parent.rawValue) == ["p2", "p3"])
        #expect(detail.roster.waitlist.map(\.parent.rawValue) == ["p4", "p5"])
        #expect(detail.roster.waitlist.map(\.position) == [1, 2])
        // p1 registering again goes to the back of the queue
        let again = try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        #expect(again.status == .waitlisted && again.position == 3)
    }

    @Test func registeringTwiceAfterTheStartOrForNobodyChangesNothing() async throws {
        let app = try await app()
        _ = try await add(app, "l1")
        _ = try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        let before = try await snapshot(app)
        await #expect(throws: LectureError.alreadyRegistered(lecture: "l1", parent: "p1", status: .registered)) {
            try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        }
        await #expect(throws: LectureError.unknownParent("ghost")) { try await app.lectures.register("l1", parent: "ghost", actor: .localOperator) }
        await #expect(throws: LectureError.notAParent("org")) { try await app.lectures.register("l1", parent: "org", actor: .localOperator) }
        await #expect(throws: LectureError.unknownLecture("nope")) { try await app.lectures.register("nope", parent: "p2", actor: .localOperator) }
        await #expect(throws: LectureError.notRegistered(lecture: "l1", parent: "p2")) { try await app.lectures.cancel("l1", parent: "p2", actor: .localOperator) }
        #expect(try await snapshot(app) == before)
        // After the start, the same app (a later clock) refuses registration
        let later = App(config: app.config, database: app.database, clock: .fixed(at("2027-03-06T19:00:00+08:00")))
        await #expect(throws: LectureError.registrationClosed(lecture: "l1", start: "2027-03-06 19:00")) {
            try await later.lectures.register("l1", parent: "p2", actor: .localOperator)
        }
        #expect(try await snapshot(app) == before)
    }

    @Test func checkInTakesTheRightCodeOnce() async throws {
        let app = try await app()
        _ = try await add(app, "l1", capacity: 1)
        let seat = try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        let waiting = try await app.lectures.register("l1", parent: "p2", actor: .localOperator)
        await #expect(throws: LectureError.wrongCode(lecture: "l1")) { try await app.lectures.checkIn("l1", code: "WRONG123", actor: .localOperator) }
        await #expect(throws: LectureError.notOnWaitlistToCheckIn(lecture: "l1", parent: "p2")) {
            try await app.lectures.checkIn("l1", code: waiting.code, actor: .localOperator)
        }
        let checked = try await app.lectures.checkIn("l1", code: seat.code.lowercased(), actor: .localOperator)
        #expect(checked.checkedInAt != nil)
        let before = try await snapshot(app)
        await #expect(throws: LectureError.codeUsed(lecture: "l1", at: "2026-11-18 19:06")) {
            try await app.lectures.checkIn("l1", code: seat.code, actor: .localOperator)
        }
        #expect(try await snapshot(app) == before)
        #expect(try await app.lectures.detail("l1", actor: .localOperator).roster.checkedIn == 1)
    }

    @Test func doubleBookingAVenueOrALecturerIsRefusedNamingTheLecture() async throws {
        let app = try await app()
        _ = try await add(app, "first", lecturer: "zhang")
        let before = try await snapshot(app)
        await #expect(throws: LectureError.conflict(lecture: "second", resource: "venue 'hall'", with: "first", at: "2027-03-06 19:00–20:30")) {
            _ = try await add(app, "second", start: "2027-03-06T20:00:00+08:00", end: "2027-03-06T21:00:00+08:00")
        }
        await #expect(throws: LectureError.conflict(lecture: "third", resource: "lecturer 'zhang'", with: "first", at: "2027-03-06 19:00–20:30")) {
            _ = try await add(app, "third", venue: "library", lecturer: "zhang", start: "2027-03-06T19:30:00+08:00", end: "2027-03-06T21:00:00+08:00")
        }
        // A weekly series starting two weeks before clashes in its third week: none of it is added
        await #expect(throws: LectureError.conflict(lecture: "series-3", resource: "venue 'hall'", with: "first", at: "2027-03-06 19:00–20:30")) {
            _ = try await add(app, "series", start: "2027-02-20T19:30:00+08:00", end: "2027-02-20T20:00:00+08:00", weekly: 4)
        }
        #expect(try await snapshot(app) == before)
        // An hour later the series fits, all four sessions
        let series = try await add(app, "series", start: "2027-02-20T20:30:00+08:00", end: "2027-02-20T21:30:00+08:00", weekly: 4)
        #expect(series.count == 4 && series.allSatisfy { $0.series == "series" })
    }

    @Test func badLectureInputIsAClearErrorAndChangesNothing() async throws {
        let app = try await app()
        _ = try await add(app, "first")
        let before = try await snapshot(app)
        await #expect(throws: LectureError.endBeforeStart(start: "2027-03-07 19:00", end: "2027-03-07 18:00")) {
            _ = try await add(app, "x", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T18:00:00+08:00")
        }
        await #expect(throws: LectureError.invalidCapacity(0)) { _ = try await add(app, "x", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T20:00:00+08:00", capacity: 0) }
        await #expect(throws: LectureError.invalidCapacity(-3)) { _ = try await add(app, "x", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T20:00:00+08:00", capacity: -3) }
        await #expect(throws: LectureError.capacityExceedsVenue(capacity: 500, venue: "hall", seats: 100)) {
            _ = try await add(app, "x", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T20:00:00+08:00", capacity: 500)
        }
        await #expect(throws: LectureError.unknownVenue("moon")) { _ = try await add(app, "x", venue: "moon", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T20:00:00+08:00") }
        await #expect(throws: LectureError.unknownLecturer("li")) { _ = try await add(app, "x", lecturer: "li", start: "2027-03-07T19:00:00+08:00", end: "2027-03-07T20:00:00+08:00") }
        await #expect(throws: LectureError.duplicate(kind: "lecture", "first")) { _ = try await add(app, "first", start: "2027-03-08T19:00:00+08:00", end: "2027-03-08T20:00:00+08:00") }
        await #expect(throws: LectureError.duplicate(kind: "venue", "hall")) {
            _ = try await app.lectures.addVenue(Venue(id: "hall", name: "x", capacity: 3), actor: .localOperator)
        }
        await #expect(throws: LectureError.invalidCapacity(0)) { _ = try await app.lectures.addVenue(Venue(id: "v2", name: "x", capacity: 0), actor: .localOperator) }
        await #expect(throws: LectureError.unknownTopic("astrology")) {
            _ = try await app.lectures.addLecturer(Lecturer(id: "li", name: "李老师", topics: ["astrology"]), actor: .localOperator)
        }
        await #expect(throws: AccessError.forbidden(.manageLectures)) { _ = try await app.lectures.addVenue(Venue(id: "v3", name: "x", capacity: 3), actor: try await parent(app, "p1")) }
        #expect(try await snapshot(app) == before)
    }

    @Test func anOrderIsProposedConfirmedDeclinedAcceptedAndScheduled() async throws {
        let app = try await app()
        _ = try await app.lectures.addLecturer(Lecturer(id: "wu", name: "吴老师", topics: ["exam-stress"]), actor: .localOperator)
        let (order, covered) = try await app.lectures.createOrder(
            LectureOrder(
                id: "o1", requester: "西湖小学", topic: "exam-stress", preferredDates: ["2027-03-06", "2027-03-13"], audience: 80, region: "浙江杭州",
                createdAt: Date(), updatedAt: Date()),
            actor: .account(try #require(try await app.accounts.account(id: "org"))))
        #expect(order.state == .open && covered)
        let proposed = try await app.lectures.propose("o1", actor: .localOperator)
        #expect(proposed.state == .proposed && proposed.proposals.map(\.lecturer.rawValue) == ["zhang", "wu"])
        await #expect(throws: LectureError.notProposed(lecturer: "li", order: "o1")) {
            _ = try await app.lectures.confirm("o1", lecturer: "li", date: nil, actor: .localOperator)
        }
        _ = try await app.lectures.confirm("o1", lecturer: "zhang", date: "2027-03-13", actor: .localOperator)
        // Only zhang's own account (or an organiser) may answer; a parent may not
        await #expect(throws: LectureError.self) { _ = try await app.lectures.respond("o1", accept: true, actor: try await parent(app, "p1")) }
        let declined = try await app.lectures.respond("o1", accept: false, actor: .account(try #require(try await app.accounts.account(id: "zhang-account"))))
        #expect(declined.state == .declined && declined.declinedBy == ["zhang"])
        #expect(try await app.lectures.propose("o1", actor: .localOperator).proposals.map(\.lecturer.rawValue) == ["wu"])
        _ = try await app.lectures.confirm("o1", lecturer: "wu", date: nil, actor: .localOperator)
        _ = try await app.lectures.respond("o1", accept: true, actor: .localOperator)
        let scheduled = try await app.lectures.schedule("o1", lectureID: "from-order", venue: "hall", title: nil, capacity: 80, actor: .localOperator)
        #expect(scheduled.order.state == .scheduled && scheduled.lecture.lecturer == "wu" && scheduled.lecture.order == "o1")
        #expect(BeijingTime.text(scheduled.lecture.start) == "2027-03-06 19:00" && scheduled.lecture.region == "浙江杭州西湖区")
        await #expect(throws: LectureError.invalidTransition(order: "o1", from: .scheduled, action: .cancel)) {
            _ = try await app.lectures.cancelOrder("o1", actor: .localOperator)
        }
        let actions = try await app.database.auditLog(limit: 100).filter { $0.target == "o1" }.map(\.action)
        for action in ["order.create", "order.propose", "order.confirm", "order.decline", "order.accept", "order.schedule"] {
            #expect(actions.contains(action), "\(action)")
        }
    }

    @Test func anOrderForATopicNobodyCoversStaysOpen() async throws {
        let app = try await app()
        let (_, covered) = try await app.lectures.createOrder(
            LectureOrder(id: "o2", requester: "阳光社区", topic: "crisis", preferredDates: ["2027-03-06"], audience: 30, region: "浙江杭州",
                         createdAt: Date(), updatedAt: Date()),
            actor: .localOperator)
        #expect(!covered)
        let before = try await snapshot(app)
        await #expect(throws: LectureError.noLecturerForTopic("crisis")) { _ = try await app.lectures.propose("o2", actor: .localOperator) }
        #expect(try await app.lectures.order("o2", actor: .localOperator).state == .open)
        #expect(try await snapshot(app) == before)
        await #expect(throws: LectureError.unknownTopic("astrology")) {
            _ = try await app.lectures.createOrder(
                LectureOrder(id: "o3", requester: "x", topic: "astrology", preferredDates: ["2027-03-06"], audience: 3, region: "",
                             createdAt: Date(), updatedAt: Date()),
                actor: .localOperator)
        }
        #expect(try await snapshot(app) == before)
    }

    @Test func remindersAreRecordedOnceTheDayBefore() async throws {
        let app = try await app()
        _ = try await add(app, "l1", capacity: 1)
        _ = try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        _ = try await app.lectures.register("l1", parent: "p2", actor: .localOperator)
        #expect(try await app.lectures.remindDue(now: at("2027-03-04T09:00:00+08:00"), actor: .localOperator) == 0)
        #expect(try await app.lectures.remindDue(now: at("2027-03-05T09:00:00+08:00"), actor: .localOperator) == 1)
        #expect(try await app.lectures.remindDue(now: at("2027-03-05T18:00:00+08:00"), actor: .localOperator) == 0)
        let mine = try await app.lectures.registrations(parent: "p1", actor: try await parent(app, "p1"))
        #expect(mine.first?.0.remindedAt != nil)
        #expect(try await app.lectures.registrations(parent: "p2", actor: .localOperator).first?.0.remindedAt == nil)
        // The reminder is in the parent's inbox, beside the letters; the waitlisted parent has none
        let inbox = try await app.campaigns.inbox(actor: try await parent(app, "p1"))
        #expect(inbox.map(\.kind) == ["lecture_reminder"] && inbox.first?.campaign == "lecture:l1")
        #expect(try await app.campaigns.inbox(actor: try await parent(app, "p2")).isEmpty)
    }

    @Test func calendarsAndCoverage() async throws {
        let app = try await app()
        _ = try await add(app, "l1", lecturer: "zhang")
        _ = try await app.lectures.register("l1", parent: "p1", actor: .localOperator)
        let one = try await app.lectures.ics("l1")
        #expect(one.contains("DTSTART:20270306T110000Z\r\n") && one.contains("LOCATION:西湖区文化站多功能厅\\, 文三路1号"))
        let mine = try await app.lectures.ics(parent: "p1", actor: try await parent(app, "p1"))
        #expect(mine.components(separatedBy: "BEGIN:VEVENT").count == 2 && mine.replacingOccurrences(of: "\r\n ", with: "").contains("签到码"))
        let coverage = try await app.lectures.coverage(year: 2027, actor: .localOperator)
        #expect(coverage.lectures == 1 && coverage.venues_without == ["library"] && coverage.regions_without == ["浙江宁波"])
        #expect(try await app.lectures.coverage(year: 2026, actor: .localOperator).venues_without == ["hall", "library"])
        let listed = try await app.lectures.list(region: "浙江杭州", from: "2027-03-06", to: "2027-03-06")
        #expect(listed.map(\.lecture.id.rawValue) == ["l1"] && listed[0].registered == 1)
        #expect(try await app.lectures.list(region: "浙江宁波", from: nil, to: nil).isEmpty)
        #expect(try await app.lectures.list(region: nil, from: "2027-03-07", to: nil).isEmpty)
        await #expect(throws: LectureError.invalidDate("2027-02-30")) { _ = try await app.lectures.list(region: nil, from: "2027-02-30", to: nil) }
    }

    @Test func awarenessOfTheLinkedQuizIsComparedBeforeAndAfter() async throws {
        // Given the bundled quizzes and a lecture with the parent-awareness quiz linked
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let app = try await App.makeForTesting(config: config)
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        for id in ["p1", "p2"] { _ = try await app.accounts.create(.init(id: id, role: "parent"), actor: .localOperator) }
        _ = try await app.lectures.addVenue(Venue(id: "hall", name: "文化站", capacity: 10), actor: .localOperator)
        _ = try await add(app, "l1")
        await #expect(throws: LectureError.noQuizLinked("l1")) { _ = try await app.lectures.awareness("l1", threshold: 1, actor: .localOperator) }
        await #expect(throws: LectureError.unknownQuiz("nope")) { _ = try await app.lectures.linkQuiz("l1", quiz: "nope", actor: .localOperator) }
        _ = try await app.lectures.linkQuiz("l1", quiz: "parent-awareness", actor: .localOperator)
        for id in ["p1", "p2"] { _ = try await app.lectures.register("l1", parent: id, actor: .localOperator) }
        /// Takes the quiz, all right or all unanswered.
        func take(_ app: App, _ id: String, right: Bool) async throws {
            let actor = try await parent(app, id)
            let (attempt, questions) = try await app.learning.startAttempt(quiz: "parent-awareness", actor: actor)
            if right {
                for question in questions {
                    _ = try await app.learning.answer(attempt: attempt.id.rawValue, question: question.id.rawValue, options: question.answer, actor: actor)
                }
            }
            _ = try await app.learning.submit(attempt: attempt.id.rawValue, actor: actor)
        }
        // When p1 fails and p2 passes before, and both pass after the lecture
        try await take(app, "p1", right: false)
        try await take(app, "p2", right: true)
        let later = App(config: app.config, database: app.database, clock: .fixed(at("2027-03-07T10:00:00+08:00")))
        try await take(later, "p1", right: true)
        try await take(later, "p2", right: true)
        // Then awareness rose from 1 of 2 to 2 of 2, and is suppressed under the default threshold
        let change = try await later.lectures.awareness("l1", threshold: 1, actor: .localOperator)
        #expect(change.before.respondents == 2 && change.before.aware == 1)
        #expect(change.after.respondents == 2 && change.after.aware == 2)
        #expect(change.paired == 2 && change.pairedAwareBefore == 1 && change.pairedAwareAfter == 2)
        #expect(try await later.lectures.awareness("l1", actor: .localOperator).before.suppressed)
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
