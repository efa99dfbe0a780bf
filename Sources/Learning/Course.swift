public import OutreachCore

/// A parent-school course: an ordered series of micro-lessons for one or more stages.
public struct Course: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Course>

    public var id: ID
    public var title: String
    public var summary: String
    public var stages: [Stage]
    public var pretest: Quiz.ID?
    public var posttest: Quiz.ID?

    public init(id: ID, title: String, summary: String, stages: [Stage], pretest: Quiz.ID?, posttest: Quiz.ID?) {
        self.id = id
        self.title = title
        self.summary = summary
        self.stages = stages
        self.pretest = pretest
        self.posttest = posttest
    }
}

/// A micro-lesson (微课): 300–800 characters, 3–5 key points and a check quiz.
public struct Lesson: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Lesson>

    public var id: ID
    public var course: Course.ID
    /// Position in the course, from the `NN-` prefix of the file name.
    public var position: Int
    public var title: String
    public var minutes: Int
    public var keyPoints: [String]
    public var knowledgePoints: [KnowledgePoint.ID]
    public var article: String?
    public var check: [Question.ID]
    /// Markdown body.
    public var body: String

    public init(
        id: ID, course: Course.ID, position: Int, title: String, minutes: Int, keyPoints: [String],
        knowledgePoints: [KnowledgePoint.ID], article: String?, check: [Question.ID], body: String
    ) {
        self.id = id
        self.course = course
        self.position = position
        self.title = title
        self.minutes = minutes
        self.keyPoints = keyPoints
        self.knowledgePoints = knowledgePoints
        self.article = article
        self.check = check
        self.body = body
    }

    /// The lesson's check quiz.
    public var checkQuiz: Quiz {
        Quiz(id: Quiz.checkID(for: id), title: "小测：\(title)", passMark: Quiz.checkPassMark, questions: check)
    }
}
