import App
import ArgumentParser
import Awareness
import Foundation
import Learning
import OutreachCore

extension XinQiaoCommand {
    /// Quizzes and survey responses.
    struct QuizCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quiz", abstract: "Show quizzes and import survey responses.",
            subcommands: [Show.self, Take.self, ImportResponses.self])
    }

    /// Reports for analysts.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Aggregate reports (small groups suppressed).", subcommands: [AwarenessCommand.self, ItemsCommand.self])
    }
}

extension XinQiaoCommand.QuizCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a quiz and its questions.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "Quiz id, e.g. parent-awareness.") var quizID: String
        @Flag(help: "Include the right answers (staff or analyst rights when --as is given).") var withAnswers = false
        @Option(name: .customLong("as"), help: "Act as this account (rights are checked).") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            if withAnswers, let account {
                guard let found = try await app.accounts.account(id: account) else {
                    throw ValidationError("no account '\(account)'")
                }
                guard app.learning.mayViewAnswers(.account(found)) else {
                    throw AccessError.forbidden(.viewAnswerKeys)
                }
            }
            let (quiz, questions) = try await app.learning.quiz(id: quizID)
            let view = QuizView(quiz: quiz, questions: questions, withAnswers: withAnswers)
            if json {
                try printJSON(view)
                return
            }
            print("\(quiz.title)（\(quiz.id)，\(questions.count) 题，及格线 \(quiz.passMark)%）")
            for (index, question) in questions.enumerated() {
                print("\(index + 1). \(question.stem)")
                for option in question.options { print("   \(option.id). \(option.text)") }
                if withAnswers { print("   答案：\(question.answer.joined(separator: "、"))  \(question.explanation)") }
            }
        }
    }

    struct ImportResponses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-responses",
            abstract: "Import survey responses from JSON Lines (paper or survey-tool exports).",
            discussion: """
                One object a line: {"respondent":{"id","region","school","grade","role"},"quiz","answers":{"QUESTION_ID":["OPTION_ID"]},"submitted_at"}.
                Every line is checked first: one bad line imports nothing. Idempotent by (quiz, respondent id).
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "A .jsonl file.") var file: String
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            do {
                let report = try await store.app().learning.importResponses(data, path: file, actor: .localOperator)
                if json { try printJSON(report) } else { print("responses: \(report.imported) imported, \(report.skipped) already there") }
            } catch LearningError.invalidResponses(let errors) {
                for error in errors { printError(error) }
                throw ExitCode.failure
            }
        }
    }
}

extension XinQiaoCommand.ReportCommand {
    struct AwarenessCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "awareness",
            abstract: "Awareness rate (知晓率) of a quiz: total, breakdown, knowledge points, targets.",
            discussion: "Rates carry n and a 95% Wilson interval; groups under the threshold (10) are suppressed, with complementary suppression.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Quiz id.") var quiz: String
        @Option(help: "Break down by a comma list of region, school, grade, role.") var by: String?
        @Option(help: "First day, YYYY-MM-DD.") var from: String?
        @Option(help: "Last day, YYYY-MM-DD.") var to: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print CSV.") var csv = false
        @Option(help: "Suppress groups with fewer respondents than this (default 10, or $XINQIAO_MIN_GROUP).") var minGroup: Int?

        func validate() throws {
            if let minGroup, minGroup < 1 { throw ValidationError("--min-group must be at least 1") }
            for part in (by ?? "").split(separator: ",") where ReportDimension(rawValue: String(part)) == nil {
                throw ValidationError("--by takes region, school, grade, role; got '\(part)'")
            }
            for date in [from, to].compactMap({ $0 }) where date.count != 10 || date.split(separator: "-").count != 3 {
                throw ValidationError("dates are YYYY-MM-DD, got '\(date)'")
            }
            if json && csv { throw ValidationError("choose --json or --csv") }
        }

        func run() async throws {
            let dimensions = (by ?? "").split(separator: ",").compactMap { ReportDimension(rawValue: String($0)) }
            let report = try await store.app().learning.awarenessReport(
                quiz: quiz, by: dimensions, from: from, to: to, actor: .localOperator, minimumGroup: minGroup)
            let view = AwarenessReportView(report)
            if json {
                try printJSON(view)
            } else if csv {
                print((dimensions.map(\.rawValue) + ["respondents", "aware", "rate", "ci_low", "ci_high", "suppressed"]).joined(separator: ","))
                for group in view.groups {
                    let key = dimensions.map { csvField(group.key[$0.rawValue] ?? "") }
                    print((key + group.cells).joined(separator: ","))
                }
                print((dimensions.map { _ in "" } + view.total.cells).joined(separator: ",").replacingOccurrences(of: "^", with: "", options: .regularExpression))
            } else {
                print("\(report.quiz)  及格线 \(report.passMark)%")
                print("总体  \(view.total.line)")
                for group in view.groups {
                    print("\(dimensions.map { group.key[$0.rawValue] ?? "" }.joined(separator: " / "))  \(group.line)")
                }
                for target in view.targets { print("目标 \(target.year) \(Int(target.rate * 100))%：\(target.status)") }
            }
        }
    }
}

extension XinQiaoCommand.ReportCommand {
    struct ItemsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "items",
            abstract: "Item analysis per question: facility (share right) and discrimination (corrected point-biserial).",
            discussion: "Low or negative discrimination flags a confusing or mis-keyed question. Questions answered by fewer than 10 respondents are left out.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Quiz id.") var quiz: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let rows = try await store.app().learning.itemStatistics(quiz: quiz, actor: .localOperator)
            if json {
                try printJSON(rows.map { row in
                    ItemView(
                        question: row.question.id.rawValue, knowledge_point: row.question.knowledgePoint.rawValue,
                        respondents: row.statistics.respondents, facility: (row.statistics.facility * 1000).rounded() / 1000,
                        discrimination: row.statistics.discrimination.map { ($0 * 1000).rounded() / 1000 })
                })
                return
            }
            for row in rows {
                let discrimination = row.statistics.discrimination.map { String(format: "%.2f", $0) } ?? "—"
                print(String(format: "%@  难度(答对率) %.0f%%  区分度 %@  n=%d  %@", row.question.id.rawValue, row.statistics.facility * 100, discrimination, row.statistics.respondents, String(row.question.stem.prefix(30))))
            }
        }

        struct ItemView: Encodable {
            var question: String
            var knowledge_point: String
            var respondents: Int
            var facility: Double
            var discrimination: Double?
        }
    }
}

func csvField(_ value: String) -> String {
    value.contains(",") || value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
}

/// The JSON shape of `quiz show`.
struct QuizView: Encodable {
    struct QuestionView: Encodable {
        var id: String
        var knowledge_point: String
        var type: String
        var stem: String
        var options: [Question.Option]
        var answer: [String]?
        var explanation: String?
    }
    var id: String
    var title: String
    var pass_mark: Int
    var questions: [QuestionView]

    init(quiz: Quiz, questions: [Question], withAnswers: Bool) {
        id = quiz.id.rawValue
        title = quiz.title
        pass_mark = quiz.passMark
        self.questions = questions.map {
            QuestionView(
                id: $0.id.rawValue, knowledge_point: $0.knowledgePoint.rawValue, type: $0.kind.rawValue, stem: $0.stem,
                options: $0.options, answer: withAnswers ? $0.answer : nil, explanation: withAnswers ? $0.explanation : nil)
        }
    }
}

