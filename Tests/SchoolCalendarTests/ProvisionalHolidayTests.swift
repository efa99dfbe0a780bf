import Foundation
import SchoolCalendar
import Testing

@Suite struct ProvisionalHolidayTests {
    /// 清明's day in April for 2000…2100, one digit a year, computed with sxtwl 2.0.7 (the primary source of
    /// calendar-facts.md) for this test; 2024–2030 agree with the facts' oracle table.
    static let qingmingOracle = Array(
        "45554555445544554455445544554455445544554445444544454445444544454445444544444444444444444444444444445")

    @Test func qingmingApproximationMatchesTheOracleFrom2000To2100() {
        for year in 2000...2100 {
            #expect(ProvisionalHolidays.approximateQingming(year) == Int(String(Self.qingmingOracle[year - 2000])), "\(year)")
        }
        // The facts' table: 2024 04-04, 2025 04-04, 2026 04-05, 2027 04-05, 2028 04-04, 2029 04-04, 2030 04-05
        #expect((2024...2030).map(ProvisionalHolidays.approximateQingming) == [4, 4, 5, 5, 4, 4, 5])
    }

    @Test func blocks2027FollowTheLawWithSubstituteDaysAndNoTiaoxiu() throws {
        let schedule = try ProvisionalHolidays.schedule(year: 2027)
        #expect(schedule.isProvisional)
        #expect(schedule.workdays.isEmpty)
        #expect(
            schedule.holidays == [
                .init(name: "元旦", start: "2027-01-01", end: "2027-01-03"),  // Fri + weekend
                .init(name: "春节", start: "2027-02-05", end: "2027-02-10"),  // 除夕 Fri; Sat and Sun made up Tue, Wed
                .init(name: "清明节", start: "2027-04-03", end: "2027-04-05"),  // 清明 Mon, weekend before
                .init(name: "劳动节", start: "2027-05-01", end: "2027-05-04"),  // Sat, Sun made up Mon, Tue
                .init(name: "端午节", start: "2027-06-09", end: "2027-06-09"),
                .init(name: "中秋节", start: "2027-09-15", end: "2027-09-15"),
                .init(name: "国庆节", start: "2027-10-01", end: "2027-10-05"),  // Fri; Sat, Sun made up Mon, Tue
            ])
        #expect(schedule.events.allSatisfy { $0.key == "holiday" && $0.source == .provisional })
    }

    @Test func midAutumnOnANationalDayHolidayMergesAndAddsADay() throws {
        // 2028: 中秋 falls on Oct 3, the third national-day holiday; Oct 1 is a Sunday
        let schedule = try ProvisionalHolidays.schedule(year: 2028)
        #expect(schedule.holidays.last == .init(name: "国庆节、中秋节", start: "2028-09-30", end: "2028-10-05"))
        #expect(!schedule.holidays.contains { $0.name == "中秋节" })
    }

    @Test func estimateForOfficialYearsOverlapsEveryOfficialBlock() throws {
        // The official blocks of calendar-facts.md: the estimate lacks only the 调休 extensions
        let official: [Int: [(String, String, String)]] = [
            2025: [
                ("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"), ("清明节", "2025-04-04", "2025-04-06"),
                ("劳动节", "2025-05-01", "2025-05-05"), ("端午节", "2025-05-31", "2025-06-02"), ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
            ],
            2026: [
                ("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"), ("清明节", "2026-04-04", "2026-04-06"),
                ("劳动节", "2026-05-01", "2026-05-05"), ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
                ("国庆节", "2026-10-01", "2026-10-07"),
            ],
        ]
        for (year, blocks) in official {
            let estimate = try ProvisionalHolidays.schedule(year: year).holidays
            #expect(estimate.map(\.name) == blocks.map(\.0), "\(year)")
            for (block, (name, start, end)) in zip(estimate, blocks) {
                #expect(block.start <= end && start <= block.end, "\(year) \(name): \(block.start)–\(block.end)")
            }
        }
    }

    @Test func everyYearTo2100Has13StatutoryWorkingDaysOff() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parser = DateFormatter()
        parser.calendar = calendar
        parser.timeZone = calendar.timeZone
        parser.dateFormat = "yyyy-MM-dd"
        for year in [2027, 2060] + Array(2031...2100) {
            let schedule = try ProvisionalHolidays.schedule(year: year)
            #expect(Set(schedule.holidays.flatMap { $0.name.split(separator: "、") }).count == 7, "\(year)")
            var weekdaysOff = 0
            for block in schedule.holidays {
                var day = try #require(parser.date(from: block.start))
                let last = try #require(parser.date(from: block.end))
                while day <= last {
                    if !calendar.isDateInWeekend(day) { weekdaysOff += 1 }
                    day = calendar.date(byAdding: .day, value: 1, to: day)!
                }
            }
            // 13 statutory days since 2025: each is a weekday off, or is made up on one
            #expect(weekdaysOff == 13, "\(year)")
        }
    }

    @Test func qingmingIsPluggable() throws {
        // 2029's 清明 is Wed Apr 4; a solar-term computation saying Apr 5 moves the block
        #expect(try ProvisionalHolidays.schedule(year: 2029).holidays[2] == .init(name: "清明节", start: "2029-04-04", end: "2029-04-04"))
        let moved = try ProvisionalHolidays.schedule(year: 2029, qingming: { _ in 5 })
        #expect(moved.holidays[2] == .init(name: "清明节", start: "2029-04-05", end: "2029-04-05"))
        #expect(throws: CalendarError.computationFailed("清明 2029 (April 9)")) {
            try ProvisionalHolidays.schedule(year: 2029, qingming: { _ in 9 })
        }
    }
}
