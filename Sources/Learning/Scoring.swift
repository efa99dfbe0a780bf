public import OutreachCore

/// The score of one attempt: multiple choice is all-or-nothing, every question weighs the same.
public struct Score: Equatable, Sendable, Codable {
    public var correct: Int
    public var total: Int

    public init(correct: Int, total: Int) {
        self.correct = correct
        self.total = total
    }

    /// Percent correct, 0–100 (0 for an empty quiz).
    public var percent: Double { total == 0 ? 0 : Double(correct) * 100 / Double(total) }

    /// Whether the respondent "knows" the quiz: score ≥ pass mark (the one definition of awareness).
    public func isAware(passMark: Int) -> Bool { total > 0 && percent >= Double(passMark) }
}

/// Scores answers against questions.
public enum Scoring {
    /// Scores the chosen option ids per question; unanswered questions count as wrong.
    public static func score(_ questions: [Question], answers: [Question.ID: Set<String>]) -> Score {
        let correct = questions.filter { question in answers[question.id].map(question.isCorrect) ?? false }.count
        return Score(correct: correct, total: questions.count)
    }
}

/// A small, fast, seedable generator (SplitMix64): an attempt's seed fixes its draw and shuffles, so
/// the same attempt shows the same questions in the same order every time it is reopened.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Chooses an attempt's questions: a fixed quiz keeps its order; a drawing quiz takes `count`
/// questions per knowledge point from the bank, in a seeded random order.
public enum QuizDraw {
    public static func questions(for quiz: Quiz, bank: [Question], seed: UInt64) -> [Question.ID] {
        guard !quiz.draws.isEmpty else { return quiz.questions }
        var generator = SeededGenerator(seed: seed)
        var chosen: [Question.ID] = []
        for draw in quiz.draws {
            let pool = bank.filter { $0.knowledgePoint == draw.knowledgePoint }.map(\.id).sorted()
            chosen += pool.shuffled(using: &generator).prefix(draw.count)
        }
        return chosen
    }

    /// The options of a question in the attempt's order (true/false keeps 正确 before 错误).
    public static func options(of question: Question, seed: UInt64) -> [Question.Option] {
        guard question.kind != .truefalse else { return question.options }
        var generator = SeededGenerator(seed: seed ^ UInt64(truncatingIfNeeded: question.id.rawValue.hashValueStable))
        return question.options.shuffled(using: &generator)
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
