public import Foundation

/// A person who signs in: a parent, staff member, organiser, analyst or admin.
///
/// A parent profile holds region, school and the child's grade, never a child's name.
public struct Account: Codable, Equatable, Sendable, Identifiable {
    public typealias ID = Identifier<Account>

    public var id: ID
    public var role: Role
    public var name: String
    public var region: String?
    public var school: String?
    /// The child's grade as of `gradeRecordedAt` (parents only); it rolls over each September.
    public var grade: Int?
    public var createdAt: Date

    public init(
        id: ID, role: Role, name: String = "", region: String? = nil, school: String? = nil, grade: Int? = nil,
        createdAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id
        self.role = role
        self.name = name
        self.region = region
        self.school = school
        self.grade = grade
        self.createdAt = createdAt
    }

    /// Whether an account id is acceptable: 1–64 characters of letters, digits, `-`, `_`, `.` or `@`.
    public static func isValidID(_ string: String) -> Bool {
        guard (1...64).contains(string.count) else { return false }
        return string.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || "-_.@".unicodeScalars.contains(scalar)
        }
    }
}

/// Who performs a use case: a signed-in account, or the local operator running the CLI on the server
/// machine (who holds every permission, like a database owner).
public enum Actor: Sendable, Equatable {
    case account(Account)
    case localOperator

    /// The id recorded in the audit log.
    public var auditName: String {
        switch self {
        case .account(let account): account.id.rawValue
        case .localOperator: "local-operator"
        }
    }

    /// Whether the actor holds a permission.
    public func has(_ permission: Permission) -> Bool {
        switch self {
        case .account(let account): account.role.permissions.contains(permission)
        case .localOperator: true
        }
    }

    /// Throws `AccessError.forbidden` unless the actor holds the permission.
    public func require(_ permission: Permission) throws(AccessError) {
        guard has(permission) else { throw .forbidden(permission) }
    }
}

/// A permission check that failed.
public enum AccessError: Error, Equatable, Sendable, CustomStringConvertible {
    case forbidden(Permission)
    case notSignedIn

    public var description: String {
        switch self {
        case .forbidden(let permission): "this account may not \(permission.rawValue)"
        case .notSignedIn: "sign in first"
        }
    }
}
