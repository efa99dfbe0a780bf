public import Awareness
public import Foundation
public import Learning
import Library
public import OutreachCore
import Store

/// Quizzes, survey responses and the awareness report.
public struct LearningService: Sendable {
    let database: AppDatabase
    let clock: WallClock
    let suppressionThreshold: Int

    /// A quiz with its questions (a drawing quiz: its whole pool).
    public func quiz(id: String) async throws -> (quiz: Quiz, questions: [Question]) {
        let decoder = JSONDecoder()
        guard let data = try await database.contentPayload(id: id, kind: ContentKind.quiz.rawValue) else {
            throw LearningError.unknownQuiz(id)
        }
        let quiz = try decoder.decode(Quiz.self, from: data)
        var questions: [Question] = []
        if quiz.draws.isEmpty {
            for questionID in quiz.questions {
                guard let payload = try await database.contentPayload(id: questionID.rawValue, kind: ContentKind.question.rawValue)
                else { throw LearningError.unknownQuestion(questionID.rawValue) }
                questions.append(try decoder.decode(Question.self, from: payload))
            }
        } else {
            let points = Set(quiz.draws.map(\.knowledgePoint))
            questions = try await database.contentPayloads(kind: ContentKind.question.rawValue)
                .map { try decoder.decode(Question.self, from: $0) }.filter { points.contains($0.knowledgePoint) }
        }
        guard !questions.isEmpty else { throw LearningError.emptyQuiz(id) }
        return (quiz, questions)
    }

    /// Whether the actor may see answer keys.
    public func mayViewAnswers(_ actor: Actor) -> Bool { actor.has(.viewAnswerKeys) }

    /// The summary of `quiz import-responses`.
    public struct ResponseImportReport: Equatable, Sendable, Codable {
        public var imported = 0
        public var skipped = 0
    }

    /// Imports survey responses, one JSON object a line:
    /// `{"respondent":{"id","region","school","grade","role"},"quiz","answers":{"Q":["A"]},"submitted_at"}`.
    /// Every line is checked first; any bad line imports nothing. Idempotent by (quiz, respondent id).
    public func importResponses(_ data: Data, path: String, actor: Actor) async throws -> ResponseImportReport {
        try actor.require(.importContent)
        return try await ingestResponses(data, path: path)
    }

    /// The import without the permission check: every response path (file import, anonymous survey)
    /// validates and counts through here, so they count alike.
    func ingestResponses(_ data: Data, path: String) async throws -> ResponseImportReport {
        var quizzes: [String: (quiz: Quiz, questions: [String: Question])] = [:]
        var responses: [StoredResponse] = []
        var errors: [String] = []
        var seen: Set<String> = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            func fail(_ message: String) { errors.append("\(path):\(lineNumber): \(message)") }
            guard let record = try? JSONDecoder().decode(ResponseLine.self, from: line) else {
                if (try? JSONSerialization.jsonObject(with: line)) == nil {
                    fail("not a JSON object")
                } else {
                    fail("expected {\"respondent\":{\"id\",\"region\",\"school\",\"grade\",\"role\"},\"quiz\",\"answers\",\"submitted_at\"}")
                }
                continue
            }
            if quizzes[record.quiz] == nil {
                guard let loaded = try? await quiz(id: record.quiz) else {
                    fail("unknown quiz '\(record.quiz)'")
                    continue
                }
                quizzes[record.quiz] = (loaded.quiz, Dictionary(uniqueKeysWithValues: loaded.questions.map { ($0.id.rawValue, $0) }))
            }
            let (quiz, questions) = quizzes[record.quiz]!
            let respondent = record.respondent
            guard !respondent.id.isEmpty, respondent.id.count <= 100 else {
                fail("respondent.id must be 1–100 characters")
                continue
            }
            guard ["parent", "student"].contains(respondent.role) else {
                fail("respondent.role must be parent or student, got '\(respondent.role)'")
                continue
            }
            guard let day = Self.day(record.submitted_at) else {
                fail("submitted_at must be a date or ISO 8601 time, got '\(record.submitted_at)'")
                continue
            }
            guard seen.insert("\(record.quiz)|\(respondent.id)").inserted else {
                fail("respondent '\(respondent.id)' answers quiz '\(record.quiz)' twice in this file")
                continue
            }
            var bad = false
            for (questionID, options) in record.answers {
                guard let question = questions[questionID], quiz.draws.isEmpty ? quiz.questions.contains(question.id) : true else {
                    fail("question '\(questionID)' is not in quiz '\(record.quiz)'")
                    bad = true
                    break
                }
                let valid = Set(question.options.map(\.id))
                if let unknown = options.first(where: { !valid.contains($0) }) {
                    fail("question '\(questionID)' has no option '\(unknown)'")
                    bad = true
                    break
                }
            }
            if bad { continue }
            // A fixed quiz scores every question (unanswered = wrong); a drawing quiz scores those answered.
            let scored = quiz.draws.isEmpty ? quiz.questions.compactMap { questions[$0.rawValue] } : record.answers.keys.sorted().compactMap { questions[$0] }
            let chosen = Dictionary(uniqueKeysWithValues: record.answers.map { (Question.ID($0.key), Set($0.value)) })
            let score = Scoring.score(scored, answers: chosen)
            responses.append(
                StoredResponse(
                    quiz: record.quiz, respondent: respondent.id, region: respondent.region, school: respondent.school,
                    grade: respondent.grade.value, role: respondent.role, day: day,
                    answers: scored.map { ($0.id.rawValue, $0.knowledgePoint.rawValue, $0.isCorrect(chosen[$0.id] ?? [])) },
                    aware: score.isAware(passMark: quiz.passMark)))
        }
        guard errors.isEmpty else { throw LearningError.invalidResponses(errors) }
        var report = ResponseImportReport()
        for start in stride(from: 0, to: responses.count, by: 5_000) {
            let result = try await database.insertResponses(Array(responses[start..<min(responses.count, start + 5_000)]))
            report.imported += result.added
            report.skipped += result.skipped
        }
        return report
    }

    /// The awareness report of a quiz, aggregates only.
    public func awarenessReport(
        quiz id: String, by dimensions: [ReportDimension], from: String?, to: String?, actor: Actor, minimumGroup: Int? = nil
    ) async throws -> AwarenessReport {
        try actor.require(.viewAggregates)
        let (quiz, _) = try await quiz(id: id)
        let counts = try await database.awarenessCounts(quiz: id, by: dimensions, from: from, to: to)
        let items = try await database.itemCounts(quiz: id, from: from, to: to)
        return AwarenessReport.make(
            quiz: id, passMark: quiz.passMark,
            groups: counts.map { .init(key: $0.key, respondents: $0.respondents, aware: $0.aware) }, items: items,
            targets: quiz.targets.map { Target(year: $0.year, rate: $0.percent / 100) },
            threshold: max(minimumGroup ?? suppressionThreshold, 1))
    }

    /// Facility and discrimination of each question of a quiz (aggregates over respondents only).
    public func itemStatistics(quiz id: String, actor: Actor) async throws -> [(question: Question, statistics: ItemStatistics)] {
        try actor.require(.viewAggregates)
        let (_, questions) = try await quiz(id: id)
        let byID = Dictionary(uniqueKeysWithValues: questions.map { ($0.id.rawValue, $0) })
        return try await database.itemSums(quiz: id).compactMap { sums in
            guard let question = byID[sums.question], sums.n >= suppressionThreshold else { return nil }
            return (question, ItemStatistics(n: sums.n, sumX: sums.x, sumY: sums.y, sumXY: sums.xy, sumYY: sums.yy))
        }
    }

    /// The district × school report computed from the raw answers in plain SQL (benchmark reference);
    /// returns the number of groups.
    public func rawAwarenessByDistrictAndSchool(quiz: String, passMark: Int) async throws -> Int {
        try await database.rawAwarenessGroups(quiz: quiz, passMark: passMark)
    }

    /// `2026-11-20` or an ISO 8601 time → the day in Beijing time.
    static func day(_ text: String) -> String? {
        if text.count == 10, text.split(separator: "-").count == 3, Int(text.prefix(4)) != nil { return text }
        let formatter = ISO8601DateFormatter()
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let date else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .beijing
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    private struct ResponseLine: Decodable {
        struct Respondent: Decodable {
            var id: String
            var region: String
            var school: String
            var grade: GradeValue
            var role: String
        }
        var respondent: Respondent
        var quiz: String
        var answers: [String: [String]]
        var submitted_at: String
    }

    /// A grade given as a number or a string (`3`, `"初二"`).
    private struct GradeValue: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { value = String(number) } else { value = try container.decode(String.self) }
        }
    }
}

/// Why a quiz operation failed.
public enum LearningError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownQuiz(String)
    case unknownLesson(String)
    case unknownCourse(String)
    case unknownQuestion(String)
    case emptyQuiz(String)
    case invalidResponses([String])

    public var description: String {
        switch self {
        case .unknownQuiz(let id): "no quiz with id '\(id)'"
        case .unknownLesson(let id): "no lesson with id '\(id)'"
        case .unknownCourse(let id): "no course with id '\(id)'"
        case .unknownQuestion(let id): "quiz refers to a missing question '\(id)'"
        case .emptyQuiz(let id): "quiz '\(id)' has no questions"
        case .invalidResponses(let errors): errors.joined(separator: "\n")
        }
    }
}
