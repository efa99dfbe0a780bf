import Foundation
import Testing
import TestSupport

/// `xinqiao calendar` end to end: the JSON shape, region events only on request, one-line errors.
@Suite(.serialized) struct CalendarCommandTests {
    private func events(_ stdout: String) throws -> [[String: String]] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: String]])
    }

    static let keys: Set<String> = [
        "chuxi", "chunjie", "yuanxiao", "qingming", "duanwu", "qixi", "zhongqiu", "chongyang", "solar_term", "gaokao", "zhongkao",
        "term_start", "term_end", "winter_vacation", "summer_vacation", "holiday", "observance",
    ]

    @Test func regionEventsOnlyWhenAsked() throws {
        let national = try Executable.run(["calendar", "--year", "2026", "--json"], cwd: Repository.root)
        #expect(national.status == 0, "\(national.stderr)")
        let nationalEvents = try events(national.stdout)
        #expect(!nationalEvents.contains { $0["region"] != nil || $0["source"] == "configured" })

        let regional = try Executable.run(["calendar", "--year", "2026", "--region", "jiangxi", "--json"], cwd: Repository.root)
        #expect(regional.status == 0, "\(regional.stderr)")
        let regionalEvents = try events(regional.stdout)
        for event in regionalEvents {
            #expect(Self.keys.contains(event["key"] ?? ""), "\(event)")
            #expect(["computed", "official", "configured", "provisional"].contains(event["source"] ?? ""), "\(event)")
            #expect(Set(event.keys).isSubset(of: ["key", "name", "date", "end", "region", "source"]), "\(event)")
        }
        let gaokao = try #require(regionalEvents.first { $0["key"] == "gaokao" })
        #expect(gaokao == ["key": "gaokao", "name": "高考", "date": "2026-06-07", "end": "2026-06-10", "region": "江西", "source": "configured"])
        #expect(regionalEvents.count > nationalEvents.count)
    }

    @Test func aRegionYearHasEveryKeyAndAllSolarTerms() throws {
        let result = try Executable.run(["calendar", "--year", "2026", "--region", "浙江", "--json"], cwd: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let all = try events(result.stdout)
        #expect(Set(all.compactMap { $0["key"] }) == Self.keys)
        let terms = all.filter { $0["key"] == "solar_term" }
        #expect(terms.count == 24)
        #expect(terms.first { $0["name"] == "清明" }?["date"] == "2026-04-05")
        #expect(all.first { $0["key"] == "qingming" }?["date"] == "2026-04-05")
        // Events are in date order
        let dates = all.compactMap { $0["date"] }
        #expect(dates == dates.sorted())
    }

    @Test func provisionalYearIsMarked() throws {
        let result = try Executable.run(["calendar", "--year", "2027", "--json"], cwd: Repository.root)
        let holidays = try events(result.stdout).filter { $0["key"] == "holiday" }
        #expect(holidays.count == 7)
        #expect(holidays.allSatisfy { $0["source"] == "provisional" })
    }

    @Test func unknownRegionIsAOneLineErrorWithNonZeroExit() throws {
        let result = try Executable.run(["calendar", "--year", "2026", "--region", "mars", "--json"], cwd: Repository.root)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                == "Error: unknown region 'mars' (known: 广东 (guangdong), 江西 (jiangxi), 浙江 (zhejiang))")
    }

    @Test func brokenDataFileIsAOneLineErrorWithNonZeroExit() throws {
        // Given a copy of the library whose Zhejiang file names an unknown kind
        let library = try TemporaryLibrary.copyOfBundled()
        try library.write(
            "Content/calendar/regions/zhejiang.yaml",
            "region: 浙江\ncode: zhejiang\nschool_years:\n  - school_year: 2026学年\n    events:\n      - {kind: exam, date: 2027-01-20}\n")
        // When the calendar is asked for from that folder
        let result = try Executable.run(["calendar", "--year", "2027", "--region", "浙江"], cwd: library.root)
        // Then it fails with the file (as the command found it, relative to its folder) and line
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(
            lines.first.map(String.init)
                == "Error: Content/calendar/regions/zhejiang.yaml:6: unknown kind 'exam' (use gaokao, zhongkao, term_start, term_end, winter_vacation, summer_vacation)")
    }
}
