public import Foundation

/// A course completion certificate: printable, checked by its verify code.
public struct Certificate: Codable, Equatable, Sendable {
    public var code: String
    public var account: String
    public var course: String
    public var issuedAt: Date

    public init(code: String, account: String, course: String, issuedAt: Date) {
        self.code = code
        self.account = account
        self.course = course
        self.issuedAt = issuedAt
    }
}
