public import Foundation
import Crypto
import HummingbirdBcrypt
public import OutreachCore
import Store

/// Creating, importing, listing and authenticating accounts. Every call checks the actor's rights
/// here, so the CLI and the web enforce the same rules.
public struct AccountService: Sendable {
    let database: AppDatabase
    let clock: WallClock
    let bcryptCost: UInt8
    /// Failed sign-ins per account and client address (one per `App`, shared by the web and the API).
    public let throttle = LoginThrottle()

    /// What a caller asks to create.
    public struct NewAccount: Sendable {
        public var id: String
        public var role: String
        public var name: String
        public var region: String?
        public var school: String?
        public var grade: Int?
        public var password: String?

        public init(
            id: String, role: String, name: String = "", region: String? = nil, school: String? = nil,
            grade: Int? = nil, password: String? = nil
        ) {
            self.id = id
            self.role = role
            self.name = name
            self.region = region
            self.school = school
            self.grade = grade
            self.password = password
        }
    }

    /// The summary of `account import`.
    public struct ImportReport: Equatable, Sendable, Codable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
    }

    /// Creates one account. Passwords are stored as bcrypt hashes only.
    @discardableResult
    public func create(_ request: NewAccount, actor: Actor) async throws -> Account {
        try actor.require(.manageAccounts)
        let account = try validated(request)
        var hash: String?
        if let password = request.password {
            guard password.count >= 8 else { throw AccountError.weakPassword }
            hash = Bcrypt.hash(password, cost: bcryptCost)
        }
        do {
            try await database.insertAccount(
                account, passwordHash: hash,
                audit: AuditEntry(
                    at: account.createdAt, actor: actor.auditName, action: "account.create", target: account.id.rawValue,
                    detail: "role=\(account.role.rawValue)"))
        } catch AccountStoreError.duplicateID(let id) {
            throw AccountError.duplicateID(id)
        }
        return account
    }

    /// Imports accounts from JSON Lines (`{"id","role","name","region","school","grade"}` a line),
    /// idempotent by id. Every line is checked first; one bad line imports nothing.
    public func importJSONLines(_ data: Data, path: String, actor: Actor) async throws -> ImportReport {
        try actor.require(.manageAccounts)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw AccountError.invalidFile([ "\(path):1: file is not valid UTF-8" ])
        }
        var accounts: [Account] = []
        var errors: [String] = []
        var seen: [String: Int] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let record = try JSONDecoder().decode(ImportLine.self, from: Data(trimmed.utf8))
                let account = try validated(
                    NewAccount(
                        id: record.id, role: record.role, name: record.name ?? "", region: record.region,
                        school: record.school, grade: record.grade))
                if let first = seen[record.id] {
                    errors.append("\(path):\(lineNumber): account '\(record.id)' appears twice (also line \(first))")
                    continue
                }
                seen[record.id] = lineNumber
                accounts.append(account)
            } catch let error as AccountError {
                errors.append("\(path):\(lineNumber): \(error)")
            } catch DecodingError.keyNotFound(let key, _) {
                errors.append("\(path):\(lineNumber): missing field '\(key.stringValue)'")
            } catch DecodingError.typeMismatch(_, let context) {
                let field = context.codingPath.map(\.stringValue).joined(separator: ".")
                errors.append("\(path):\(lineNumber): field '\(field)' has the wrong type")
            } catch {
                errors.append("\(path):\(lineNumber): not a JSON object")
            }
        }
        guard errors.isEmpty else { throw AccountError.invalidFile(errors) }
        let results = try await database.upsertAccounts(accounts, actor: actor.auditName, at: clock.now)
        var report = ImportReport()
        for result in results {
            switch result {
            case .added: report.added += 1
            case .updated: report.updated += 1
            case .unchanged: report.unchanged += 1
            }
        }
        return report
    }

    /// Every account, for admins.
    public func list(actor: Actor) async throws -> [Account] {
        try actor.require(.manageAccounts)
        return try await database.accounts()
    }

    /// A page of accounts for admins: optionally one role, and ids or names containing `text`.
    public func list(role: Role?, matching text: String?, limit: Int, offset: Int, actor: Actor) async throws -> [Account] {
        try actor.require(.manageAccounts)
        return try await database.accounts(
            role: role, matching: text?.trimmingCharacters(in: .whitespaces), limit: max(1, min(limit, 1_000)), offset: max(0, offset))
    }

    /// Gives an account another role (admins), audited as `account.role` with the old and new role in
    /// the same transaction. Nobody changes their own role, so an admin cannot lock the last admin
    /// out by accident; setting the role it already has changes and audits nothing.
    @discardableResult
    public func changeRole(of id: String, to roleName: String, actor: Actor) async throws -> Account {
        try actor.require(.manageAccounts)
        guard let role = Role(rawValue: roleName) else { throw AccountError.unknownRole(roleName) }
        guard Account.isValidID(id), var account = try await database.account(id: Account.ID(id)) else { throw AccountError.notFound(id) }
        if case .account(let me) = actor, me.id == account.id { throw AccountError.ownRole }
        guard account.role != role else { return account }
        let now = clock.now
        let previous = try await database.updateAccountRole(id: account.id, to: role) { old in
            AuditEntry(at: now, actor: actor.auditName, action: "account.role", target: id, detail: "role=\(old.rawValue)→\(role.rawValue)")
        }
        guard previous != nil else { throw AccountError.notFound(id) }
        account.role = role
        return account
    }

    /// The newest audit entries about accounts (creation, imports, role changes), for admins.
    public func accountAudit(limit: Int, actor: Actor) async throws -> [AuditEntry] {
        try actor.require(.manageAccounts)
        return try await database.auditLog(limit: 500).filter { $0.action.hasPrefix("account.") }.prefix(max(0, limit)).map { $0 }
    }

    /// One account, or nil.
    public func account(id: String) async throws -> Account? {
        guard Account.isValidID(id) else { return nil }
        return try await database.account(id: Account.ID(id))
    }

    /// The account whose password matches, or nil (unknown id, no password, or wrong password).
    public func authenticate(id: String, password: String) async throws -> Account? {
        guard Account.isValidID(id), let hash = try await database.passwordHash(id: Account.ID(id)) else {
            return nil
        }
        guard Bcrypt.verify(password, hash: hash) else { return nil }
        return try await database.account(id: Account.ID(id))
    }

    /// Signs in with a password and returns a bearer token valid for 12 hours (only its hash is stored).
    public func startSession(id: String, password: String) async throws -> (token: String, account: Account)? {
        guard let account = try await authenticate(id: id, password: password) else { return nil }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        try await database.insertSession(
            tokenHash: Self.hash(token), account: account.id, expiresAt: clock.now.addingTimeInterval(12 * 3600))
        return (token, account)
    }

    /// The outcome of a rate-limited sign-in.
    public enum SignIn: Sendable {
        /// Signed in: a new session token (12 hours) and its account.
        case success(token: String, account: Account)
        /// Unknown id, no password set, or a wrong password (deliberately not told apart).
        case wrongCredentials
        /// Too many failures for this account or this client address; try again after `until`.
        case throttled(until: Date)
    }

    /// Signs in like `startSession`, but refuses while the account or the client address has too
    /// many recent failures (`throttle`) and counts each failure. The web sign-in form and
    /// `POST /api/v1/sessions` both come through here, so neither is a way around the other's limit.
    public func signIn(id: String, password: String, client: String?) async throws -> SignIn {
        let key = String(id.trimmingCharacters(in: .whitespaces).prefix(64))
        if let until = await throttle.lockedUntil(account: key, client: client, now: clock.now) { return .throttled(until: until) }
        guard let (token, account) = try await startSession(id: key, password: password) else {
            await throttle.recordFailure(account: key, client: client, now: clock.now)
            return .wrongCredentials
        }
        await throttle.recordSuccess(account: key)
        return .success(token: token, account: account)
    }

    /// Ends a session (sign-out): the token stops working at once.
    public func endSession(token: String) async throws {
        guard !token.isEmpty, token.count <= 200 else { return }
        try await database.deleteSession(tokenHash: Self.hash(token))
    }

    /// The account a bearer token belongs to, if the session is live.
    public func session(token: String) async throws -> Account? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        return try await database.sessionAccount(tokenHash: Self.hash(token), now: clock.now)
    }

    /// SHA-256 of the token: a stolen database holds no usable token.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private struct ImportLine: Decodable {
        var id: String
        var role: String
        var name: String?
        var region: String?
        var school: String?
        var grade: Int?
    }

    private func validated(_ request: NewAccount) throws(AccountError) -> Account {
        guard Account.isValidID(request.id) else { throw .invalidID(request.id) }
        guard let role = Role(rawValue: request.role) else { throw .unknownRole(request.role) }
        if let grade = request.grade, !Grade.range.contains(grade) { throw .invalidGrade(grade) }
        func clean(_ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespaces) ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }
        return Account(
            id: Account.ID(request.id), role: role, name: request.name.trimmingCharacters(in: .whitespaces),
            region: clean(request.region), school: clean(request.school), grade: request.grade, createdAt: clock.now)
    }
}

/// Why an account could not be created or imported.
public enum AccountError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidID(String)
    case unknownRole(String)
    case invalidGrade(Int)
    case duplicateID(String)
    case weakPassword
    case invalidFile([String])
    case notFound(String)
    case ownRole

    public var description: String {
        switch self {
        case .invalidID(let id):
            "invalid account id '\(id)': use 1–64 letters, digits, '-', '_', '.' or '@'"
        case .unknownRole(let role):
            "unknown role '\(role)' (use \(Role.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .invalidGrade(let grade): "grade must be 0–12, got \(grade)"
        case .duplicateID(let id): "an account with id '\(id)' already exists"
        case .weakPassword: "the password must have at least 8 characters"
        case .invalidFile(let errors): errors.joined(separator: "\n")
        case .notFound(let id): "no account '\(id)'"
        case .ownRole: "an admin cannot change their own role: ask another admin"
        }
    }
}
