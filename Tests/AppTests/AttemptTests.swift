import App
import Foundation
import Learning
import OutreachCore
import Store
import Testing
import TestSupport

@Suite struct AttemptTests {
    private func setup() async throws -> (App, TemporaryLibrary, Actor) {
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        let parent = try await app.accounts.create(.init(id: "mom", role: "parent"), actor: .localOperator)
        return (app, library, .account(parent))
    }

    @Test func attemptIsAnsweredScoredAndSubmittedOnce() async throws {
        let (app, _, parent) = try await setup()
        let (attempt, questions) = try await app.learning.startAttempt(quiz: "sample-survey", actor: parent)
        #expect(questions.map(\.id) == ["q-sleep-01", "q-hotline-01"])
        let first = try await app.learning.answer(attempt: attempt.id.rawValue, question: "q-sleep-01", options: ["B"], actor: parent)
        #expect(first.correct && !first.explanation.isEmpty)
        let second = try await app.learning.answer(attempt: attempt.id.rawValue, question: "q-hotline-01", options: ["F"], actor: parent)
        #expect(!second.correct && second.answer == ["T"])
        let result = try await app.learning.submit(attempt: attempt.id.rawValue, actor: parent)
        #expect(result.score == Score(correct: 1, total: 2) && !result.aware)
        // Submitting twice or answering after submit is refused; nothing changes
        await #expect(throws: AttemptError.alreadySubmitted(attempt.id)) {
            try await app.learning.submit(attempt: attempt.id.rawValue, actor: parent)
        }
        await #expect(throws: AttemptError.alreadySubmitted(attempt.id)) {
            try await app.learning.answer(attempt: attempt.id.rawValue, question: "q-hotline-01", options: ["T"], actor: parent)
        }
        #expect(try await app.database.attempt(id: attempt.id)?.score == Score(correct: 1, total: 2))
    }

    @Test func badAnswersAreRefused() async throws {
        let (app, _, parent) = try await setup()
        let (attempt, _) = try await app.learning.startAttempt(quiz: "sample-survey", actor: parent)
        let id = attempt.id.rawValue
        await #expect(throws: AttemptError.questionNotInAttempt("q-hotline-02")) {
            try await app.learning.answer(attempt: id, question: "q-hotline-02", options: ["A"], actor: parent)
        }
        await #expect(throws: AttemptError.unknownOption("q-sleep-01", "Z")) {
            try await app.learning.answer(attempt: id, question: "q-sleep-01", options: ["Z"], actor: parent)
        }
        await #expect(throws: AttemptError.tooManyOptions("q-sleep-01")) {
            try await app.learning.answer(attempt: id, question: "q-sleep-01", options: ["A", "B"], actor: parent)
        }
        let other = try await app.accounts.create(.init(id: "dad", role: "parent"), actor: .localOperator)
        await #expect(throws: AttemptError.notYours(attempt.id)) {
            try await app.learning.answer(attempt: id, question: "q-sleep-01", options: ["B"], actor: .account(other))
        }
        await #expect(throws: AccessError.notSignedIn) {
            try await app.learning.startAttempt(quiz: "sample-survey", actor: .localOperator)
        }
    }

    @Test func readingEveryLessonIssuesAVerifiableCertificate() async throws {
        let (app, _, parent) = try await setup()
        let result = try await app.learning.markRead(lesson: "course-sample-01", actor: parent)
        let certificate = try #require(result.certificate)
        #expect(result.read == 1 && result.total == 1)
        #expect(try await app.learning.verifyCertificate(code: certificate.code.lowercased())?.account == "mom")
        // Reading again changes nothing and keeps the same certificate
        #expect(try await app.learning.markRead(lesson: "course-sample-01", actor: parent).certificate == certificate)
        let progress = try await app.learning.progress(actor: parent)
        #expect(progress.first?.certificate == certificate)
    }

    @Test func preAndPostTestGiveTheGain() async throws {
        let (app, library, parent) = try await setup()
        // Make the sample course's survey its pre-test as well as its post-test
        try library.write(
            "Lessons/courses/course-sample/course.yaml",
            Fixtures.course.replacingOccurrences(of: "posttest: sample-survey", with: "pretest: sample-survey\nposttest: sample-survey"))
        _ = try await app.content.importLibrary(roots: library.roots)
        let (pre, _) = try await app.learning.startAttempt(quiz: "sample-survey", actor: parent)
        _ = try await app.learning.answer(attempt: pre.id.rawValue, question: "q-sleep-01", options: ["A"], actor: parent)
        _ = try await app.learning.submit(attempt: pre.id.rawValue, actor: parent)
        // The pre-test cannot be retaken
        await #expect(throws: AttemptError.retakeNotAllowed("sample-survey")) {
            try await app.learning.startAttempt(quiz: "sample-survey", actor: parent)
        }
        let progress = try #require(try await app.learning.progress(actor: parent).first)
        #expect(progress.pretest == 0)
    }
}
