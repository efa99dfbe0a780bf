import Campaigns
import Foundation
import OutreachCore
import SchoolCalendar
import Testing

@Suite struct CampaignLifecycleTests {
    private func campaign(author: String = "wang") -> Campaign {
        let content = CampaignContent(
            title: "考前一封信", body: "正文", sms: nil, receipt: nil, offsetDays: -3, sendHour: 18,
            audience: .init(stages: [.senior]), channels: [.inbox], ackRequired: true)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        return Campaign(
            id: "c1", template: "letter-gaokao-before", event: "gaokao", eventDate: "2027-06-07", region: nil, content: content,
            author: author, createdAt: now, updatedAt: now)
    }

    @Test func aSecondStaffMemberMustApprove() throws {
        var letter = campaign()
        letter.state = try letter.next(.submit, by: "wang")
        #expect(letter.state == .inReview)
        #expect(throws: CampaignError.selfApproval("wang")) { try letter.next(.approve, by: "wang") }
        #expect(try letter.next(.approve, by: "li") == .approved)
    }

    @Test func editingAnApprovedCampaignNeedsReviewAgain() throws {
        var letter = campaign()
        letter.state = .approved
        #expect(try letter.next(.edit, by: "li") == .draft)
        letter.state = .scheduled
        #expect(try letter.next(.edit, by: "li") == .draft)
    }

    @Test(arguments: [
        (CampaignState.draft, CampaignAction.approve), (.draft, .schedule), (.sent, .cancel), (.sent, .edit), (.cancelled, .submit),
        (.archived, .archive), (.approved, .finish),
    ])
    func stepsOutOfOrderAreRefused(state: CampaignState, action: CampaignAction) {
        var letter = campaign()
        letter.state = state
        #expect(throws: CampaignError.invalidTransition(from: state, action: action)) { try letter.next(action, by: "li") }
    }

    @Test func contentIsValidated() {
        var content = CampaignContent(template: LetterTemplate(
            id: "t", title: "信", trigger: .event(.duanwu, offsetDays: -2, sendHour: 17), audience: .init(), channels: [.inbox],
            ackRequired: false, receipt: nil, sms: nil, tags: [], articles: [], body: "正文"))
        #expect(content.offsetDays == -2 && content.sendHour == 17)
        content.offsetDays = 400
        #expect(throws: CampaignError.offsetOutOfRange(400)) { try content.validate() }
        content.offsetDays = 0
        content.sendHour = 24
        #expect(throws: CampaignError.invalidSendHour(24)) { try content.validate() }
        content.sendHour = 8
        content.channels = []
        #expect(throws: CampaignError.noChannel) { try content.validate() }
    }
}

@Suite struct SendPlannerTests {
    static let rules = SendRules()
    static let gaokao2027 = CalendarEvent(key: "gaokao", name: "高考", date: "2027-06-07", end: "2027-06-10", region: "浙江", source: .configured)

    private func template(_ id: String, _ event: EventKey, offset: Int, hour: Int = 18, stages: [Stage] = []) -> LetterTemplate {
        LetterTemplate(
            id: .init(rawValue: id), title: id, trigger: .event(event, offsetDays: offset, sendHour: hour), audience: .init(stages: stages),
            channels: [.inbox], ackRequired: false, receipt: nil, sms: nil, tags: [], articles: [], body: "")
    }

    @Test func quietHoursMoveSendsToTheMorning() {
        let late = SendPlanner.sendMoment(eventDate: "2026-06-01", offsetDays: 0, sendHour: 23, rules: Self.rules, events: [])
        #expect(late.date == "2026-06-02" && late.time == "07:00")
        let early = SendPlanner.sendMoment(eventDate: "2026-06-01", offsetDays: 0, sendHour: 5, rules: Self.rules, events: [])
        #expect(early.date == "2026-06-01" && early.time == "07:00")
        let fine = SendPlanner.sendMoment(eventDate: "2026-06-01", offsetDays: -3, sendHour: 18, rules: Self.rules, events: [])
        #expect(fine.date == "2026-05-29" && fine.time == "18:00")
    }

    @Test func nothingGoesOutDuringGaokaoSessions() {
        let morning = SendPlanner.sendMoment(eventDate: "2027-06-08", offsetDays: 0, sendHour: 10, rules: Self.rules, events: [Self.gaokao2027])
        #expect(morning.date == "2027-06-08" && morning.time == "11:30")
        let afternoon = SendPlanner.sendMoment(eventDate: "2027-06-09", offsetDays: 0, sendHour: 16, rules: Self.rules, events: [Self.gaokao2027])
        #expect(afternoon.time == "17:30")
        // Outside the exam days the hour stands
        let after = SendPlanner.sendMoment(eventDate: "2027-06-11", offsetDays: 0, sendHour: 10, rules: Self.rules, events: [Self.gaokao2027])
        #expect(after.time == "10:00")
    }

    @Test func lettersOnOneDayForTheSameParentsAreStaggeredByPriority() throws {
        // 端午 2027 (06-09) falls inside 高考 week: a holiday letter and an exam letter on one day
        let events = try LunarFestivals.festivals(year: 2027) + [Self.gaokao2027]
        let templates = [
            template("duanwu", .duanwu, offset: -1, hour: 18, stages: [.senior, .junior]),
            template("gaokao-mid", .gaokao, offset: 1, hour: 18, stages: [.senior]),
            template("primary-only", .duanwu, offset: -1, hour: 18, stages: [.primary]),
        ]
        let plan = SendPlanner.plan(templates: templates, year: 2027, region: "浙江", events: events, rules: Self.rules)
        #expect(plan.warnings.isEmpty)
        let byTemplate = Dictionary(uniqueKeysWithValues: plan.sends.map { ($0.template, $0) })
        #expect(byTemplate["gaokao-mid"]?.sendDate == "2027-06-08")
        #expect(byTemplate["duanwu"]?.sendDate == "2027-06-09")
        #expect(byTemplate["duanwu"]?.staggeredFrom == "2027-06-08")
        // A letter for other parents on the same day is not moved
        #expect(byTemplate["primary-only"]?.sendDate == "2027-06-08" && byTemplate["primary-only"]?.staggeredFrom == nil)
    }

    @Test func mergeKeepsBothOnTheDay() throws {
        let events = try LunarFestivals.festivals(year: 2027) + [Self.gaokao2027]
        var rules = Self.rules
        rules.collision = .merge
        let plan = SendPlanner.plan(
            templates: [template("a", .duanwu, offset: -1), template("b", .gaokao, offset: 1)], year: 2027, region: nil, events: events,
            rules: rules)
        #expect(plan.sends.map(\.sendDate) == ["2027-06-08", "2027-06-08"])
    }

    @Test func schoolDatesWithoutARegionAreAWarning() {
        let plan = SendPlanner.plan(
            templates: [template("term", .termStart, offset: -3)], year: 2026, region: nil, events: [], rules: Self.rules)
        #expect(plan.sends.isEmpty)
        #expect(plan.warnings.count == 1 && plan.warnings[0].contains("term_start"))
    }

    @Test func termDatesOccurTwiceAYear() {
        let events = [
            CalendarEvent(key: "term_start", name: "第二学期开学", date: "2026-03-02", region: "浙江", source: .configured),
            CalendarEvent(key: "term_start", name: "第一学期开学", date: "2026-09-01", region: "浙江", source: .configured),
        ]
        let plan = SendPlanner.plan(
            templates: [template("term", .termStart, offset: -3)], year: 2026, region: "浙江", events: events, rules: Self.rules)
        #expect(plan.sends.map(\.sendDate) == ["2026-02-27", "2026-08-29"])
    }
}

@Suite struct AudienceTests {
    @Test func gradesRollOverEachSeptember() {
        // Recorded in 初二 (8) during school year 2025–2026
        #expect(SchoolYear.grade(8, recordedIn: 2025, on: "2026-06-30") == 8)
        #expect(SchoolYear.grade(8, recordedIn: 2025, on: "2026-09-01") == 9)
        #expect(SchoolYear.grade(8, recordedIn: 2025, on: "2027-09-01") == 10)
    }

    @Test func audiencesMatchRegionPrefixesAndStages() {
        let audience = LetterTemplate.Audience(stages: [.junior], regions: ["浙江"])
        #expect(audience.includes(region: "浙江宁波", grade: 9))
        #expect(!audience.includes(region: "江西", grade: 9))
        #expect(!audience.includes(region: "浙江", grade: 10))
        #expect(!audience.includes(region: "浙江", grade: nil))
        #expect(LetterTemplate.Audience().includes(region: nil, grade: nil))
        #expect(LetterTemplate.Audience(stages: [.senior], grades: [12]).allowedGrades == [12])
    }

    @Test func dayArithmeticCrossesMonthsAndLeapDays() {
        #expect(DayArithmetic.adding(1, to: "2028-02-28") == "2028-02-29")
        #expect(DayArithmetic.adding(1, to: "2027-02-28") == "2027-03-01")
        #expect(DayArithmetic.adding(-365, to: "2027-01-01") == "2026-01-01")
        #expect(DayArithmetic.days(from: "2027-06-07", to: "2027-06-10").count == 4)
    }
}
