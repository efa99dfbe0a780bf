import App
import Foundation
import Library
import SchoolCalendar
import Testing
import TestSupport

@Suite struct CalendarServiceTests {
    private let service = CalendarService(contentRoot: Repository.content)

    @Test func officialYearsStayOfficialAndLaterYearsAreProvisional() throws {
        // 2025 comes from holidays.yaml unchanged
        let holidays2025 = try service.events(year: 2025).filter { $0.key == "holiday" }
        #expect(holidays2025.count == 6)
        #expect(holidays2025.allSatisfy { $0.source == .official })
        #expect(holidays2025.first { $0.name == "春节" }.map { [$0.date, $0.end] } == ["2025-01-28", "2025-02-04"])
        // 2027 and 2060 are estimated from the law
        for year in [2027, 2060] {
            let holidays = try service.events(year: year).filter { $0.key == "holiday" }
            #expect(holidays.count >= 6, "\(year)")
            #expect(holidays.allSatisfy { $0.source == .provisional && $0.date.hasPrefix("\(year)") }, "\(year)")
        }
        #expect(try service.events(year: 2027).first { $0.name == "春节" && $0.key == "holiday" }?.date == "2027-02-05")
        // Before the official years there is nothing to estimate from
        #expect(try service.events(year: 2023).filter { $0.key == "holiday" }.isEmpty)
    }

    @Test func schoolDatesOnlyForTheRegionAskedFor() throws {
        // Without a region: no configured dates, no event carries a region
        let national = try service.events(year: 2026)
        #expect(!national.contains { $0.source == .configured || $0.region != nil })
        // With 广东 (by name or code): its gaokao, zhongkao, terms and vacations, and nothing of other regions
        let guangdong = try service.events(year: 2026, region: "广东")
        let byCode = try service.events(year: 2026, region: "guangdong")
        #expect(guangdong == byCode)
        let regional = guangdong.filter { $0.source == .configured }
        #expect(regional.allSatisfy { $0.region == "广东" })
        #expect(Set(regional.map(\.key)) == ["gaokao", "zhongkao", "term_start", "term_end", "winter_vacation", "summer_vacation"])
        let gaokao = try #require(regional.first { $0.key == "gaokao" })
        #expect([gaokao.date, gaokao.end] == ["2026-06-07", "2026-06-10"])
        #expect(guangdong.count == national.count + regional.count)
        #expect(guangdong.map(\.date) == guangdong.map(\.date).sorted())
    }

    @Test(arguments: ["浙江", "zhejiang", "广东", "guangdong", "江西", "jiangxi"])
    func everyShippedRegionHasGaokaoOnJuneSeventh(region: String) throws {
        for year in [2026, 2027] {
            let gaokao = try service.events(year: year, region: region).filter { $0.key == "gaokao" }
            #expect(gaokao.map(\.date) == ["\(year)-06-07"], "\(region) \(year)")
        }
    }

    @Test func unknownRegionListsTheKnownOnes() {
        #expect(
            throws: CalendarError.unknownRegion("上海", known: ["广东 (guangdong)", "江西 (jiangxi)", "浙江 (zhejiang)"])
        ) { try service.events(year: 2026, region: "上海") }
    }

    @Test func brokenRegionFileIsAPathLineError() throws {
        // Given a content folder whose region file has an end before its start
        let library = try TemporaryLibrary()
        let path = try library.write(
            "Content/calendar/regions/jiangxi.yaml",
            "region: 江西\ncode: jiangxi\nschool_years:\n  - school_year: 2026-2027\n    events:\n"
                + "      - {kind: zhongkao, date: 2027-06-19, end: 2027-06-17}\n")
        let broken = CalendarService(contentRoot: library.content)
        // Then asking for its school dates fails with path:line, and the national calendar still works
        #expect(throws: ContentError(path: path, line: 6, message: "end 2027-06-17 is before the start 2027-06-19")) {
            try broken.events(year: 2027, region: "江西")
        }
        #expect(try broken.events(year: 2027).contains { $0.key == "chunjie" })
    }

    @Test func qingmingForProvisionalYearsIsPluggable() throws {
        let service = CalendarService(contentRoot: Repository.content, qingming: { _ in 5 })
        let qingming = try #require(try service.holidaySchedule(year: 2029)?.holidays.first { $0.name == "清明节" })
        #expect(qingming.start == "2029-04-05")
    }
}
