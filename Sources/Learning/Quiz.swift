public import OutreachCore

/// A quiz: a fixed list of questions, or questions drawn per knowledge point for each attempt.
public struct Quiz: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Quiz>

    /// How many questions to draw for one knowledge point.
    public struct Draw: Codable, Equatable, Sendable {
        public var knowledgePoint: KnowledgePoint.ID
        public var count: Int
        public init(knowledgePoint: KnowledgePoint.ID, count: Int) {
            self.knowledgePoint = knowledgePoint
            self.count = count
        }
    }

    public var id: ID
    public var title: String
    public var description: String
    /// The pass mark in percent (0–100): a respondent who scores at least this "knows" the quiz.
    public var passMark: Int
    /// Fixed questions, in order (empty when the quiz draws).
    public var questions: [Question.ID]
    /// Draw rules (empty when the quiz is fixed).
    public var draws: [Draw]

    public init(
        id: ID, title: String, description: String = "", passMark: Int, questions: [Question.ID] = [],
        draws: [Draw] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.passMark = passMark
        self.questions = questions
        self.draws = draws
    }

    /// The default pass mark of a lesson's check quiz.
    public static let checkPassMark = 60

    /// The id of a lesson's check quiz.
    public static func checkID(for lesson: Lesson.ID) -> ID { ID("check-\(lesson.rawValue)") }
}
