import Foundation
import SchoolCalendar
import Testing

/// The 24 solar terms against an oracle for 2000–2060: Fixtures/solar-terms.txt, computed with sxtwl 2.0.7 and
/// cross-checked with ephem 4.2.1 by Fixtures/make_solar_terms.py (the tests themselves need no Python).
@Suite struct SolarTermTests {
    /// Year → the 24 `MM-DD` Beijing dates in `SolarTerms.names` order; empty if the fixture cannot be read,
    /// which `oracleCoversEveryYearFrom2000To2060` reports.
    static let oracle: [Int: [String]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/solar-terms.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var table: [Int: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            if let year = Int(fields[0]) { table[year] = Array(fields.dropFirst()) }
        }
        return table
    }()

    static let beijing: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    @Test func oracleCoversEveryYearFrom2000To2060() {
        #expect(Set(Self.oracle.keys) == Set(2000...2060))
        #expect(Self.oracle.values.allSatisfy { $0.count == 24 })
    }

    @Test(arguments: 2000...2060)
    func everyTermMatchesTheOracle(year: Int) throws {
        // Given the oracle's 24 dates for the year
        let expected = try #require(Self.oracle[year])
        // When the terms are computed
        let terms = try SolarTerms.terms(year: year)
        // Then every term falls on the oracle's Beijing day
        #expect(terms.map(\.name) == SolarTerms.names)
        for (term, day) in zip(terms, expected) {
            #expect(term.date == "\(year)-\(day)", "\(year) \(term.name)")
        }
    }

    /// Terms within a minute or two of Beijing midnight (calendar-facts.md §1): a low-precision solar longitude
    /// or a missing ΔT puts these on the wrong day.
    @Test(arguments: [
        (2021, "冬至", "2021-12-21", "23:59"),  // sxtwl 23:59:09
        (2008, "小满", "2008-05-21", "00:00"),  // sxtwl 00:00:53
        (2051, "春分", "2051-03-20", "23:58"),  // sxtwl 23:58:25
    ])
    func knifeEdgeTermsFallOnTheRightDay(year: Int, name: String, day: String, minute: String) throws {
        let event = try #require(try SolarTerms.terms(year: year).first { $0.name == name })
        #expect(event.date == day)
        #expect(Self.oracle[year]?[SolarTerms.names.firstIndex(of: name)!] == String(day.dropFirst(5)))
        // The instant itself is within the same Beijing minute as the oracle's.
        let moment = try #require(try SolarTerms.moments(year: year).first { $0.name == name })
        let parts = Self.beijing.dateComponents([.hour, .minute], from: moment.date)
        #expect(String(format: "%02d:%02d", parts.hour!, parts.minute!) == minute)
    }

    @Test func qingmingIsOnApril4Or5From2000To2060() throws {
        for year in 2000...2060 {
            let qingming = try #require(try SolarTerms.terms(year: year).first { $0.name == "清明" })
            #expect(qingming.date == "\(year)-04-04" || qingming.date == "\(year)-04-05", "\(year)")
        }
    }

    @Test func everyYearHas24DistinctTermsInOrder() throws {
        for year in 1900...2100 {
            let moments = try SolarTerms.moments(year: year)
            let terms = try SolarTerms.terms(year: year)
            #expect(moments.map(\.name) == SolarTerms.names, "\(year)")
            #expect(moments.map(\.longitude) == (0..<24).map { (285 + 15 * $0) % 360 }, "\(year)")
            #expect(Set(terms.map(\.date)).count == 24, "\(year)")
            #expect(terms.map(\.date) == terms.map(\.date).sorted(), "\(year)")
            #expect(terms.allSatisfy { $0.key == "solar_term" && $0.source == .computed && $0.date.hasPrefix("\(year)-") })
            // Consecutive terms are 14.7 (near perihelion) to 15.8 days (near aphelion) apart.
            for (earlier, later) in zip(moments, moments.dropFirst()) {
                let days = later.date.timeIntervalSince(earlier.date) / 86_400
                #expect((14.5...16).contains(days), "\(year) \(earlier.name)→\(later.name): \(days)")
            }
        }
    }

    @Test func namesRunFromXiaohanToDongzhi() {
        #expect(SolarTerms.names.count == 24)
        #expect(Set(SolarTerms.names).count == 24)
        #expect(SolarTerms.names.first == "小寒")
        #expect(SolarTerms.names[2] == "立春")
        #expect(SolarTerms.names[5] == "春分")
        #expect(SolarTerms.names[6] == "清明")
        #expect(SolarTerms.names.last == "冬至")
    }

    @Test func yearsOutside1900To2100Throw() {
        #expect(throws: CalendarError.yearOutOfRange(1899)) { try SolarTerms.terms(year: 1899) }
        #expect(throws: CalendarError.yearOutOfRange(2101)) { try SolarTerms.terms(year: 2101) }
        #expect(throws: CalendarError.yearOutOfRange(2101)) { try SolarTerms.moments(year: 2101) }
        #expect(throws: Never.self) { try SolarTerms.terms(year: 1900) }
        #expect(throws: Never.self) { try SolarTerms.terms(year: 2100) }
    }
}
