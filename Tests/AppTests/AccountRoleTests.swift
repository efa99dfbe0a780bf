import App
import Foundation
import OutreachCore
import Store
import Testing
import TestSupport

/// Changing an account's role and listing accounts a page at a time: admins only, audited, and no
/// admin changes their own role.
@Suite struct AccountRoleTests {
    private func app() async throws -> (App, Actor) {
        let app = try await App.makeForTesting()
        for (id, role) in [("root", "admin"), ("root2", "admin"), ("mom", "parent"), ("wang", "staff")] {
            try await app.accounts.create(.init(id: id, role: role, name: id == "mom" ? "王_妈妈%" : ""), actor: .localOperator)
        }
        return (app, .account(try #require(try await app.accounts.account(id: "root"))))
    }

    @Test func anAdminChangesARoleAndTheChangeIsAudited() async throws {
        let (app, admin) = try await app()
        // When an admin makes a parent a staff member
        let changed = try await app.accounts.changeRole(of: "mom", to: "staff", actor: admin)
        // Then the account has the new role and the audit log says who changed what
        #expect(changed.role == .staff)
        #expect(try await app.accounts.account(id: "mom")?.role == .staff)
        let entry = try #require(try await app.database.auditLog(limit: 1).first)
        #expect(entry.action == "account.role" && entry.actor == "root" && entry.target == "mom" && entry.detail == "role=parent→staff")
        #expect(try await app.accounts.accountAudit(limit: 5, actor: admin).first == entry)
        // The same role again changes and audits nothing
        _ = try await app.accounts.changeRole(of: "mom", to: "staff", actor: admin)
        #expect(try await app.database.auditLog(limit: 10).filter { $0.action == "account.role" }.count == 1)
    }

    @Test func onlyAdminsChangeRolesAndNobodyTheirOwn() async throws {
        let (app, admin) = try await app()
        let staff = Actor.account(try #require(try await app.accounts.account(id: "wang")))
        await #expect(throws: AccessError.forbidden(.manageAccounts)) { try await app.accounts.changeRole(of: "mom", to: "admin", actor: staff) }
        await #expect(throws: AccountError.ownRole) { try await app.accounts.changeRole(of: "root", to: "parent", actor: admin) }
        await #expect(throws: AccountError.notFound("nobody")) { try await app.accounts.changeRole(of: "nobody", to: "staff", actor: admin) }
        await #expect(throws: AccountError.unknownRole("teacher")) { try await app.accounts.changeRole(of: "mom", to: "teacher", actor: admin) }
        #expect(try await app.accounts.account(id: "root")?.role == .admin)
        #expect(try await app.accounts.account(id: "mom")?.role == .parent)
        #expect(try await app.database.auditLog(limit: 10).allSatisfy { $0.action != "account.role" })
        // Another admin may change the first one's role
        let other = Actor.account(try #require(try await app.accounts.account(id: "root2")))
        #expect(try await app.accounts.changeRole(of: "root", to: "staff", actor: other).role == .staff)
    }

    @Test func accountsArePagedAndFilteredByRoleAndText() async throws {
        let (app, admin) = try await app()
        #expect(try await app.accounts.list(role: nil, matching: nil, limit: 2, offset: 0, actor: admin).map(\.id.rawValue) == ["mom", "root"])
        #expect(try await app.accounts.list(role: nil, matching: nil, limit: 2, offset: 2, actor: admin).map(\.id.rawValue) == ["root2", "wang"])
        #expect(try await app.accounts.list(role: .admin, matching: nil, limit: 10, offset: 0, actor: admin).count == 2)
        // LIKE wildcards in the search are literal characters
        #expect(try await app.accounts.list(role: nil, matching: "_妈妈%", limit: 10, offset: 0, actor: admin).map(\.id.rawValue) == ["mom"])
        #expect(try await app.accounts.list(role: nil, matching: "%", limit: 10, offset: 0, actor: admin).map(\.id.rawValue) == ["mom"])
        #expect(try await app.accounts.list(role: nil, matching: "oo", limit: 10, offset: 0, actor: admin).count == 2)
        let parent = Actor.account(try #require(try await app.accounts.account(id: "mom")))
        await #expect(throws: AccessError.forbidden(.manageAccounts)) {
            try await app.accounts.list(role: nil, matching: nil, limit: 10, offset: 0, actor: parent)
        }
    }
}
