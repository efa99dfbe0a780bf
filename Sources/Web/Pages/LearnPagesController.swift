import App
import Foundation
import Hummingbird
import Learning
import OutreachCore
import Store

/// The parent school: courses (`/learn`, `/learn/{course}`, enrol), micro-lessons (`/lessons/{id}`,
/// mark read), quizzes with results and explanations (`/quiz/{id}`, attempts under
/// `/quiz/{id}/attempts/{attempt}`) and the reader's progress and certificates (`/progress`).
///
/// Reading is open to everyone; recording progress and taking a quiz need an account. An attempt
/// belongs to its account: another account's attempt is a 404 page (the App layer checks the owner).
struct LearnPagesController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/learn") { request, context in
            let progress = try await Self.progress(site, context)
            var courses: [[String: Any]] = []
            for course in try await site.core.learning.courses() {
                var item: [String: Any] = [
                    "href": "/learn/" + Site.segment(course.id.rawValue), "title": course.title, "summary": course.summary,
                    "total": try await site.core.learning.lessons(course: course.id).count,
                ]
                if let entry = progress[course.id] {
                    item["progress"] = ["read": entry.read]
                    if let certificate = entry.certificate { item["certificate"] = certificate.code }
                }
                courses.append(item)
            }
            return try await site.page("learn", title: "家长课堂", request, context, ["courses": courses, "signedIn": context.account != nil])
        }
        router.get("/learn/:course") { request, context in
            let id = try context.parameters.require("course")
            guard let course = try await site.core.learning.courses().first(where: { $0.id.rawValue == id }) else { throw PageError.notFound() }
            let entry = try await Self.progress(site, context)[course.id]
            let read = try await Self.readLessons(site, context)
            let lessons = try await site.core.learning.lessons(course: course.id).map { lesson -> [String: Any] in
                ["href": "/lessons/" + Site.segment(lesson.id.rawValue), "title": lesson.title, "minutes": lesson.minutes, "read": read.contains(lesson.id)]
            }
            var values: [String: Any] = [
                "title": course.title, "summary": course.summary, "lessons": lessons,
                "canEnrol": context.account != nil && entry?.enrolled == false, "enrolAction": "/learn/\(Site.segment(id))/enrol",
            ]
            if let entry {
                var progress: [String: Any] = ["read": entry.read, "total": entry.total]
                if let certificate = entry.certificate { progress["certificate"] = certificate.code }
                values["progress"] = progress
            }
            if let pretest = course.pretest { values["pretest"] = pretest.rawValue }
            if let posttest = course.posttest { values["posttest"] = posttest.rawValue }
            return try await site.page("course", title: course.title, request, context, values)
        }
        router.post("/learn/:course/enrol") { request, context in
            let id = try context.parameters.require("course")
            try await site.core.learning.enrol(course: id, actor: try context.actor())
            return Redirect(to: "/learn/" + Site.segment(id), flash: "已加入课程，开始学习吧！")
        }
        router.get("/lessons/:id") { request, context in
            let lesson = try await site.core.learning.lesson(id: try context.parameters.require("id"))
            let course = try await site.core.learning.courses().first { $0.id == lesson.course }
            let siblings = try await site.core.learning.lessons(course: lesson.course)
            let next = siblings.first { $0.position > lesson.position }
            var values: [String: Any] = [
                "title": lesson.title, "course": course?.title ?? "", "courseHref": "/learn/" + Site.segment(lesson.course.rawValue),
                "position": lesson.position, "minutes": lesson.minutes, "keyPoints": lesson.keyPoints, "hasKeyPoints": !lesson.keyPoints.isEmpty,
                "body": SafeMarkdown.html(lesson.body), "signedIn": context.account != nil,
                "read": try await Self.readLessons(site, context).contains(lesson.id),
                "readAction": "/lessons/\(Site.segment(lesson.id.rawValue))/read", "checkQuiz": Site.segment(Quiz.checkID(for: lesson.id).rawValue),
                "nextHere": Site.segment("/lessons/" + lesson.id.rawValue),
            ]
            if let next {
                values["nextHref"] = "/lessons/" + Site.segment(next.id.rawValue)
                values["nextTitle"] = next.title
            }
            return try await site.page("lesson", title: lesson.title, request, context, values)
        }
        router.post("/lessons/:id/read") { request, context in
            let id = try context.parameters.require("id")
            let result = try await site.core.learning.markRead(lesson: id, actor: try context.actor())
            let flash = result.certificate.map { "恭喜您学完了整门课程！结业证书验证码：\($0.code)，可以在“我的学习”里查看和打印。" }
                ?? "已记录：这门课您学了 \(result.read) / \(result.total) 节。"
            return Redirect(to: "/lessons/" + Site.segment(id), flash: flash)
        }
        router.get("/quiz/:id") { request, context in
            let id = try context.parameters.require("id")
            let (quiz, questions) = try await site.core.learning.quiz(id: id)
            return try await site.page(
                "quiz", title: quiz.title, request, context,
                [
                    "id": Site.segment(id), "title": quiz.title, "description": quiz.description,
                    "count": quiz.draws.isEmpty ? questions.count : quiz.draws.reduce(0) { $0 + $1.count }, "passMark": quiz.passMark,
                    "signedIn": context.account != nil, "canStart": context.account.map { $0.role.permissions.contains(.learn) } ?? false,
                    "startAction": "/quiz/\(Site.segment(id))/attempts", "nextHere": Site.segment("/quiz/" + id),
                ])
        }
        router.post("/quiz/:id/attempts") { request, context in
            let id = try context.parameters.require("id")
            let (attempt, _) = try await site.core.learning.startAttempt(quiz: id, actor: try context.actor())
            return Redirect(to: "/quiz/\(Site.segment(id))/attempts/\(Site.segment(attempt.id.rawValue))")
        }
        router.get("/quiz/:id/attempts/:attempt") { request, context in
            let (attempt, questions) = try await site.core.learning.attempt(id: try context.parameters.require("attempt"), actor: try context.actor())
            guard attempt.quiz.rawValue == (try context.parameters.require("id")) else { throw PageError.notFound() }
            let (quiz, _) = try await site.core.learning.quiz(id: attempt.quiz.rawValue)
            if let score = attempt.score { return try await Self.results(site, request, context, quiz: quiz, attempt: attempt, questions: questions, score: score) }
            let items = questions.enumerated().map { index, question -> [String: Any] in
                [
                    "number": index + 1, "stem": question.stem, "multiple": question.kind == .multiple,
                    "options": question.options.map { option -> [String: Any] in
                        ["id": option.id, "text": option.text, "type": question.kind == .multiple ? "checkbox" : "radio", "name": "q-" + question.id.rawValue]
                    },
                ]
            }
            return try await site.page(
                "attempt", title: quiz.title, request, context,
                ["title": quiz.title, "questions": items, "action": "/quiz/\(Site.segment(quiz.id.rawValue))/attempts/\(Site.segment(attempt.id.rawValue))"])
        }
        router.post("/quiz/:id/attempts/:attempt") { request, context in
            let actor = try context.actor()
            let attemptID = try context.parameters.require("attempt")
            let (attempt, questions) = try await site.core.learning.attempt(id: attemptID, actor: actor)
            guard attempt.quiz.rawValue == (try context.parameters.require("id")) else { throw PageError.notFound() }
            if !attempt.isSubmitted {
                for (index, question) in questions.enumerated() {
                    let chosen = context.form.values(of: "q-" + question.id.rawValue)
                    guard !chosen.isEmpty else { continue }
                    let valid = Set(question.options.map(\.id))
                    guard chosen.allSatisfy(valid.contains), question.kind == .multiple || chosen.count == 1 else {
                        throw PageError.badRequest("第 \(index + 1) 题的选项不对，请返回重新选择。")
                    }
                    _ = try await site.core.learning.answer(attempt: attemptID, question: question.id.rawValue, options: chosen, actor: actor)
                }
                _ = try await site.core.learning.submit(attempt: attemptID, actor: actor)
            }
            return Redirect(to: "/quiz/\(Site.segment(attempt.quiz.rawValue))/attempts/\(Site.segment(attemptID))")
        }
        router.get("/progress") { request, context in
            let progress = try await site.core.learning.progress(actor: try context.actor())
            let courses = progress.filter { $0.enrolled || $0.read > 0 || $0.certificate != nil }.map { entry -> [String: Any] in
                var item: [String: Any] = [
                    "href": "/learn/" + Site.segment(entry.course.id.rawValue), "title": entry.course.title, "read": entry.read, "total": entry.total,
                ]
                if let certificate = entry.certificate { item["certificate"] = certificate.code }
                if let pre = entry.pretest { item["pretest"] = Int(pre.rounded()) }
                if let post = entry.posttest { item["posttest"] = Int(post.rounded()) }
                return item
            }
            return try await site.page("progress", title: "我的学习", request, context, ["courses": courses, "hasCourses": !courses.isEmpty])
        }
    }

    static func results(
        _ site: Site, _ request: Request, _ context: AppRequestContext, quiz: Quiz, attempt: Attempt, questions: [Question], score: Score
    ) async throws -> Response {
        let items = questions.enumerated().map { index, question -> [String: Any] in
            let chosen = attempt.answers[question.id] ?? []
            let text: ([String]) -> String = { ids in
                ids.isEmpty ? "（未作答）" : ids.map { id in "\(id). " + (question.options.first { $0.id == id }?.text ?? "") }.joined(separator: "；")
            }
            return [
                "number": index + 1, "stem": question.stem, "chosen": text(chosen), "answer": text(question.answer),
                "right": question.isCorrect(Set(chosen)), "explanation": question.explanation,
            ]
        }
        return try await site.page(
            "result", title: quiz.title, request, context,
            [
                "title": quiz.title, "quiz": Site.segment(quiz.id.rawValue), "correct": score.correct, "total": score.total,
                "percent": Int(score.percent.rounded()), "aware": score.isAware(passMark: quiz.passMark), "questions": items,
            ])
    }

    /// Progress by course for the signed-in account (empty for guests and roles that do not learn).
    static func progress(_ site: Site, _ context: AppRequestContext) async throws -> [Course.ID: LearningService.CourseProgress] {
        guard let account = context.account, account.role.permissions.contains(.learn) else { return [:] }
        let entries = try await site.core.learning.progress(actor: .account(account))
        return Dictionary(entries.map { ($0.course.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The lessons the signed-in account has read.
    static func readLessons(_ site: Site, _ context: AppRequestContext) async throws -> Set<Lesson.ID> {
        guard let account = context.account, account.role.permissions.contains(.learn) else { return [] }
        return try await site.core.learning.readLessonIDs(actor: .account(account))
    }
}
