import App
import Awareness
import Foundation
import Hummingbird
import Learning
import OutreachCore

/// Courses, lessons, quizzes, attempts, anonymous survey responses and the awareness report.
struct LearningController {
    let core: App

    func register(api: inout APIRoutes) {
        let core = core
        api.post("/api/v1/sessions", summary: "Sign in with {id, password}; returns a bearer token for 12 hours (429 after 5 failures in 15 minutes)", returns: "{token, account}") { request, context in
            let body = try await request.decode(as: SignIn.self, context: context)
            let token: String
            let account: Account
            switch try await core.accounts.signIn(id: body.id, password: body.password, client: context.clientAddress) {
            case .success(let newToken, let signedIn): (token, account) = (newToken, signedIn)
            case .wrongCredentials: throw APIError(.unauthorized, code: "unauthorized", message: "wrong account id or password")
            case .throttled:
                throw APIError(.tooManyRequests, code: "too_many_attempts", message: "too many failed sign-ins: try again in 15 minutes")
            }
            return JSON(["token": token, "account": ["id": account.id.rawValue, "role": account.role.rawValue, "name": account.name]] as [String: Any])
        }
        api.get("/api/v1/courses", summary: "Parent-school courses with their lessons", returns: "[{id, title, summary, stages, lessons}]") { _, _ in
            var courses: [[String: Any]] = []
            for course in try await core.learning.courses() {
                let lessons = try await core.learning.lessons(course: course.id)
                courses.append([
                    "id": course.id.rawValue, "title": course.title, "summary": course.summary, "stages": course.stages.map(\.rawValue),
                    "lessons": lessons.map { ["id": $0.id.rawValue, "title": $0.title, "minutes": $0.minutes] },
                ])
            }
            return JSON(courses)
        }
        api.post("/api/v1/courses/:id/enrol", summary: "Enrol in a course (bearer); enrolling twice changes nothing", returns: "{enrolled}") { request, context in
            let actor = try await Self.actor(request, core)
            let added = try await core.learning.enrol(course: try context.parameters.require("id"), actor: actor)
            return JSON(["enrolled": true, "new": added])
        }
        api.get("/api/v1/lessons/:id", summary: "One micro-lesson", returns: "{id, course, title, minutes, key_points, body, check_quiz}") { _, context in
            let lesson = try await core.learning.lesson(id: try context.parameters.require("id"))
            return JSON([
                "id": lesson.id.rawValue, "course": lesson.course.rawValue, "title": lesson.title, "minutes": lesson.minutes,
                "key_points": lesson.keyPoints, "body": lesson.body, "check_quiz": Quiz.checkID(for: lesson.id).rawValue,
            ] as [String: Any])
        }
        api.post("/api/v1/lessons/:id/read", summary: "Mark a lesson read (bearer); a finished course returns its certificate", returns: "{read, total, certificate?}") { request, context in
            let actor = try await Self.actor(request, core)
            let result = try await core.learning.markRead(lesson: try context.parameters.require("id"), actor: actor)
            var body: [String: Any] = ["read": result.read, "total": result.total]
            if let certificate = result.certificate { body["certificate"] = ["code": certificate.code, "course": certificate.course] }
            return JSON(body)
        }
        api.get("/api/v1/me/progress", summary: "Course progress, certificates and pre/post-test gain (bearer)", returns: "[{course, read, total, certificate?, gain?}]") { request, _ in
            let actor = try await Self.actor(request, core)
            return JSON(try await core.learning.progress(actor: actor).map { entry in
                var item: [String: Any] = ["course": entry.course.id.rawValue, "enrolled": entry.enrolled, "read": entry.read, "total": entry.total]
                if let certificate = entry.certificate { item["certificate"] = certificate.code }
                if let pre = entry.pretest { item["pretest"] = pre }
                if let post = entry.posttest { item["posttest"] = post }
                if let gain = entry.gain { item["gain"] = gain }
                return item
            })
        }
        api.get("/api/v1/quizzes/:id", summary: "A quiz and its questions, without answers", returns: "{id, title, pass_mark, questions}") { _, context in
            let (quiz, questions) = try await core.learning.quiz(id: try context.parameters.require("id"))
            return JSON([
                "id": quiz.id.rawValue, "title": quiz.title, "pass_mark": quiz.passMark,
                "questions": questions.map(Self.question),
            ] as [String: Any])
        }
        api.post("/api/v1/attempts", summary: "Start an attempt at {quiz} (bearer)", returns: "{id, quiz, questions}") { request, context in
            let actor = try await Self.actor(request, core)
            let body = try await request.decode(as: StartAttempt.self, context: context)
            let (attempt, questions) = try await core.learning.startAttempt(quiz: body.quiz, actor: actor)
            return JSON(["id": attempt.id.rawValue, "quiz": attempt.quiz.rawValue, "questions": questions.map(Self.question)] as [String: Any])
        }
        api.post("/api/v1/attempts/:id/answers", summary: "Answer {question, options} in an attempt (bearer)", returns: "{correct, answer, explanation}") { request, context in
            let actor = try await Self.actor(request, core)
            let body = try await request.decode(as: AnswerBody.self, context: context)
            let feedback = try await core.learning.answer(
                attempt: try context.parameters.require("id"), question: body.question, options: body.options, actor: actor)
            return JSON(["correct": feedback.correct, "answer": feedback.answer, "explanation": feedback.explanation] as [String: Any])
        }
        api.post("/api/v1/attempts/:id/submit", summary: "Submit an attempt once (bearer)", returns: "{correct, total, percent, pass_mark, aware}") { request, context in
            let actor = try await Self.actor(request, core)
            let result = try await core.learning.submit(attempt: try context.parameters.require("id"), actor: actor)
            return JSON([
                "correct": result.score.correct, "total": result.score.total, "percent": result.score.percent,
                "pass_mark": result.passMark, "aware": result.aware,
            ] as [String: Any])
        }
        api.post("/api/v1/surveys/:quiz/responses", summary: "Anonymous survey response {respondent:{id,region,school,grade,role}, answers}", returns: "{imported, skipped}") { request, context in
            let quiz = try context.parameters.require("quiz")
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            guard var object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
                throw APIError.badRequest("the body must be a JSON object")
            }
            object["quiz"] = quiz
            if object["submitted_at"] == nil { object["submitted_at"] = ISO8601DateFormatter().string(from: core.clock.now) }
            let line = try JSONSerialization.data(withJSONObject: object)
            do {
                let report = try await core.learning.importResponses(line, path: "body", actor: .localOperator)
                return JSON(["imported": report.imported, "skipped": report.skipped])
            } catch LearningError.invalidResponses(let errors) {
                throw APIError.badRequest(errors.map { $0.replacingOccurrences(of: "body:1: ", with: "") }.joined(separator: "; "))
            }
        }
        api.get(
            "/api/v1/reports/awareness", summary: "Awareness report (analyst bearer): total, groups with suppression, items, targets",
            parameters: [
                .init(name: "quiz", location: "query", required: true, type: "string", description: "quiz id"),
                .init(name: "by", location: "query", required: false, type: "string", description: "region,school,grade,role"),
                .init(name: "from", location: "query", required: false, type: "string", description: "YYYY-MM-DD"),
                .init(name: "to", location: "query", required: false, type: "string", description: "YYYY-MM-DD"),
            ],
            returns: "{quiz, pass_mark, total, groups, items, targets}"
        ) { request, _ in
            let actor = try await Self.actor(request, core)
            let parameters = try QueryParameters(request.uri.query ?? "")
            guard let quiz = parameters["quiz"], !quiz.isEmpty else { throw APIError.badRequest("quiz is required") }
            var dimensions: [ReportDimension] = []
            for part in (parameters["by"] ?? "").split(separator: ",") {
                guard let dimension = ReportDimension(rawValue: String(part)) else {
                    throw APIError.badRequest("by takes region, school, grade, role")
                }
                dimensions.append(dimension)
            }
            let report = try await core.learning.awarenessReport(
                quiz: quiz, by: dimensions, from: parameters["from"], to: parameters["to"], actor: actor)
            return EncodableResponse(AwarenessReportView(report))
        }
    }

    /// The signed-in account from `Authorization: Bearer TOKEN`.
    static func actor(_ request: Request, _ core: App) async throws -> Actor {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let account = try await core.accounts.session(token: String(header.dropFirst(7)))
        else { throw APIError(.unauthorized, code: "unauthorized", message: "sign in first: POST /api/v1/sessions, then send Authorization: Bearer TOKEN") }
        return .account(account)
    }

    static func question(_ question: Question) -> [String: Any] {
        [
            "id": question.id.rawValue, "knowledge_point": question.knowledgePoint.rawValue, "type": question.kind.rawValue,
            "stem": question.stem, "options": question.options.map { ["id": $0.id, "text": $0.text] },
        ]
    }

    struct SignIn: Decodable {
        var id: String
        var password: String
    }

    struct StartAttempt: Decodable {
        var quiz: String
    }

    struct AnswerBody: Decodable {
        var question: String
        var options: [String]
    }
}

/// A JSON body from Foundation values.
struct JSON: ResponseGenerator {
    let value: Any
    init(_ value: Any) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A JSON body from an `Encodable` value.
struct EncodableResponse<Value: Encodable>: ResponseGenerator {
    let value: Value
    init(_ value: Value) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
