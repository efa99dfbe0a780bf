import App
import ArgumentParser
import Foundation
import OutreachCore

extension XinQiaoCommand {
    /// Account administration (runs as the local operator).
    struct AccountCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "account",
            abstract: "Create, import and list accounts (roles: parent, staff, organiser, analyst, admin).",
            subcommands: [Create.self, ImportFile.self, List.self]
        )
    }
}

extension XinQiaoCommand.AccountCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create one account.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Account id (letters, digits, - _ . @).") var id: String
        @Option(help: "parent, staff, organiser, analyst or admin.") var role: String
        @Option(help: "Display name.") var name: String = ""
        @Option(help: "Region, e.g. 浙江 or 杭州.") var region: String?
        @Option(help: "School name.") var school: String?
        @Option(help: "The child's grade, 0–12 (parents).") var grade: Int?
        @Flag(help: "Read the password (at least 8 characters) from the first line of standard input.")
        var passwordStdin = false
        @Flag(help: "Print the account as JSON.") var json = false

        func run() async throws {
            var password: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw ValidationError("--password-stdin given but standard input held no password")
                }
                password = line
            }
            let account = try await store.app().accounts.create(
                .init(id: id, role: role, name: name, region: region, school: school, grade: grade, password: password),
                actor: .localOperator)
            if json { try printJSON(AccountView(account)) } else { print("created \(account.role.rawValue) account \(account.id)") }
        }
    }

    struct ImportFile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import accounts from JSON Lines: {\"id\",\"role\",\"name\",\"region\",\"school\",\"grade\"} a line.",
            discussion: "Idempotent by id. Every line is checked first: one bad line imports nothing."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "A .jsonl file.") var file: String
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            do {
                let report = try await store.app().accounts.importJSONLines(data, path: file, actor: .localOperator)
                if json { try printJSON(report) } else {
                    print("accounts: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged")
                }
            } catch AccountError.invalidFile(let errors) {
                for error in errors { printError(error) }
                throw ExitCode.failure
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let accounts = try await store.app().accounts.list(actor: .localOperator)
            if json {
                try printJSON(accounts.map(AccountView.init))
            } else {
                for account in accounts {
                    let fields = [account.id.rawValue, account.role.rawValue, account.name, account.region ?? "-", account.school ?? "-"]
                    print(fields.joined(separator: "\t"))
                }
            }
        }
    }
}

/// The JSON shape of an account on the command line (no password hash, ever).
struct AccountView: Encodable {
    var id: String
    var role: String
    var name: String
    var region: String?
    var school: String?
    var grade: Int?

    init(_ account: Account) {
        id = account.id.rawValue
        role = account.role.rawValue
        name = account.name
        region = account.region
        school = account.school
        grade = account.grade
    }
}
