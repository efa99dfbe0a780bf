import Foundation
import Library
import SchoolCalendar
import Testing
import TestSupport

@Suite struct SchoolCalendarFileTests {
    /// Lines 1–5; the first event is on line 6.
    static let header = "region: 浙江\ncode: zhejiang\nschool_years:\n  - school_year: 2025-2026\n    events:\n"
    static let gaokao = "      - {kind: gaokao, date: 2026-06-07, end: 2026-06-10}\n"

    private func parse(_ text: String) throws(ContentError) -> RegionalSchoolCalendar {
        try SchoolCalendarFile.parse(data: Data(text.utf8), path: "regions/zhejiang.yaml")
    }

    @Test func bundledRegionsParseWithGaokaoOnJuneSeventhAndEveryEntryToVerify() throws {
        // Given the shipped regional files, when loaded
        let calendars = try SchoolCalendarFile.load(directory: Repository.content + "/calendar/regions")
        // Then the three provinces are there, each with two complete school years of estimates
        #expect(calendars.map(\.region) == ["广东", "江西", "浙江"])
        #expect(calendars.map(\.code) == ["guangdong", "jiangxi", "zhejiang"])
        for calendar in calendars {
            #expect(calendar.schoolYears.map(\.startYear) == [2025, 2026], "\(calendar.region)")
            for schoolYear in calendar.schoolYears {
                let gaokao = try #require(schoolYear.entries.first { $0.kind == .gaokao })
                #expect(gaokao.date == "\(schoolYear.startYear + 1)-06-07", "\(calendar.region) \(schoolYear.label)")
                #expect(gaokao.end == "\(schoolYear.startYear + 1)-06-10", "\(calendar.region) \(schoolYear.label)")
                let kinds = Set(schoolYear.entries.map { "\($0.kind.rawValue)\($0.term.map(String.init) ?? "")" })
                #expect(kinds == ["gaokao", "zhongkao", "term_start1", "term_end1", "term_start2", "term_end2", "winter_vacation", "summer_vacation"])
                #expect(schoolYear.entries.allSatisfy { $0.verify && $0.note != nil }, "\(calendar.region) must be marked to verify")
                // Terms, vacations and exams come in school-year order
                let order: [(SchoolYear.Kind, Int?)] = [
                    (.termStart, 1), (.termEnd, 1), (.winterVacation, nil), (.termStart, 2), (.gaokao, nil), (.zhongkao, nil),
                    (.termEnd, 2), (.summerVacation, nil),
                ]
                let days = order.flatMap { kind, term in
                    schoolYear.entries.filter { $0.kind == kind && $0.term == term }.flatMap { [$0.date, $0.end ?? $0.date] }
                }
                #expect(days.count == 16)
                #expect(days == days.sorted(), "\(calendar.region) \(schoolYear.label)")
            }
        }
    }

    @Test func wellFormedFileGivesConfiguredRegionalEvents() throws {
        let calendar = try parse(
            Self.header + Self.gaokao + "      - {kind: term_start, term: 2, date: 2026-03-02, verify: true, note: 估计}\n")
        #expect(calendar.schoolYears[0].entries[1] == (try SchoolYear.Entry(kind: .termStart, term: 2, date: "2026-03-02", verify: true, note: "估计")))
        #expect(
            calendar.events(year: 2026) == [
                CalendarEvent(key: "gaokao", name: "高考", date: "2026-06-07", end: "2026-06-10", region: "浙江", source: .configured),
                CalendarEvent(key: "term_start", name: "第二学期开学", date: "2026-03-02", region: "浙江", source: .configured),
            ])
    }

    static let badInputs: [(String, String, Int, String)] = [
        ("unknown key in an event", header + "      - {kind: gaokao, date: 2026-06-07, end: 2026-06-10, verfy: true}\n", 6,
         "unknown field 'verfy' (known: date, end, kind, note, verify)"),
        ("unknown top-level key", "region: 浙江\ncode: zhejiang\nprovince: 浙江\nschool_years: []\n", 3,
         "unknown field 'province' (known: code, region, school_years)"),
        ("term on an exam", header + "      - {kind: gaokao, term: 2, date: 2026-06-07, end: 2026-06-10}\n", 6,
         "unknown field 'term' (known: date, end, kind, note, verify)"),
        ("bad date", header + "      - {kind: zhongkao, date: 2026-06-31, end: 2026-07-02}\n", 6,
         "'date' must be a date YYYY-MM-DD, got '2026-06-31'"),
        ("bad end on its own line", header + "      - kind: winter_vacation\n        date: 2026-01-31\n        end: 2026/03/01\n", 8,
         "'end' must be a date YYYY-MM-DD, got '2026/03/01'"),
        ("end before start", header + Self.gaokao + "      - {kind: zhongkao, date: 2026-06-15, end: 2026-06-13}\n", 7,
         "end 2026-06-13 is before the start 2026-06-15"),
        ("unknown kind", header + "      - {kind: midterm, date: 2025-11-10, end: 2025-11-12}\n", 6,
         "unknown kind 'midterm' (use gaokao, zhongkao, term_start, term_end, winter_vacation, summer_vacation)"),
        ("missing end of a range", header + "      - {kind: summer_vacation, date: 2026-07-04}\n", 6, "missing required field 'end'"),
        ("missing term", header + "      - {kind: term_end, date: 2026-01-30}\n", 6, "missing required field 'term'"),
        ("duplicate entry", header + Self.gaokao + "      - {kind: term_end, term: 1, date: 2026-01-30}\n" + Self.gaokao, 8,
         "duplicate gaokao in 2025—2026学年"),
        ("duplicate term entry",
         header + "      - {kind: term_start, term: 1, date: 2025-09-01}\n      - {kind: term_start, term: 1, date: 2025-09-02}\n", 7,
         "duplicate term_start (term 1) in 2025—2026学年"),
        ("duplicate school year", header + Self.gaokao + "  - school_year: 2025学年\n    events: []\n", 7,
         "duplicate school year 2025—2026学年 for 浙江"),
        ("date outside the school year", header + "      - {kind: gaokao, date: 2027-06-07, end: 2027-06-10}\n", 6,
         "2027-06-07 is outside the school year 2025—2026学年 (2025-08-01 to 2026-09-15)"),
        ("school year that is not two consecutive years", "region: 浙江\ncode: zhejiang\nschool_years:\n  - school_year: 2025-2027\n    events: []\n", 4,
         "'school_year' must look like 2025-2026 or 2025学年, got '2025-2027'"),
        ("code that is not ASCII", "region: 浙江\ncode: 浙\nschool_years: []\n", 2, "'code' must be lowercase ASCII letters, got '浙'"),
        ("invalid YAML", header + "      - {kind: gaokao, date: 2026-06-07\n", 7, "invalid YAML: did not find expected ',' or '}'"),
    ]

    @Test(arguments: badInputs)
    func badInputNamesTheLine(what: String, text: String, line: Int, message: String) {
        #expect(throws: ContentError(path: "regions/zhejiang.yaml", line: line, message: message), "\(what)") {
            try parse(text)
        }
    }

    @Test func regionDefinedByTwoFilesIsAnErrorOnTheSecond() throws {
        // Given two files for the same region, the second with comments before its region line
        let library = try TemporaryLibrary()
        try library.write("Content/calendar/regions/a.yaml", "region: 浙江\ncode: zhejiang\nschool_years: []\n")
        let second = try library.write("Content/calendar/regions/b.yaml", "# 第二份\nregion: 浙江\ncode: zj\nschool_years: []\n")
        // When the folder is loaded, then the second file is named at its region line
        let first = library.path("Content/calendar/regions/a.yaml")
        #expect(throws: ContentError(path: second, line: 2, message: "duplicate region 浙江: also defined in \(first)")) {
            try SchoolCalendarFile.load(directory: library.path("Content/calendar/regions"))
        }
        // And a missing folder is simply no regions
        #expect(try SchoolCalendarFile.load(directory: library.path("Content/calendar/none")).isEmpty)
    }
}
