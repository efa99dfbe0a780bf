public import Foundation
public import Learning
import Library
public import OutreachCore
public import Store

extension LearningService {
    // MARK: - Courses and lessons

    /// Every course, in id order.
    public func courses() async throws -> [Course] {
        try await database.contentPayloads(kind: ContentKind.course.rawValue).map { try JSONDecoder().decode(Course.self, from: $0) }
    }

    /// A course's lessons in order.
    public func lessons(course: Course.ID) async throws -> [Lesson] {
        try await database.contentPayloads(kind: ContentKind.lesson.rawValue)
            .map { try JSONDecoder().decode(Lesson.self, from: $0) }
            .filter { $0.course == course }
            .sorted { $0.position < $1.position }
    }

    /// One lesson.
    public func lesson(id: String) async throws -> Lesson {
        guard let data = try await database.contentPayload(id: id, kind: ContentKind.lesson.rawValue) else {
            throw LearningError.unknownLesson(id)
        }
        return try JSONDecoder().decode(Lesson.self, from: data)
    }

    /// Enrols the signed-in account in a course; enrolling twice changes nothing.
    @discardableResult
    public func enrol(course id: String, actor: Actor) async throws -> Bool {
        let account = try Self.learner(actor)
        guard try await courses().contains(where: { $0.id.rawValue == id }) else { throw LearningError.unknownCourse(id) }
        return try await database.enrol(account: account.id, course: Course.ID(id), at: clock.now)
    }

    /// What marking a lesson read did.
    public struct ReadResult: Sendable, Equatable {
        public var lesson: Lesson.ID
        public var read: Int
        public var total: Int
        /// Set once every lesson of the course is read.
        public var certificate: Certificate?
    }

    /// Marks a lesson read for the signed-in account; completing a course issues its certificate.
    public func markRead(lesson id: String, actor: Actor) async throws -> ReadResult {
        let account = try Self.learner(actor)
        let lesson = try await lesson(id: id)
        let all = try await lessons(course: lesson.course).map(\.id)
        let certificate = try await database.markLessonRead(
            account: account.id, lesson: lesson.id, course: lesson.course, courseLessons: all, at: clock.now,
            newCode: Self.verifyCode())
        let read = try await database.readLessons(account: account.id)[lesson.course.rawValue]?.count ?? 0
        return ReadResult(lesson: lesson.id, read: read, total: all.count, certificate: certificate)
    }

    /// The lessons the signed-in account has read (the ticks on a course page).
    public func readLessonIDs(actor: Actor) async throws -> Set<Lesson.ID> {
        let account = try Self.learner(actor)
        return Set(try await database.readLessons(account: account.id).values.flatMap { $0 }.map { Lesson.ID($0) })
    }

    /// One course's progress for an account.
    public struct CourseProgress: Sendable, Equatable {
        public var course: Course
        public var enrolled: Bool
        public var read: Int
        public var total: Int
        public var certificate: Certificate?
        /// Percent on the first submitted pre-test and the latest post-test, and the gain between them.
        public var pretest: Double?
        public var posttest: Double?
        public var gain: Double? { pretest.flatMap { pre in posttest.map { $0 - pre } } }
    }

    /// Progress in every course for the signed-in account.
    public func progress(actor: Actor) async throws -> [CourseProgress] {
        let account = try Self.learner(actor)
        let read = try await database.readLessons(account: account.id)
        let certificates = try await database.certificates(account: account.id)
        let enrolled = try await database.enrolments(account: account.id)
        var result: [CourseProgress] = []
        for course in try await courses() {
            let total = try await lessons(course: course.id).count
            var pre: Double?
            var post: Double?
            if let pretest = course.pretest {
                pre = try await database.attempts(account: account.id, quiz: pretest).first { $0.isSubmitted }?.score?.percent
            }
            if let posttest = course.posttest {
                post = try await database.attempts(account: account.id, quiz: posttest).last { $0.isSubmitted }?.score?.percent
            }
            result.append(
                CourseProgress(
                    course: course, enrolled: enrolled.contains(course.id.rawValue), read: read[course.id.rawValue]?.count ?? 0, total: total,
                    certificate: certificates.first { $0.course == course.id.rawValue }, pretest: pre, posttest: post))
        }
        return result
    }

    /// Checks a printed certificate's verify code.
    public func verifyCertificate(code: String) async throws -> Certificate? {
        try await database.certificate(code: code.uppercased())
    }

    // MARK: - Attempts

    /// Starts an attempt: a fixed quiz in its order, a drawing quiz drawn with a fresh seed. A course
    /// pre-test can be taken once (it measures what was known before the course).
    public func startAttempt(quiz id: String, actor: Actor) async throws -> (attempt: Attempt, questions: [Question]) {
        let account = try Self.learner(actor)
        let (quiz, pool) = try await quiz(id: id)
        let pretests = Set(try await courses().compactMap(\.pretest))
        if pretests.contains(quiz.id), try await database.attempts(account: account.id, quiz: quiz.id).contains(where: \.isSubmitted) {
            throw AttemptError.retakeNotAllowed(quiz.id)
        }
        let seed = UInt64.random(in: 1...UInt64.max)
        let ids = QuizDraw.questions(for: quiz, bank: pool, seed: seed)
        let byID = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, $0) })
        let attempt = Attempt(
            id: Attempt.ID(Self.randomID()), quiz: quiz.id, account: account.id, seed: seed, questions: ids,
            startedAt: clock.now)
        try await database.insertAttempt(attempt)
        // Options are shown in an order fixed by the attempt's seed; answers are option ids, so the
        // order never affects scoring.
        return (attempt, ids.compactMap { byID[$0] }.map { question in
            var shuffled = question
            shuffled.options = QuizDraw.options(of: question, seed: seed)
            return shuffled
        })
    }

    /// Feedback on one answer.
    public struct AnswerFeedback: Sendable, Equatable {
        public var correct: Bool
        public var answer: [String]
        public var explanation: String
    }

    /// Records an answer and returns whether it was right, with the explanation.
    public func answer(attempt id: String, question questionID: String, options: [String], actor: Actor) async throws -> AnswerFeedback {
        var attempt = try await ownedAttempt(id, actor)
        let (_, pool) = try await quiz(id: attempt.quiz.rawValue)
        guard let question = pool.first(where: { $0.id.rawValue == questionID }) else {
            throw AttemptError.questionNotInAttempt(Question.ID(questionID))
        }
        try attempt.answer(question, with: options)
        guard try await database.updateOpenAttempt(attempt) else { throw AttemptError.alreadySubmitted(attempt.id) }
        return AnswerFeedback(
            correct: question.isCorrect(Set(options)), answer: question.answer, explanation: question.explanation)
    }

    /// The result of a submitted attempt.
    public struct SubmitResult: Sendable, Equatable {
        public var score: Score
        public var passMark: Int
        public var aware: Bool
    }

    /// Submits an attempt once; a second submit is refused.
    public func submit(attempt id: String, actor: Actor) async throws -> SubmitResult {
        var attempt = try await ownedAttempt(id, actor)
        let (quiz, pool) = try await quiz(id: attempt.quiz.rawValue)
        let score = try attempt.submit(pool, at: clock.now)
        guard try await database.updateOpenAttempt(attempt) else { throw AttemptError.alreadySubmitted(attempt.id) }
        return SubmitResult(score: score, passMark: quiz.passMark, aware: score.isAware(passMark: quiz.passMark))
    }

    /// One of the signed-in account's attempts with its questions, options in the attempt's order
    /// (as `startAttempt` showed them). Another account's attempt is `AttemptError.notYours`.
    public func attempt(id: String, actor: Actor) async throws -> (attempt: Attempt, questions: [Question]) {
        let attempt = try await ownedAttempt(id, actor)
        let (_, pool) = try await quiz(id: attempt.quiz.rawValue)
        let byID = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, $0) })
        return (attempt, attempt.questions.compactMap { byID[$0] }.map { question in
            var shuffled = question
            shuffled.options = QuizDraw.options(of: question, seed: attempt.seed)
            return shuffled
        })
    }

    private func ownedAttempt(_ id: String, _ actor: Actor) async throws -> Attempt {
        let account = try Self.learner(actor)
        guard let attempt = try await database.attempt(id: Attempt.ID(id)) else { throw AttemptError.notFound(Attempt.ID(id)) }
        guard attempt.account == account.id else { throw AttemptError.notYours(attempt.id) }
        return attempt
    }

    static func learner(_ actor: Actor) throws -> Account {
        guard case .account(let account) = actor else { throw AccessError.notSignedIn }
        try actor.require(.learn)
        return account
    }

    /// A 10-character verify code without look-alike characters.
    static func verifyCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<10).map { _ in alphabet.randomElement()! })
    }

    static func randomID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16).description
    }
}
