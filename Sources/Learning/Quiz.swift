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

    /// An awareness target for the quiz: a rate (percent) to reach by the end of a year.
    public struct Target: Codable, Equatable, Sendable {
        public var year: Int
        public var percent: Double
        public init(year: Int, percent: Double) {
            self.year = year
            self.percent = percent
        }
    }

    public var id: ID
    public var title: String
    public var description: String
    /// Targets from the plans (95 % by 2023 …), as data in the quiz file.
    public var targets: [Target] = []
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

    enum CodingKeys: String, CodingKey {
        case id, title, description, passMark, questions, draws, targets
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ID.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decode(String.self, forKey: .description)
        passMark = try container.decode(Int.self, forKey: .passMark)
        questions = try container.decode([Question.ID].self, forKey: .questions)
        draws = try container.decode([Draw].self, forKey: .draws)
        targets = try container.decodeIfPresent([Target].self, forKey: .targets) ?? []
    }

    /// The default pass mark of a lesson's check quiz.
    public static let checkPassMark = 60

    /// The id of a lesson's check quiz.
    public static func checkID(for lesson: Lesson.ID) -> ID { ID("check-\(lesson.rawValue)") }
}
