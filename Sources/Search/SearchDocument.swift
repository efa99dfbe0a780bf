/// A document in the search index: library items and bulk-imported passages alike.
public struct SearchDocument: Equatable, Sendable {
    /// The item id shown in results (unique across the index).
    public var id: String
    /// `article`, `faq`, `letter`, `lesson`, `question`, `lecture`, or `doc` for bulk passages.
    public var kind: String
    public var title: String
    public var summary: String
    public var tags: [String]
    public var body: String
    /// Audience stages (`primary` …) and grades, for filters; empty means everyone.
    public var stages: [String]
    public var grades: [Int]

    public init(
        id: String, kind: String, title: String = "", summary: String = "", tags: [String] = [], body: String,
        stages: [String] = [], grades: [Int] = []
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.summary = summary
        self.tags = tags
        self.body = body
        self.stages = stages
        self.grades = grades
    }
}

/// What to search for.
public struct SearchQuery: Hashable, Sendable {
    public var text: String
    public var limit: Int
    public var kind: String?
    public var stage: String?
    public var grade: Int?
    public var tag: String?
    /// Whether hits carry an explanation (matched terms, synonyms, fields); without it a search is
    /// cheaper (the batch command prints none).
    public var explain: Bool

    public init(
        text: String, limit: Int = 10, kind: String? = nil, stage: String? = nil, grade: Int? = nil, tag: String? = nil,
        explain: Bool = true
    ) {
        self.text = text
        self.explain = explain
        self.limit = limit
        self.kind = kind
        self.stage = stage
        self.grade = grade
        self.tag = tag
    }

    /// The largest `limit` honoured; larger requests are clamped.
    public static let maxLimit = 100
    /// Queries longer than this (in characters) are cut before analysis.
    public static let maxLength = 256
}

/// One result; its JSON form (`matched_terms` …) is the one the CLI and the API print.
public struct SearchHit: Equatable, Sendable, Encodable {
    public var id: String
    public var kind: String
    public var score: Double
    public var title: String
    /// HTML: the original text around the best match, escaped, with `<mark>` around matched terms.
    public var snippet: String
    public var explanation: Explanation

    /// Why a document matched.
    public struct Explanation: Equatable, Sendable, Encodable {
        /// Query terms found in the document (folded).
        public var matchedTerms: [String]
        /// Synonyms used, as `term→synonym`.
        public var synonyms: [String]
        /// Fields where terms were found: `title`, `summary`, `tags`, `body`.
        public var fields: [String]
        /// Share of the query's required terms the document covers (0–1).
        public var coverage: Double

        enum CodingKeys: String, CodingKey {
            case matchedTerms = "matched_terms", synonyms, fields, coverage
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(matchedTerms, forKey: .matchedTerms)
            try container.encode(synonyms, forKey: .synonyms)
            try container.encode(fields, forKey: .fields)
            try container.encode((coverage * 1000).rounded() / 1000, forKey: .coverage)
        }
    }
}
