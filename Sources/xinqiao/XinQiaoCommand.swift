import App
import ArgumentParser
import Foundation

/// The `xinqiao` command: a thin layer that turns options into App use cases.
@main
struct XinQiaoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xinqiao",
        abstract: "XinQiao 心桥: mental-health outreach for schools, families and communities.",
        discussion: """
            Every command works on the embedded SQLite database data/xinqiao.sqlite unless --db or the
            XINQIAO_DB environment variable says otherwise.
            """,
        subcommands: [
            Serve.self, Import.self, Stats.self, SearchCommand.self, DocsCommand.self, LearnCommand.self, QuizCommand.self,
            ReportCommand.self,
            CalendarCommand.self, CampaignCommand.self, LettersCommand.self, LectureCommand.self, ContentCommand.self,
            AccountCommand.self, BenchCommand.self, ChatCommand.self,
        ]
    )
}

/// Options every command that touches the database accepts.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (default data/xinqiao.sqlite, or $XINQIAO_DB).", valueName: "path"))
    var db: String?

    /// The configuration: defaults, then the environment, then flags.
    func config() -> AppConfig {
        var config = AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
            .resolvingBundledPaths(executable: CommandLine.arguments[0])
        if let db { config.databasePath = db }
        return config
    }

    func app() async throws -> App { try await App.live(config: config()) }
}

/// Writes a single line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints an `Encodable` value as one line of JSON on standard output.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
