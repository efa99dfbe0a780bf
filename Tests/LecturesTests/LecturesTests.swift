import Foundation
import Lectures
import OutreachCore
import Testing

/// The lecture domain without a database: validation, series, double-booking, availability, orders,
/// proposals and iCalendar text.
@Suite struct LecturesTests {
    private func at(_ text: String) -> Date { BeijingTime.parseInstant(text)! }

    private func lecture(_ id: String, venue: String = "hall", lecturer: String? = nil, _ start: String, _ end: String) -> Lecture {
        Lecture(
            id: Lecture.ID(id), title: "讲座", venue: Venue.ID(venue), lecturer: lecturer.map { Lecturer.ID($0) }, start: at(start), end: at(end),
            capacity: 50)
    }

    @Test func badLecturesAreRefusedWithAClearReason() throws {
        let ok = lecture("a", "2027-03-06T19:00:00+08:00", "2027-03-06T20:30:00+08:00")
        try ok.validate()
        var backwards = ok
        backwards.end = at("2027-03-06T18:00:00+08:00")
        #expect(throws: LectureError.endBeforeStart(start: "2027-03-06 19:00", end: "2027-03-06 18:00")) { try backwards.validate() }
        for seats in [0, -5] {
            var empty = ok
            empty.capacity = seats
            #expect(throws: LectureError.invalidCapacity(seats)) { try empty.validate() }
        }
        var topic = ok
        topic.topic = "astrology"
        #expect(throws: LectureError.unknownTopic("astrology")) { try topic.validate() }
    }

    @Test func aWeeklySeriesKeepsTheLocalTimeAndSharesItsSeriesID() throws {
        let sessions = try lecture("s", "2027-03-06T19:00:00+08:00", "2027-03-06T20:30:00+08:00").weekly(count: 3)
        #expect(sessions.map(\.id.rawValue) == ["s-1", "s-2", "s-3"])
        #expect(sessions.allSatisfy { $0.series == "s" })
        #expect(sessions.map { BeijingTime.text($0.start) } == ["2027-03-06 19:00", "2027-03-13 19:00", "2027-03-20 19:00"])
        #expect(throws: LectureError.invalidCount(0)) { try lecture("s", "2027-03-06T19:00:00+08:00", "2027-03-06T20:00:00+08:00").weekly(count: 0) }
    }

    @Test func aVenueOrALecturerIsNeverDoubleBookedAndTheConflictIsNamed() {
        let existing = [lecture("first", lecturer: "zhang", "2027-03-06T19:00:00+08:00", "2027-03-06T20:30:00+08:00")]
        // Same venue, overlapping
        let clash = Scheduling.firstConflict(of: [lecture("second", "2027-03-06T20:00:00+08:00", "2027-03-06T21:00:00+08:00")], with: existing)
        #expect(clash == .conflict(lecture: "second", resource: "venue 'hall'", with: "first", at: "2027-03-06 19:00–20:30"))
        #expect(clash?.description.contains("'first'") == true)
        // Same lecturer elsewhere
        let elsewhere = lecture("third", venue: "library", lecturer: "zhang", "2027-03-06T19:30:00+08:00", "2027-03-06T21:00:00+08:00")
        #expect(Scheduling.firstConflict(of: [elsewhere], with: existing)?.description.contains("lecturer 'zhang'") == true)
        // Back to back is fine
        #expect(Scheduling.firstConflict(of: [lecture("next", "2027-03-06T20:30:00+08:00", "2027-03-06T21:30:00+08:00")], with: existing) == nil)
        // A series whose third week clashes is refused as a whole, naming the clash
        let series = try! lecture("weekly", "2027-02-20T19:00:00+08:00", "2027-02-20T20:00:00+08:00").weekly(count: 4)
        #expect(Scheduling.firstConflict(of: series, with: existing) == .conflict(lecture: "weekly-3", resource: "venue 'hall'", with: "first", at: "2027-03-06 19:00–20:30"))
    }

    @Test func availabilityIsWeeklyHoursMinusBlockedDays() throws {
        let weekends = Availability(weekdays: [6, 7], from: "09:00", to: "21:00", blocked: ["2027-03-13"])
        try weekends.validate()
        #expect(weekends.allows(start: at("2027-03-06T19:00:00+08:00"), end: at("2027-03-06T20:30:00+08:00")))  // Saturday
        #expect(!weekends.allows(start: at("2027-03-08T19:00:00+08:00"), end: at("2027-03-08T20:30:00+08:00")))  // Monday
        #expect(!weekends.allows(start: at("2027-03-13T19:00:00+08:00"), end: at("2027-03-13T20:30:00+08:00")))  // blocked
        #expect(!weekends.allows(start: at("2027-03-06T20:00:00+08:00"), end: at("2027-03-06T21:30:00+08:00")))  // too late
        #expect(throws: LectureError.self) { try Availability(weekdays: [8]).validate() }
        #expect(throws: LectureError.self) { try Availability(from: "21:00", to: "09:00").validate() }
    }

    @Test func ordersMoveThroughExplicitStates() throws {
        var order = LectureOrder(
            id: "o1", requester: "西湖小学", topic: "exam-stress", preferredDates: ["2027-03-06"], audience: 80, region: "浙江杭州",
            createdAt: Date(), updatedAt: Date())
        try order.validate()
        for (action, state) in [(OrderAction.propose, OrderState.proposed), (.confirm, .confirmed), (.decline, .declined), (.propose, .proposed),
                                (.confirm, .confirmed), (.accept, .accepted), (.schedule, .scheduled)] {
            order.state = try order.next(action)
            #expect(order.state == state)
        }
        #expect(throws: LectureError.invalidTransition(order: "o1", from: .scheduled, action: .cancel)) { try order.next(.cancel) }
        order.state = .open
        #expect(throws: LectureError.invalidTransition(order: "o1", from: .open, action: .accept)) { try order.next(.accept) }
    }

    @Test func proposalsFollowTopicRegionAndAvailability() throws {
        let order = LectureOrder(
            id: "o1", requester: "西湖社区", topic: "sleep", preferredDates: ["2027-03-06", "2027-03-08"], audience: 40, region: "浙江杭州西湖区",
            createdAt: Date(), updatedAt: Date())
        let local = Lecturer(id: "local", name: "本地讲师", topics: ["sleep"], regions: ["浙江杭州"], availability: Availability(weekdays: [6]))
        let anywhere = Lecturer(id: "anywhere", name: "巡回讲师", topics: ["sleep", "emotions"])
        let far = Lecturer(id: "far", name: "外地讲师", topics: ["sleep"], regions: ["江西"])
        let other = Lecturer(id: "other", name: "其他", topics: ["bullying"])
        let proposals = try Scheduling.propose(for: order, lecturers: [anywhere, far, local, other], busy: [:])
        #expect(proposals.map(\.lecturer.rawValue) == ["local", "anywhere"])
        #expect(proposals[0].dates == ["2027-03-06"] && proposals[1].dates == ["2027-03-06", "2027-03-08"])
        // Booked on the Saturday, the local lecturer drops out
        let booked = lecture("busy", venue: "x", lecturer: "local", "2027-03-06T18:00:00+08:00", "2027-03-06T22:00:00+08:00")
        #expect(throws: LectureError.noAvailableLecturer(topic: "sleep", region: "浙江杭州西湖区")) {
            try Scheduling.propose(for: order, lecturers: [local], busy: ["local": [booked]])
        }
        var nobody = order
        nobody.topic = "crisis"
        #expect(throws: LectureError.noLecturerForTopic("crisis")) { try Scheduling.propose(for: nobody, lecturers: [local, anywhere], busy: [:]) }
    }

    @Test func iCalendarTextIsEscapedFoldedAndCRLF() {
        var item = lecture("l1", "2027-03-06T19:00:00+08:00", "2027-03-06T20:30:00+08:00")
        item.title = "考试焦虑; 家长怎么办, 第一讲"
        let venue = Venue(id: "hall", name: "西湖区文化站", address: "杭州市西湖区文三路1号", region: "浙江杭州", capacity: 80, accessibility: "无障碍通道\n助听环路")
        let text = ICalendar.calendar([ICalendar.Event(lecture: item, venue: venue)], name: "x", stamp: at("2027-01-01T00:00:00Z"))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("DTSTART:20270306T110000Z\r\n") && text.contains("DTEND:20270306T123000Z\r\n"))
        #expect(text.contains("UID:lecture-l1@xinqiao\r\n"))
        #expect(text.contains("SUMMARY:考试焦虑\\; 家长怎么办\\, 第一讲"))
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("无障碍：无障碍通道\\n助听环路"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
    }
}
