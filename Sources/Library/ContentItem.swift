import OutreachCore
public import Campaigns
public import Knowledge
public import Learning

/// The kinds of item the library holds; the raw value is stored and counted by `stats`.
public enum ContentKind: String, Codable, CaseIterable, Sendable {
    case article, faq, letter, hotline
    case knowledgePoint = "knowledge_point"
    case course, lesson, question, quiz
}

/// One item read from a content file.
public enum ContentItem: Equatable, Sendable {
    case article(Article)
    case faq(FAQ)
    case letter(LetterTemplate)
    case hotline(Hotline)
    case knowledgePoint(KnowledgePoint)
    case course(Course)
    case lesson(Lesson)
    case question(Question)
    case quiz(Quiz)

    /// The item's id, unique across the library.
    public var id: String {
        switch self {
        case .article(let value): value.id.rawValue
        case .faq(let value): value.id.rawValue
        case .letter(let value): value.id.rawValue
        case .hotline(let value): value.id.rawValue
        case .knowledgePoint(let value): value.id.rawValue
        case .course(let value): value.id.rawValue
        case .lesson(let value): value.id.rawValue
        case .question(let value): value.id.rawValue
        case .quiz(let value): value.id.rawValue
        }
    }

    public var kind: ContentKind {
        switch self {
        case .article: .article
        case .faq: .faq
        case .letter: .letter
        case .hotline: .hotline
        case .knowledgePoint: .knowledgePoint
        case .course: .course
        case .lesson: .lesson
        case .question: .question
        case .quiz: .quiz
        }
    }

    /// A short human title for listings and search results.
    public var title: String {
        switch self {
        case .article(let value): value.title
        case .faq(let value): value.question
        case .letter(let value): value.title
        case .hotline(let value): "\(value.name) \(value.number)"
        case .knowledgePoint(let value): value.title
        case .course(let value): value.title
        case .lesson(let value): value.title
        case .question(let value): value.stem
        case .quiz(let value): value.title
        }
    }
}

/// An item with the line it starts on.
public struct LocatedItem: Equatable, Sendable {
    public var item: ContentItem
    public var line: Int
    public init(item: ContentItem, line: Int) {
        self.item = item
        self.line = line
    }
}

/// Everything read from one file: its items, or the errors that reject it whole.
public struct ParsedFile: Equatable, Sendable {
    /// The path as the user gave it (for messages).
    public var path: String
    /// The stable library key (`Content/articles/sleep-hours.md`), used to track and retire files.
    public var key: String
    /// SHA-256-free content digest (FNV-1a 64 of the bytes), used to notice changes.
    public var digest: String
    public var items: [LocatedItem]
    public var errors: [ContentError]

    public init(path: String, key: String, digest: String, items: [LocatedItem], errors: [ContentError]) {
        self.path = path
        self.key = key
        self.digest = digest
        self.items = items
        self.errors = errors
    }

    /// Whether the file can be imported.
    public var isValid: Bool { errors.isEmpty }
}
