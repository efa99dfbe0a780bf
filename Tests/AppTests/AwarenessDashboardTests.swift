import App
import Awareness
import Foundation
import OutreachCore
import Testing
import TestSupport

/// The analysts' dashboard reads: the monthly trend and the knowledge-point heat map, both suppressing
/// small groups with a complement so no group is recoverable from a total.
@Suite struct AwarenessDashboardTests {
    /// Responses to the minimal library's `sample-survey`: `correct` of `count` answer q-sleep-01 right
    /// (score 100 %, aware), the rest wrong (50 %); everyone answers q-hotline-01 right.
    private func lines(school: String, grade: Int, count: Int, correct: Int, start: Int, day: String) -> [String] {
        (0..<count).map { index in
            #"{"respondent":{"id":"r\#(start + index)","region":"杭州","school":"\#(school)","grade":\#(grade),"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["\#(index < correct ? "B" : "A")"],"q-hotline-01":["T"]},"submitted_at":"\#(day)"}"#
        }
    }

    private func app() async throws -> (App, TemporaryLibrary) {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        let all = lines(school: "甲校", grade: 3, count: 40, correct: 38, start: 0, day: "2026-03-10")
            + lines(school: "乙校", grade: 4, count: 15, correct: 12, start: 100, day: "2026-04-10")
            + lines(school: "丙校", grade: 5, count: 4, correct: 4, start: 200, day: "2026-05-10")
        _ = try await app.learning.importResponses(Data(all.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        return (app, library)
    }

    @Test func theTrendIsMonthlyAndSuppressesSmallMonthsWithAComplement() async throws {
        let (app, _) = try await app()
        let trend = try await app.learning.awarenessTrend(quiz: "sample-survey", from: nil, to: nil, actor: .localOperator)
        #expect(trend.map(\.month) == ["2026-03", "2026-04", "2026-05"])
        #expect(trend[0].cell.respondents == 40 && trend[0].cell.aware == 38 && trend[0].cell.interval != nil)
        // May has 4 respondents; April is hidden too, or May = total − March − April
        #expect(trend[1].cell.suppressed && trend[2].cell.suppressed && trend[2].cell.respondents == nil)
        let spring = try await app.learning.awarenessTrend(quiz: "sample-survey", from: "2026-03-01", to: "2026-04-30", actor: .localOperator)
        #expect(spring.map(\.month) == ["2026-03", "2026-04"] && spring.allSatisfy { !$0.cell.suppressed })
    }

    @Test func theHeatMapHidesSmallGroupsAndTheirComplement() async throws {
        let (app, _) = try await app()
        let heat = try await app.learning.knowledgeHeatMap(quiz: "sample-survey", by: .school, from: nil, to: nil, actor: .localOperator)
        #expect(heat.groups == ["丙校", "乙校", "甲校"])
        #expect(heat.rows.map(\.knowledgePoint) == ["kp-hotlines", "kp-sleep-needs"])
        let sleep = try #require(heat.rows.last)
        #expect(sleep.title == "各学段孩子需要的睡眠时间")
        #expect(sleep.cells[0].suppressed && sleep.cells[1].suppressed)
        #expect(sleep.cells[2].respondents == 40 && sleep.cells[2].aware == 38)
        #expect(sleep.total.respondents == 59 && sleep.total.aware == 54)
        let byGrade = try await app.learning.knowledgeHeatMap(quiz: "sample-survey", by: .grade, from: nil, to: nil, actor: .localOperator)
        #expect(byGrade.groups == ["3", "4", "5"])
    }

    @Test func onlyAnalystsAndAdminsReadTheDashboard() async throws {
        let (app, _) = try await app()
        for role in [Role.parent, .staff, .organiser] {
            let actor = Actor.account(Account(id: "x", role: role))
            await #expect(throws: AccessError.forbidden(.viewAggregates)) {
                try await app.learning.awarenessTrend(quiz: "sample-survey", from: nil, to: nil, actor: actor)
            }
            await #expect(throws: AccessError.forbidden(.viewAggregates)) {
                try await app.learning.knowledgeHeatMap(quiz: "sample-survey", by: .region, from: nil, to: nil, actor: actor)
            }
        }
        let analyst = Actor.account(Account(id: "a", role: .analyst))
        #expect(try await app.learning.awarenessTrend(quiz: "sample-survey", from: nil, to: nil, actor: analyst).count == 3)
        await #expect(throws: LearningError.unknownQuiz("nope")) {
            try await app.learning.awarenessTrend(quiz: "nope", from: nil, to: nil, actor: analyst)
        }
    }
}
