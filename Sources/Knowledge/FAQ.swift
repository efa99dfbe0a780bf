public import OutreachCore

/// A question in a parent's own words with a short answer (80–300 characters) and an article for more.
public struct FAQ: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<FAQ>

    public var id: ID
    public var question: String
    public var tags: [String]
    public var stages: [Stage]
    public var article: String
    /// Markdown answer.
    public var answer: String

    public init(id: ID, question: String, tags: [String], stages: [Stage], article: String, answer: String) {
        self.id = id
        self.question = question
        self.tags = tags
        self.stages = stages
        self.article = article
        self.answer = answer
    }
}
