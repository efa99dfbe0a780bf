/// A school stage (学段).
public enum Stage: String, Codable, CaseIterable, Sendable, Comparable {
    case preschool, primary, junior, senior, vocational

    /// The Chinese name shown to users.
    public var chineseName: String {
        switch self {
        case .preschool: "幼儿园"
        case .primary: "小学"
        case .junior: "初中"
        case .senior: "高中"
        case .vocational: "中职"
        }
    }

    /// The grades of the stage: 0 is the last kindergarten year, 1–6 primary, 7–9 junior, 10–12
    /// senior and vocational.
    public var grades: ClosedRange<Int> {
        switch self {
        case .preschool: 0...0
        case .primary: 1...6
        case .junior: 7...9
        case .senior, .vocational: 10...12
        }
    }

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A grade (年级), 0–12; see `Stage.grades`.
public enum Grade {
    /// The valid range of grades.
    public static let range = 0...12

    /// The Chinese name of a grade, such as `初二` for 8.
    public static func chineseName(_ grade: Int) -> String {
        let numerals = ["一", "二", "三", "四", "五", "六"]
        switch grade {
        case 0: return "幼儿园大班"
        case 1...6: return numerals[grade - 1] + "年级"
        case 7...9: return "初" + numerals[grade - 7]
        case 10...12: return "高" + numerals[grade - 10]
        default: return "\(grade)年级"
        }
    }
}
