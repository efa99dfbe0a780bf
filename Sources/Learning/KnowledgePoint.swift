public import OutreachCore

/// One 应知应会 item: the unit awareness is measured on.
public struct KnowledgePoint: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<KnowledgePoint>

    public var id: ID
    public var title: String
    public var category: String
    public var explanation: String

    public init(id: ID, title: String, category: String, explanation: String) {
        self.id = id
        self.title = title
        self.category = category
        self.explanation = explanation
    }

    /// The categories a knowledge point may belong to.
    public static let categories = ["识别信号", "沟通陪伴", "身心健康", "学业与压力", "安全与危机", "求助资源", "特殊家庭"]
}
