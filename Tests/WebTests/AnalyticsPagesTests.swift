import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// The analysts' dashboard: roles at the door, the SVG charts with the target line, suppressed groups
/// shown as words and never as numbers, the CSV export for Excel, and bad input.
@Suite struct AnalyticsPagesTests {
    /// The minimal library whose survey has the plan's targets (95 % by 2023, 98 % by 2025, 100 % by
    /// 2027), survey responses from four schools (甲校 40, a school named like a spreadsheet formula
    /// 20, 乙校 15, 丙校 4), and accounts ana (analyst), mom (parent), wang (staff).
    static func core() async throws -> (App, TemporaryLibrary) {
        let core = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        try library.write(
            "Lessons/quizzes/bank-sample.yaml",
            Fixtures.questions.replacingOccurrences(
                of: "pass_mark: 80", with: "pass_mark: 80\n    targets:\n      - {year: 2023, percent: 95}\n      - {year: 2025, percent: 98}\n      - {year: 2027, percent: 100}"))
        _ = try await core.content.importLibrary(roots: library.roots)
        func lines(_ school: String, region: String, grade: Int, count: Int, correct: Int, start: Int, day: String) -> [String] {
            (0..<count).map { index in
                let school = school.replacingOccurrences(of: "\"", with: "\\\"")
                return #"{"respondent":{"id":"r\#(start + index)","region":"\#(region)","school":"\#(school)","grade":\#(grade),"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["\#(index < correct ? "B" : "A")"],"q-hotline-01":["T"]},"submitted_at":"\#(day)"}"#
            }
        }
        let all = lines("甲校", region: "杭州", grade: 3, count: 40, correct: 38, start: 0, day: "2026-03-10")
            + lines(#"=HYPERLINK("http://x","<b>点我</b>")"#, region: "杭州", grade: 3, count: 20, correct: 20, start: 100, day: "2026-04-10")
            + lines("乙校", region: "杭州", grade: 4, count: 15, correct: 12, start: 200, day: "2026-04-10")
            + lines("丙校", region: "宁波", grade: 5, count: 4, correct: 4, start: 300, day: "2026-05-10")
        _ = try await core.learning.importResponses(Data(all.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        for (id, role) in [("ana", "analyst"), ("mom", "parent"), ("wang", "staff")] {
            try await core.accounts.create(.init(id: id, role: role, password: "long secret 1"), actor: .localOperator)
        }
        return (core, library)
    }

    @Test func onlyAnalystsAndAdminsSeeTheDashboard() async throws {
        let (core, library) = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            #expect(try await browser.get("/analytics/export.csv?by=school").location == "/login?next=%2Fanalytics%2Fexport.csv%3Fby%3Dschool")
            for id in ["mom", "wang"] {
                try await browser.signIn(id)
                #expect(try await browser.get("/analytics").status == .forbidden, "\(id)")
                let csv = try await browser.get("/analytics/export.csv")
                #expect(csv.status == .forbidden && csv.headers[.contentType]?.hasPrefix("text/html") == true && !csv.html.contains("甲校"))
                _ = try await browser.get("/")
                _ = try await browser.post("/logout")
            }
        }
        _ = library
    }

    @Test func theDashboardDrawsTheTrendAgainstTheTargetsAndHidesSmallGroups() async throws {
        let (core, library) = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/analytics?quiz=sample-survey&by=school")
            #expect(page.status == .ok && page.html.contains("示例问卷"))
            // The trend: inline SVG with the stepped target line (2026 is measured against 2027's 100 %)
            let trend = try #require(page.html.firstMatch(of: /<svg[^>]*aria-labelledby="trend-title"[\s\S]*?<\/svg>/)).0
            #expect(trend.contains(#"<path class="target""#) && trend.contains("目标 100.0%") && trend.contains("2026-03"))
            #expect(trend.contains("<circle class=\"point\"") && trend.contains("不显示"))
            // Targets with their verdicts
            #expect(page.html.contains("2025 年底") && page.html.contains("98%") && page.html.contains("未达标"))
            // Bars with whiskers; 乙校 and 丙校 are hidden (丙校 has 4 respondents, 乙校 would give it away)
            let bars = try #require(page.html.firstMatch(of: /<svg[^>]*aria-labelledby="bars-title"[\s\S]*?<\/svg>/)).0
            #expect(bars.matches(of: /class="bar"/).count == 2 && bars.contains(#"class="whisker""#) && bars.contains("人数不足，不显示"))
            #expect(page.html.contains("<th scope=\"row\">丙校</th><td colspan=\"4\">人数不足，不显示</td>"))
            #expect(page.html.contains("<th scope=\"row\">乙校</th><td colspan=\"4\">人数不足，不显示</td>"))
            #expect(page.html.contains("<th scope=\"row\">甲校</th><td class=\"num\">40</td><td class=\"num\">38</td><td class=\"num\">95.0%</td>"))
            #expect(bars.contains("n=40<") && !bars.contains("n=15") && !bars.contains("n=4<") && !bars.contains("80.0%"))
            // The heat map by school, with suppressed cells grey
            let heat = try #require(page.html.firstMatch(of: /<svg[^>]*aria-labelledby="heat-title"[\s\S]*?<\/svg>/)).0
            #expect(heat.contains("各学段孩子需要的睡眠时间") && heat.contains("cell suppressed") && heat.contains("hsl("))
            // Text from respondents is escaped everywhere, in the charts too
            #expect(page.html.contains("&lt;b&gt;点我&lt;/b&gt;") && !page.html.contains("<b>点我"))
            // By grade: grade names, not numbers
            let byGrade = try await browser.get("/analytics?quiz=sample-survey&by=grade")
            #expect(byGrade.html.contains("三年级") && byGrade.html.contains("按年级的知晓率"))
        }
        _ = library
    }

    @Test func theCSVExportIsUTF8WithABOMAndNeverShowsSuppressedNumbers() async throws {
        let (core, library) = try await Self.core()
        try await WebSessionTests.withBrowser(core) { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/analytics?quiz=sample-survey&by=school")
            #expect(page.html.contains(#"href="/analytics/export.csv?quiz=sample-survey&amp;by=school""#))
            let csv = try await browser.get("/analytics/export.csv?quiz=sample-survey&by=school")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="awareness-sample-survey-school.csv""#)
            #expect(csv.html.hasPrefix("\u{FEFF}学校,答卷人数,知晓人数,知晓率,95%置信区间下限,95%置信区间上限\r\n"))
            let rows = csv.html.dropFirst().components(separatedBy: "\r\n")
            #expect(rows.contains("丙校,,,人数不足，不显示,,") && rows.contains("乙校,,,人数不足，不显示,,"))
            #expect(rows.contains { $0.hasPrefix("甲校,40,38,95.0%,") })
            // A school named like a formula is not a formula in Excel
            #expect(rows.contains { $0.hasPrefix(#""'=HYPERLINK(""http://x"",""<b>点我</b>"")",20,20,100.0%,"#) })
            #expect(rows.contains { $0.hasPrefix("合计,79,74,93.7%,") })
            #expect(rows.count == 7 && rows.last == "")
            // Bad input is a page that says why, never a 500
            #expect(try await browser.get("/analytics/export.csv?quiz=no-such-quiz").status == .notFound)
            #expect(try await browser.get("/analytics?by=shoe-size").status == .badRequest)
            #expect(try await browser.get("/analytics?from=2026-13-01").status == .badRequest)
            #expect(try await browser.get("/analytics?quiz=%FF").status == .badRequest)
        }
        _ = library
    }
}
