import Store
import App
import Foundation
import OutreachCore
import Testing
import TestSupport

@Suite struct AccountServiceTests {
    @Test func createsAccountWithHashedPasswordAndAudit() async throws {
        let app = try await App.makeForTesting()
        // When an admin creates a staff account with a password
        let account = try await app.accounts.create(
            .init(id: "wang", role: "staff", name: "王老师", region: "杭州", password: "correct horse"), actor: .localOperator)
        // Then it can sign in with that password only, and the creation is audited
        #expect(account.role == .staff)
        #expect(try await app.accounts.authenticate(id: "wang", password: "correct horse")?.id == "wang")
        #expect(try await app.accounts.authenticate(id: "wang", password: "wrong horse") == nil)
        let hash = try #require(try await app.database.passwordHash(id: "wang"))
        #expect(hash.hasPrefix("$2") && !hash.contains("correct"))
        #expect(try await app.database.auditLog(limit: 1).first?.action == "account.create")
    }

    @Test func unknownRoleIsRefused() async throws {
        let app = try await App.makeForTesting()
        await #expect(throws: AccountError.unknownRole("teacher")) {
            try await app.accounts.create(.init(id: "x", role: "teacher"), actor: .localOperator)
        }
        #expect(try await app.accounts.list(actor: .localOperator).isEmpty)
    }

    @Test func duplicateIDIsRefused() async throws {
        let app = try await App.makeForTesting()
        try await app.accounts.create(.init(id: "p1", role: "parent"), actor: .localOperator)
        await #expect(throws: AccountError.duplicateID("p1")) {
            try await app.accounts.create(.init(id: "p1", role: "staff"), actor: .localOperator)
        }
        #expect(try await app.accounts.list(actor: .localOperator).map(\.role) == [.parent])
    }

    @Test func shortPasswordAndBadIDAreRefused() async throws {
        let app = try await App.makeForTesting()
        await #expect(throws: AccountError.weakPassword) {
            try await app.accounts.create(.init(id: "p1", role: "parent", password: "short"), actor: .localOperator)
        }
        await #expect(throws: AccountError.invalidID("has space")) {
            try await app.accounts.create(.init(id: "has space", role: "parent"), actor: .localOperator)
        }
    }

    @Test func onlyAdminsManageAccounts() async throws {
        let app = try await App.makeForTesting()
        let staff = Account(id: "s1", role: .staff)
        await #expect(throws: AccessError.forbidden(.manageAccounts)) {
            try await app.accounts.create(.init(id: "p1", role: "parent"), actor: .account(staff))
        }
        let admin = Account(id: "a1", role: .admin)
        try await app.accounts.create(.init(id: "p1", role: "parent"), actor: .account(admin))
        #expect(try await app.database.auditLog(limit: 1).first?.actor == "a1")
    }

    @Test func importIsIdempotentByID() async throws {
        let app = try await App.makeForTesting()
        let lines = """
            {"id":"p1","role":"parent","name":"李女士","region":"杭州","school":"西湖小学","grade":3}
            {"id":"s1","role":"staff","name":"张老师","region":"杭州","school":null,"grade":null,"extra":"ignored"}
            """
        let first = try await app.accounts.importJSONLines(Data(lines.utf8), path: "a.jsonl", actor: .localOperator)
        let second = try await app.accounts.importJSONLines(Data(lines.utf8), path: "a.jsonl", actor: .localOperator)
        #expect(first.added == 2 && first.updated == 0)
        #expect(second.added == 0 && second.updated == 0 && second.unchanged == 2)
        // A changed line updates that account only
        let changed = lines.replacingOccurrences(of: "\"grade\":3", with: "\"grade\":4")
        let third = try await app.accounts.importJSONLines(Data(changed.utf8), path: "a.jsonl", actor: .localOperator)
        #expect(third.updated == 1 && third.unchanged == 1)
        #expect(try await app.accounts.list(actor: .localOperator).first { $0.id == "p1" }?.grade == 4)
    }

    @Test func oneBadLineImportsNothing() async throws {
        let app = try await App.makeForTesting()
        let lines = """
            {"id":"p1","role":"parent","name":"李女士","region":"杭州","school":"西湖小学","grade":3}
            {"id":"p2","role":"teacher","name":"x"}
            not json
            {"id":"p1","role":"parent"}
            """
        do {
            _ = try await app.accounts.importJSONLines(Data(lines.utf8), path: "a.jsonl", actor: .localOperator)
            Issue.record("expected an error")
        } catch AccountError.invalidFile(let errors) {
            #expect(errors.count == 3)
            #expect(errors[0].hasPrefix("a.jsonl:2: unknown role 'teacher'"))
            #expect(errors[1] == "a.jsonl:3: not a JSON object")
            #expect(errors[2].hasPrefix("a.jsonl:4: account 'p1' appears twice"))
        }
        #expect(try await app.accounts.list(actor: .localOperator).isEmpty)
    }
}
