/// What an account may do. Roles are checked in the App layer's use cases, so the CLI and the web
/// enforce the same rules.
public enum Role: String, Codable, CaseIterable, Sendable {
    case parent, staff, organiser, analyst, admin

    /// The Chinese name shown to users.
    public var chineseName: String {
        switch self {
        case .parent: "家长"
        case .staff: "家庭教育工作人员"
        case .organiser: "社区组织者"
        case .analyst: "数据分析员"
        case .admin: "管理员"
        }
    }

    /// The permissions the role grants.
    public var permissions: Set<Permission> {
        switch self {
        case .parent: [.learn, .readLetters, .registerLectures]
        case .staff: [.learn, .writeLetters, .approveLetters, .importContent, .viewAnswerKeys, .readLetters]
        case .organiser: [.manageLectures, .learn]
        case .analyst: [.viewAggregates, .viewAnswerKeys]
        case .admin: Set(Permission.allCases)
        }
    }
}

/// A single capability checked by a use case.
public enum Permission: String, Codable, CaseIterable, Sendable {
    case learn, readLetters, registerLectures
    case writeLetters, approveLetters, importContent, viewAnswerKeys
    case manageLectures
    case viewAggregates
    case manageAccounts
}
