import App
import ArgumentParser
import Foundation
import Awareness
import Campaigns
import Store
import Learning
import OutreachCore

extension XinQiaoCommand {
    /// Benchmarks that need the whole application (not run by the tests).
    struct BenchCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench", abstract: "Benchmarks (results go to BENCHMARKS.md).", subcommands: [AwarenessBench.self, FanOutBench.self, ChatBench.self])
    }
}

extension XinQiaoCommand.BenchCommand {
    /// A letter campaign fanned out to many synthetic parents through the App layer (review, schedule,
    /// run-due), against a plain `INSERT … SELECT` of the same rows in the same run.
    struct FanOutBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fanout", abstract: "Fan a letter campaign out to many parents (use a fresh --db).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Number of synthetic parents.") var parents: Int = 1_000_000

        func run() async throws {
            let app = try await store.app()
            _ = try await app.content.importLibrary(roots: app.config.contentRoots)
            let now = Date()
            var start = ContinuousClock.now
            try await app.database.insertSyntheticParents(count: parents, at: now)
            FileHandle.standardError.write(Data("\(parents) parents in \(format((ContinuousClock.now - start).seconds)) s\n".utf8))
            for id in ["bench-staff-a", "bench-staff-b"] where try await app.accounts.account(id: id) == nil {
                _ = try await app.accounts.create(.init(id: id, role: "staff"), actor: .localOperator)
            }
            let writer = Actor.account(try await app.accounts.account(id: "bench-staff-a")!)
            let approver = Actor.account(try await app.accounts.account(id: "bench-staff-b")!)
            // 10·10 reaches every stage: every synthetic parent with a grade still at school.
            let year = Calendar(identifier: .gregorian).component(.year, from: now) + 1
            let campaign = try await app.campaigns.create(
                template: "letter-observance-1010", year: year, region: nil, campaignID: "bench-\(UUID().uuidString.prefix(8))", actor: writer)
            _ = try await app.campaigns.perform(.submit, on: campaign.id, actor: writer)
            _ = try await app.campaigns.perform(.approve, on: campaign.id, actor: approver)
            let scheduled = try await app.campaigns.perform(.schedule, on: campaign.id, actor: writer)
            start = ContinuousClock.now
            let sent = try await app.campaigns.runDue(now: scheduled.sendAt!)
            let fanOut = (ContinuousClock.now - start).seconds
            let recipients = sent.first { $0.campaign == campaign.id.rawValue }?.recipients ?? 0
            let plain = try await app.database.plainFanOut(campaign: campaign.id.rawValue, at: now)
            print("| parents | deliveries | xinqiao run-due s | plain INSERT … SELECT s | ratio |")
            print("|---:|---:|---:|---:|---:|")
            print("| \(parents) | \(recipients) | \(format(fanOut)) | \(format(plain.seconds)) (\(plain.rows) rows) | \(format(fanOut / max(plain.seconds, 1e-9)))× |")
        }

        func format(_ value: Double) -> String { String(format: "%.2f", value) }
    }

    /// A deterministic synthetic survey ingested through the App layer, then the district × school
    /// report from the rollups against the same report in plain SQL over the raw answers.
    struct AwarenessBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "awareness", abstract: "Survey ingest and awareness report at scale.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Number of synthetic respondents (20 answers each).") var respondents: Int = 100_000
        @Option(help: "Respondents per import batch.") var batch: Int = 10_000

        func run() async throws {
            let app = try await store.app()
            _ = try await app.content.importLibrary(roots: app.config.contentRoots)
            let (quiz, questions) = try await app.learning.quiz(id: "parent-awareness")
            let districts = ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区", "桐庐县"]
            var generator = SeededGenerator(seed: 20_240_601)
            var ingested = 0
            var ingestSeconds = 0.0
            while ingested < respondents {
                let count = min(batch, respondents - ingested)
                var lines = Data()
                lines.reserveCapacity(count * 700)
                for index in ingested..<(ingested + count) {
                    let school = Int(generator.next() % 1_200)
                    let district = districts[school % districts.count]
                    let skill = Double(generator.next() % 1_000) / 1_000
                    var answers: [String] = []
                    for question in questions {
                        let right = Double(generator.next() % 1_000) / 1_000 < 0.7 + 0.3 * skill
                        let option = right ? question.answer : [question.options.first { !question.answer.contains($0.id) }?.id ?? "A"]
                        answers.append("\"\(question.id)\":[\(option.map { "\"\($0)\"" }.joined(separator: ","))]")
                    }
                    let day = String(format: "2026-%02d-%02d", 1 + Int(generator.next() % 12), 1 + Int(generator.next() % 28))
                    let role = generator.next() % 3 == 0 ? "student" : "parent"
                    let line = #"{"respondent":{"id":"b\#(index)","region":"\#(district)","school":"学校\#(school)","grade":\#(1 + generator.next() % 12),"role":"\#(role)"},"quiz":"\#(quiz.id)","answers":{\#(answers.joined(separator: ","))},"submitted_at":"\#(day)"}"#
                    lines.append(contentsOf: Array(line.utf8))
                    lines.append(0x0A)
                }
                let start = ContinuousClock.now
                _ = try await app.learning.importResponses(lines, path: "synthetic", actor: .localOperator)
                ingestSeconds += (ContinuousClock.now - start).seconds
                ingested += count
                FileHandle.standardError.write(Data("\r\(ingested)/\(respondents) respondents".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            let answers = Double(respondents * questions.count)
            print(String(format: "ingest: %d respondents, %.0f answers in %.1f s = %.0f answers/s (JSON parse + validation + scoring + rollups)", respondents, answers, ingestSeconds, answers / ingestSeconds))
            var rollupTimes: [Double] = []
            for _ in 0..<5 {
                let start = ContinuousClock.now
                let report = try await app.learning.awarenessReport(quiz: quiz.id.rawValue, by: [.region, .school], from: nil, to: nil, actor: .localOperator)
                rollupTimes.append((ContinuousClock.now - start).seconds * 1000)
                precondition(report.total.respondents ?? 0 >= respondents)
            }
            let rawStart = ContinuousClock.now
            let raw = try await app.learning.rawAwarenessByDistrictAndSchool(quiz: quiz.id.rawValue, passMark: quiz.passMark)
            let rawMs = (ContinuousClock.now - rawStart).seconds * 1000
            rollupTimes.sort()
            print(String(format: "report district × school from rollups: median %.1f ms (of 5); plain SQL over raw answers: %.0f ms (%d groups); ratio %.0f×", rollupTimes[2], rawMs, raw, rawMs / rollupTimes[2]))
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
