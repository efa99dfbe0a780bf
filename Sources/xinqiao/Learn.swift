import App
import ArgumentParser
import Foundation
import Learning
import OutreachCore

/// Resolves `--as ACCOUNT` into an actor.
func actor(_ app: App, _ id: String?) async throws -> Actor {
    guard let id else { throw ValidationError("give --as ACCOUNT (the parent or staff account acting)") }
    guard let account = try await app.accounts.account(id: id) else { throw ValidationError("no account '\(id)'") }
    return .account(account)
}

extension XinQiaoCommand {
    /// Parent-school courses and micro-lessons.
    struct LearnCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "learn", abstract: "Parent-school courses: list, read lessons, track progress, verify certificates.",
            subcommands: [Courses.self, Enrol.self, Show.self, Read.self, Progress.self, Verify.self])
    }
}

extension XinQiaoCommand.LearnCommand {
    struct Courses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List courses and their lessons.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            var listing: [[String: String]] = []
            for course in try await app.learning.courses() {
                let lessons = try await app.learning.lessons(course: course.id)
                if json {
                    listing.append(["id": course.id.rawValue, "title": course.title, "lessons": lessons.map(\.id.rawValue).joined(separator: ",")])
                } else {
                    print("\(course.title)  [\(course.id)]")
                    for lesson in lessons { print("  \(lesson.position). \(lesson.title)  [\(lesson.id)] \(lesson.minutes)分钟") }
                }
            }
            if json { try printJSON(listing) }
        }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol in a course.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Course id, e.g. course-junior.") var course: String
        @Option(name: .customLong("as"), help: "The learner's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let added = try await app.learning.enrol(course: course, actor: try await actor(app, account))
            print(added ? "已报名 \(course)" : "已经报名过 \(course)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a micro-lesson.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lesson id, e.g. course-junior-01.") var lesson: String

        func run() async throws {
            let lesson = try await store.app().learning.lesson(id: lesson)
            print("\(lesson.title)（约\(lesson.minutes)分钟）\n")
            print("要点：")
            for point in lesson.keyPoints { print("· \(point)") }
            print("\n" + lesson.body)
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a lesson read; finishing a course issues a certificate.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Lesson id.") var lesson: String
        @Option(name: .customLong("as"), help: "The learner's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let result = try await app.learning.markRead(lesson: lesson, actor: try await actor(app, account))
            print("已学完 \(result.read)/\(result.total) 节")
            if let certificate = result.certificate { print("课程已完成，证书验证码：\(certificate.code)") }
        }
    }

    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show course progress, certificates and pre/post-test gain.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "The learner's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            for entry in try await app.learning.progress(actor: try await actor(app, account)) {
                var line = "\(entry.course.title)：\(entry.read)/\(entry.total)"
                if let certificate = entry.certificate { line += "  证书 \(certificate.code)" }
                if let gain = entry.gain { line += String(format: "  前测→后测 %+.0f 分", gain) }
                print(line)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a certificate's verify code.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The code printed on the certificate.") var code: String

        func run() async throws {
            guard let certificate = try await store.app().learning.verifyCertificate(code: code) else {
                printError("no certificate with code \(code)")
                throw ExitCode.failure
            }
            print("valid: course \(certificate.course), issued \(certificate.issuedAt)")
        }
    }
}

extension XinQiaoCommand.QuizCommand {
    /// Takes a quiz question by question on the terminal.
    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a quiz interactively: answer with A, 1, 选B, or the option's text; q to stop.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Quiz id.") var quizID: String
        @Option(name: .customLong("as"), help: "The learner's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let who = try await actor(app, account)
            let (attempt, questions) = try await app.learning.startAttempt(quiz: quizID, actor: who)
            for (index, question) in questions.enumerated() {
                print("\n第\(index + 1)/\(questions.count)题\(question.kind == .multiple ? "（多选，可输入 AC）" : "")：\(question.stem)")
                let options = question.options
                // Labels follow the order shown (the attempt shuffles options); answers map back to option ids.
                for (number, option) in options.enumerated() { print("  \(AnswerParser.label(number)). \(option.text)") }
                while true {
                    print("> ", terminator: "")
                    guard let line = readLine() else { return }
                    if line.trimmingCharacters(in: .whitespaces).lowercased() == "q" { return }
                    guard let chosen = AnswerParser.parse(line, options: options, multiple: question.kind == .multiple) else {
                        print("没看懂这个回答，请输入选项字母（如 A）或序号（如 1）。")
                        continue
                    }
                    do {
                        let feedback = try await app.learning.answer(
                            attempt: attempt.id.rawValue, question: question.id.rawValue, options: chosen, actor: who)
                        print(feedback.correct ? "✓ 答对了。" : "✗ 正确答案是 \(feedback.answer.joined(separator: "、"))。")
                        print("  \(feedback.explanation)")
                        break
                    } catch let error as AttemptError {
                        print(error.description)
                    }
                }
            }
            let result = try await app.learning.submit(attempt: attempt.id.rawValue, actor: who)
            print(String(format: "\n得分：%d/%d（%.0f%%），及格线 %d%%。", result.score.correct, result.score.total, result.score.percent, result.passMark))
            print(result.aware ? "恭喜，您已掌握这部分知识。" : "还有一些知识点值得再看看，可以重新学习后再测。")
        }
    }
}
