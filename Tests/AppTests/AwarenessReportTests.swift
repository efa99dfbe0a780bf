import App
import Awareness
import Foundation
import OutreachCore
import Store
import Testing
import TestSupport

@Suite struct AwarenessReportTests {
    /// Responses to the minimal library's `sample-survey` (q-sleep-01 answer B, q-hotline-01 answer T).
    private func lines(school: String, count: Int, correct: Int, start: Int, day: String = "2026-11-20") -> [String] {
        (0..<count).map { index in
            let right = index < correct
            return #"{"respondent":{"id":"r\#(start + index)","region":"杭州","school":"\#(school)","grade":3,"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["\#(right ? "B" : "A")"],"q-hotline-01":["T"]},"submitted_at":"\#(day)"}"#
        }
    }

    private func app() async throws -> (App, TemporaryLibrary) {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        return (app, library)
    }

    @Test func importingTwiceCountsNobodyTwice() async throws {
        let (app, _) = try await app()
        let data = Data((lines(school: "甲校", count: 12, correct: 10, start: 0)).joined(separator: "\n").utf8)
        let first = try await app.learning.importResponses(data, path: "r.jsonl", actor: .localOperator)
        let second = try await app.learning.importResponses(data, path: "r.jsonl", actor: .localOperator)
        #expect(first.imported == 12 && second.imported == 0 && second.skipped == 12)
        let report = try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: nil, to: nil, actor: .localOperator)
        // 10 of 12 answered both questions right (100% ≥ 80); the others scored 50%
        #expect(report.total.respondents == 12 && report.total.aware == 10)
    }

    @Test func oneBadLineImportsNothingAndNamesTheLine() async throws {
        let (app, _) = try await app()
        var all = lines(school: "甲校", count: 3, correct: 3, start: 0)
        all.append("not json")
        all.append(#"{"respondent":{"id":"x","region":"杭州","school":"甲校","grade":3,"role":"parent"},"quiz":"sample-survey","answers":{"q-unknown":["A"]},"submitted_at":"2026-11-20"}"#)
        all.append(#"{"respondent":{"id":"y","region":"杭州","school":"甲校","grade":3,"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["Z"]},"submitted_at":"2026-11-20"}"#)
        all.append(#"{"respondent":{"id":"z","region":"杭州","school":"甲校","grade":3,"role":"parent"},"quiz":"no-such-quiz","answers":{},"submitted_at":"2026-11-20"}"#)
        do {
            _ = try await app.learning.importResponses(Data(all.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
            Issue.record("expected an error")
        } catch LearningError.invalidResponses(let errors) {
            #expect(errors == [
                "r.jsonl:4: not a JSON object",
                "r.jsonl:5: question 'q-unknown' is not in quiz 'sample-survey'",
                "r.jsonl:6: question 'q-sleep-01' has no option 'Z'",
                "r.jsonl:7: unknown quiz 'no-such-quiz'",
            ])
        }
        let report = try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: nil, to: nil, actor: .localOperator)
        #expect(report.total.suppressed)  // nothing was imported: 0 respondents
        #expect(report.total.respondents == nil)
    }

    @Test func smallGroupsAreSuppressedWithTheirComplement() async throws {
        let (app, _) = try await app()
        let all = lines(school: "甲校", count: 40, correct: 38, start: 0) + lines(school: "乙校", count: 15, correct: 12, start: 100)
            + lines(school: "丙校", count: 4, correct: 4, start: 200)
        _ = try await app.learning.importResponses(Data(all.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        let report = try await app.learning.awarenessReport(quiz: "sample-survey", by: [.school], from: nil, to: nil, actor: .localOperator)
        let cells = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key["school"]!, $0.cell) })
        #expect(cells["丙校"]?.suppressed == true)
        #expect(cells["乙校"]?.suppressed == true)  // otherwise 丙校 = total − 甲校 − 乙校
        #expect(cells["甲校"]?.respondents == 40 && cells["甲校"]?.aware == 38)
        #expect(report.total.respondents == 59)
        #expect(report.items.map(\.knowledgePoint) == ["kp-hotlines", "kp-sleep-needs"])
        #expect(report.targets.isEmpty)  // the sample survey declares no targets
    }

    @Test func dateRangeFiltersAndOnlyAnalystsSeeReports() async throws {
        let (app, _) = try await app()
        let all = lines(school: "甲校", count: 12, correct: 12, start: 0, day: "2026-03-01") + lines(school: "甲校", count: 11, correct: 0, start: 100, day: "2026-10-01")
        _ = try await app.learning.importResponses(Data(all.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        let spring = try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: "2026-01-01", to: "2026-06-30", actor: .localOperator)
        #expect(spring.total.respondents == 12 && spring.total.aware == 12)
        let parent = Account(id: "p1", role: .parent)
        await #expect(throws: AccessError.forbidden(.viewAggregates)) {
            try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: nil, to: nil, actor: .account(parent))
        }
        let analyst = Account(id: "a1", role: .analyst)
        _ = try await app.learning.awarenessReport(quiz: "sample-survey", by: [.region], from: nil, to: nil, actor: .account(analyst))
    }
}

@Suite struct ItemStatisticsServiceTests {
    @Test func facilityAndDiscriminationPerQuestion() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        // 12 respondents: those who know the sleep question also know the hotline one, and vice versa
        var lines: [String] = []
        for index in 0..<12 {
            let knows = index < 6
            lines.append(#"{"respondent":{"id":"r\#(index)","region":"杭州","school":"甲校","grade":3,"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["\#(knows ? "B" : "A")"],"q-hotline-01":["\#(knows ? "T" : "F")"]},"submitted_at":"2026-11-20"}"#)
        }
        _ = try await app.learning.importResponses(Data(lines.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        let rows = try await app.learning.itemStatistics(quiz: "sample-survey", actor: .localOperator)
        #expect(rows.map(\.question.id) == ["q-hotline-01", "q-sleep-01"])
        for row in rows {
            #expect(row.statistics.facility == 0.5)
            #expect(abs((row.statistics.discrimination ?? 0) - 1) < 1e-9)
        }
        await #expect(throws: AccessError.forbidden(.viewAggregates)) {
            try await app.learning.itemStatistics(quiz: "sample-survey", actor: .account(Account(id: "p", role: .parent)))
        }
    }
}

@Suite struct TargetsAsDataTests {
    @Test func targetsComeFromTheQuizFile() async throws {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        try library.write(
            "Lessons/quizzes/bank-sample.yaml",
            Fixtures.questions.replacingOccurrences(
                of: "    pass_mark: 80\n", with: "    pass_mark: 80\n    targets:\n      - {year: 2025, percent: 50}\n      - {year: 2027, percent: 100}\n"))
        let imported = try await app.content.importLibrary(roots: library.roots)
        #expect(imported.errors.isEmpty, "\(imported.errors)")
        let lines = (0..<20).map { index in
            #"{"respondent":{"id":"r\#(index)","region":"杭州","school":"甲校","grade":3,"role":"parent"},"quiz":"sample-survey","answers":{"q-sleep-01":["\#(index < 18 ? "B" : "A")"],"q-hotline-01":["T"]},"submitted_at":"2026-11-20"}"#
        }
        _ = try await app.learning.importResponses(Data(lines.joined(separator: "\n").utf8), path: "r.jsonl", actor: .localOperator)
        let report = try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: nil, to: nil, actor: .localOperator)
        // 18 of 20 aware: 90 %, interval ≈ 70–97 %: above 50 % for sure, below 100 %
        #expect(report.targets.map(\.status) == [.met, .missed])
        #expect(report.targets.map(\.target.year) == [2025, 2027])
        // A smaller minimum group publishes what the default would suppress
        let strict = try await app.learning.awarenessReport(quiz: "sample-survey", by: [], from: nil, to: nil, actor: .localOperator, minimumGroup: 50)
        #expect(strict.total.suppressed)
    }
}
