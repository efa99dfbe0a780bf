public import Foundation
public import OutreachCore

/// One person's attempt at a quiz: the questions drawn for it (fixed by its seed), the answers given,
/// and — once submitted — the score. A submitted attempt never changes.
public struct Attempt: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Attempt>

    public var id: ID
    public var quiz: Quiz.ID
    public var account: Account.ID
    public var seed: UInt64
    public var questions: [Question.ID]
    public var answers: [Question.ID: [String]]
    public var startedAt: Date
    public var submittedAt: Date?
    public var score: Score?

    public init(
        id: ID, quiz: Quiz.ID, account: Account.ID, seed: UInt64, questions: [Question.ID],
        answers: [Question.ID: [String]] = [:], startedAt: Date, submittedAt: Date? = nil, score: Score? = nil
    ) {
        self.id = id
        self.quiz = quiz
        self.account = account
        self.seed = seed
        self.questions = questions
        self.answers = answers
        self.startedAt = startedAt
        self.submittedAt = submittedAt
        self.score = score
    }

    public var isSubmitted: Bool { submittedAt != nil }

    /// Records an answer, checking it belongs to the attempt and names real options.
    public mutating func answer(_ question: Question, with options: [String]) throws(AttemptError) {
        guard !isSubmitted else { throw .alreadySubmitted(id) }
        guard questions.contains(question.id) else { throw .questionNotInAttempt(question.id) }
        let valid = Set(question.options.map(\.id))
        guard !options.isEmpty else { throw .noOptionChosen(question.id) }
        if let unknown = options.first(where: { !valid.contains($0) }) { throw .unknownOption(question.id, unknown) }
        if question.kind != .multiple && Set(options).count > 1 { throw .tooManyOptions(question.id) }
        answers[question.id] = Array(Set(options)).sorted()
    }

    /// Submits the attempt: scores every question of the attempt (unanswered ones count as wrong).
    public mutating func submit(_ bank: [Question], at date: Date) throws(AttemptError) -> Score {
        guard !isSubmitted else { throw .alreadySubmitted(id) }
        let byID = Dictionary(uniqueKeysWithValues: bank.map { ($0.id, $0) })
        let scored = questions.compactMap { byID[$0] }
        let result = Scoring.score(scored, answers: answers.mapValues(Set.init))
        submittedAt = date
        score = result
        return result
    }
}

/// Why an attempt operation was refused.
public enum AttemptError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(Attempt.ID)
    case alreadySubmitted(Attempt.ID)
    case questionNotInAttempt(Question.ID)
    case unknownOption(Question.ID, String)
    case noOptionChosen(Question.ID)
    case tooManyOptions(Question.ID)
    case notYours(Attempt.ID)
    case retakeNotAllowed(Quiz.ID)

    public var description: String {
        switch self {
        case .notFound(let id): "no attempt '\(id)'"
        case .alreadySubmitted(let id): "attempt '\(id)' is already submitted"
        case .questionNotInAttempt(let question): "question '\(question)' is not part of this attempt"
        case .unknownOption(let question, let option): "question '\(question)' has no option '\(option)'"
        case .noOptionChosen(let question): "choose at least one option for question '\(question)'"
        case .tooManyOptions(let question): "question '\(question)' takes exactly one option"
        case .notYours(let id): "attempt '\(id)' belongs to another account"
        case .retakeNotAllowed(let quiz): "the survey '\(quiz)' can be answered once"
        }
    }
}
