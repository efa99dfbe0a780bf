/// One entry of the topic menu (点单菜单) that schools and communities order lectures from.
public struct Topic: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = String

    public var id: String
    public var name: String
    /// Whether a lecture on it counts as a mental-health session in the coverage report.
    public var mentalHealth: Bool

    public init(id: String, name: String, mentalHealth: Bool = true) {
        self.id = id
        self.name = name
        self.mentalHealth = mentalHealth
    }

    /// The menu. Fixed in code: the topics come from the plans' lists of what parents should know, and
    /// lecturers, orders and reports refer to them by id.
    public static let menu: [Topic] = [
        Topic(id: "emotions", name: "识别和疏导孩子的情绪"),
        Topic(id: "exam-stress", name: "考试焦虑与压力管理"),
        Topic(id: "parent-child", name: "亲子沟通的方法"),
        Topic(id: "screen-time", name: "网络与手机的合理使用"),
        Topic(id: "sleep", name: "睡眠、作息与心理健康"),
        Topic(id: "bullying", name: "校园欺凌的预防与应对"),
        Topic(id: "crisis", name: "心理危机的早期识别与求助"),
        Topic(id: "adolescence", name: "青春期的身心变化"),
        Topic(id: "school-refusal", name: "厌学与学习动力"),
        Topic(id: "family-education", name: "家庭教育政策与方法", mentalHealth: false),
    ]

    /// The menu entry with this id.
    public static func find(_ id: String) -> Topic? { menu.first { $0.id == id } }

    /// Throws `unknownTopic` unless the id is on the menu.
    public static func require(_ id: String) throws(LectureError) -> Topic {
        guard let topic = find(id) else { throw .unknownTopic(id) }
        return topic
    }
}
