import SchoolCalendar
import Testing

@Suite struct SchoolYearTests {
    @Test(arguments: [
        ("2025-2026", 2025), ("2025—2026", 2025), ("2025–2026学年", 2025), ("2026学年", 2026),
        ("2025", nil), ("2025-2027", nil), ("2025-26", nil), ("二〇二五学年", nil), ("", nil),
    ] as [(String, Int?)])
    func schoolYearNamesInBothForms(text: String, startYear: Int?) {
        #expect(SchoolYear.startYear(parsing: text) == startYear)
    }

    @Test func entriesAreShapedForTheirKind() throws {
        #expect(throws: CalendarError.endBeforeStart(start: "2026-06-07", end: "2026-06-06")) {
            try SchoolYear.Entry(kind: .gaokao, date: "2026-06-07", end: "2026-06-06")
        }
        #expect(throws: CalendarError.invalidEntry("zhongkao needs an end date (it spans several days)")) {
            try SchoolYear.Entry(kind: .zhongkao, date: "2026-06-13")
        }
        #expect(throws: CalendarError.invalidEntry("term_start is a single day and takes no end date")) {
            try SchoolYear.Entry(kind: .termStart, term: 1, date: "2025-09-01", end: "2025-09-02")
        }
        #expect(throws: CalendarError.invalidEntry("term_end needs term 1 or 2")) {
            try SchoolYear.Entry(kind: .termEnd, term: 3, date: "2026-01-30")
        }
        #expect(throws: CalendarError.invalidEntry("winter_vacation takes no term")) {
            try SchoolYear.Entry(kind: .winterVacation, term: 1, date: "2026-01-31", end: "2026-03-01")
        }
    }

    @Test func schoolYearKeepsItsDatesInsideAndEachKindOnce() throws {
        var schoolYear = SchoolYear(startYear: 2025)
        try schoolYear.add(try SchoolYear.Entry(kind: .termStart, term: 1, date: "2025-09-01"))
        try schoolYear.add(try SchoolYear.Entry(kind: .termStart, term: 2, date: "2026-03-02"))
        #expect(throws: CalendarError.duplicateEntry("term_start (term 2) in 2025—2026学年")) {
            try schoolYear.add(try SchoolYear.Entry(kind: .termStart, term: 2, date: "2026-03-03"))
        }
        #expect(throws: CalendarError.outsideSchoolYear(date: "2026-09-16", schoolYear: "2025—2026学年", window: "2025-08-01"..."2026-09-15")) {
            try schoolYear.add(try SchoolYear.Entry(kind: .summerVacation, date: "2026-07-04", end: "2026-09-16"))
        }
        #expect(schoolYear.entries.map(\.name) == ["第一学期开学", "第二学期开学"])
    }

    @Test func regionalCalendarGivesEachCalendarYearTheEventsThatTouchIt() throws {
        // Given a region with the autumn term of one school year and the summer of the next
        var first = SchoolYear(startYear: 2025)
        try first.add(try SchoolYear.Entry(kind: .termStart, term: 1, date: "2025-09-01"))
        try first.add(try SchoolYear.Entry(kind: .winterVacation, date: "2026-01-31", end: "2026-03-01"))
        var second = SchoolYear(startYear: 2026)
        try second.add(try SchoolYear.Entry(kind: .termStart, term: 1, date: "2026-09-01"))
        var calendar = RegionalSchoolCalendar(region: "江西", code: "jiangxi")
        try calendar.add(first)
        try calendar.add(second)
        #expect(throws: CalendarError.duplicateEntry("school year 2026—2027学年 for 江西")) { try calendar.add(SchoolYear(startYear: 2026)) }
        // Then 2026 has the winter vacation and the next autumn term, 2025 only its own autumn term
        #expect(calendar.events(year: 2026).map(\.name) == ["寒假", "第一学期开学"])
        #expect(calendar.events(year: 2025).map(\.date) == ["2025-09-01"])
        #expect(calendar.events(year: 2026).allSatisfy { $0.region == "江西" && $0.source == .configured })
    }

    @Test func regionsAreFoundByNameOrCodeAndUnknownOnesListTheKnown() throws {
        let calendars = [RegionalSchoolCalendar(region: "广东", code: "guangdong"), RegionalSchoolCalendar(region: "浙江", code: "zhejiang")]
        #expect(try RegionalSchoolCalendar.named("浙江", in: calendars).code == "zhejiang")
        #expect(try RegionalSchoolCalendar.named("ZheJiang", in: calendars).region == "浙江")
        #expect(throws: CalendarError.unknownRegion("上海", known: ["广东 (guangdong)", "浙江 (zhejiang)"])) {
            try RegionalSchoolCalendar.named("上海", in: calendars)
        }
        #expect(
            CalendarError.unknownRegion("上海", known: ["广东 (guangdong)"]).description
                == "unknown region '上海' (known: 广东 (guangdong))")
    }
}
