public import Foundation

/// One line of the audit log: who changed what, and when.
public struct AuditEntry: Codable, Equatable, Sendable {
    public var at: Date
    public var actor: String
    /// A dotted verb such as `account.create`, `content.import`, `campaign.approve`.
    public var action: String
    public var target: String
    public var detail: String

    public init(at: Date, actor: String, action: String, target: String, detail: String = "") {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }
}
