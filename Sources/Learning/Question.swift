public import OutreachCore

/// A quiz question tied to one knowledge point.
public struct Question: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Question>

    /// How a question is answered and scored.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Exactly one option is right.
        case single
        /// One or more options are right; scored all-or-nothing.
        case multiple
        /// Options `T` (正确) and `F` (错误).
        case truefalse
    }

    /// One answer option; ids are `A`–`F`, or `T`/`F` for true/false.
    public struct Option: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    public var id: ID
    public var knowledgePoint: KnowledgePoint.ID
    public var kind: Kind
    public var stem: String
    public var options: [Option]
    /// The ids of the right options.
    public var answer: [String]
    public var explanation: String

    public init(
        id: ID, knowledgePoint: KnowledgePoint.ID, kind: Kind, stem: String, options: [Option], answer: [String],
        explanation: String
    ) {
        self.id = id
        self.knowledgePoint = knowledgePoint
        self.kind = kind
        self.stem = stem
        self.options = options
        self.answer = answer
        self.explanation = explanation
    }

    /// The default options of a true/false question.
    public static let trueFalseOptions = [Option(id: "T", text: "正确"), Option(id: "F", text: "错误")]

    /// Whether a set of chosen option ids is right (multiple choice: exactly the right set).
    public func isCorrect(_ chosen: Set<String>) -> Bool { chosen == Set(answer) }
}
