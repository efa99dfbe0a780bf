public import Foundation
public import OutreachCore

/// A knowledge article for parents (600–1,500 characters of Markdown).
public struct Article: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Article>

    /// Where a number or policy in the text comes from.
    public struct Fact: Codable, Equatable, Sendable {
        public var claim: String
        public var source: String
        public init(claim: String, source: String) {
            self.claim = claim
            self.source = source
        }
    }

    public var id: ID
    public var title: String
    public var summary: String
    public var tags: [String]
    public var stages: [Stage]
    public var knowledgePoints: [String]
    /// The day of the last content review, `YYYY-MM-DD`.
    public var reviewedOn: String
    public var facts: [Fact]
    /// Markdown body.
    public var body: String

    public init(
        id: ID, title: String, summary: String, tags: [String], stages: [Stage], knowledgePoints: [String],
        reviewedOn: String, facts: [Fact], body: String
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.tags = tags
        self.stages = stages
        self.knowledgePoints = knowledgePoints
        self.reviewedOn = reviewedOn
        self.facts = facts
        self.body = body
    }
}
