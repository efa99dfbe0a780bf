import Foundation

/// Typed configuration with development defaults, built once by the executable from flags and the
/// environment (`XINQIAO_DB`, `XINQIAO_CONTENT`, `XINQIAO_LESSONS`, `XINQIAO_WEBHOOK_URL`,
/// `XINQIAO_SECURE_COOKIES`).
public struct AppConfig: Sendable {
    /// The SQLite file; created with its folder on first use.
    public var databasePath: String
    /// Folders imported by `xinqiao import` without arguments and by `serve` on start.
    public var contentRoots: [String]
    public var host: String
    public var port: Int
    /// Groups with fewer respondents than this are suppressed in awareness reports.
    public var suppressionThreshold: Int
    /// bcrypt cost: 12 in production; tests lower it.
    public var bcryptCost: UInt8
    /// The search lexicon folder (`terms.txt`, `synonyms.txt`, `scaffolding.txt`); nil for none.
    public var lexiconDirectory: String?
    /// Where the webhook channel posts deliveries; checked (http or https) by the commands that post,
    /// not at start-up of every command. Nil when none is configured.
    public var webhookURL: String?
    /// Whether the web's cookies carry `Secure` (sent over HTTPS only): on when the server is reached
    /// through TLS (`serve --secure-cookies`, `XINQIAO_SECURE_COOKIES=1`), off for plain HTTP on a
    /// development machine, where a browser would drop them.
    public var secureCookies = false

    public init(
        databasePath: String = "data/xinqiao.sqlite", contentRoots: [String] = ["Content", "Lessons"],
        host: String = "127.0.0.1", port: Int = 8080, suppressionThreshold: Int = 10, bcryptCost: UInt8 = 12,
        lexiconDirectory: String? = "Content/lexicon", webhookURL: String? = nil
    ) {
        self.webhookURL = webhookURL
        self.lexiconDirectory = lexiconDirectory
        self.databasePath = databasePath
        self.contentRoots = contentRoots
        self.host = host
        self.port = port
        self.suppressionThreshold = suppressionThreshold
        self.bcryptCost = bcryptCost
    }

    /// Defaults overridden by the environment; command-line flags override these in turn.
    public static func fromEnvironment(_ environment: [String: String]) -> AppConfig {
        var config = AppConfig()
        if let path = environment["XINQIAO_DB"], !path.isEmpty { config.databasePath = path }
        if let secure = environment["XINQIAO_SECURE_COOKIES"] { config.secureCookies = ["1", "true", "yes"].contains(secure.lowercased()) }
        var roots = config.contentRoots
        if let path = environment["XINQIAO_CONTENT"], !path.isEmpty { roots[0] = path }
        if let path = environment["XINQIAO_LESSONS"], !path.isEmpty { roots[1] = path }
        config.contentRoots = roots
        if let value = environment["XINQIAO_MIN_GROUP"], let threshold = Int(value), threshold >= 1 {
            config.suppressionThreshold = threshold
        }
        config.lexiconDirectory = environment["XINQIAO_LEXICON"] ?? (roots[0] as NSString).appendingPathComponent("lexicon")
        if let url = environment["XINQIAO_WEBHOOK_URL"], !url.isEmpty { config.webhookURL = url }
        return config
    }

    /// When the bundled folders are not in the working directory (a benchmark harness runs the binary
    /// from elsewhere), finds them beside the executable's checkout (`<repo>/.build/<config>/xinqiao`).
    public func resolvingBundledPaths(executable: String) -> AppConfig {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: contentRoots[0]) else { return self }
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let content = directory.appendingPathComponent("Content")
            if manager.fileExists(atPath: content.appendingPathComponent("README.md").path) {
                var config = self
                let relativeRoots = contentRoots.map { ($0 as NSString).lastPathComponent }
                config.contentRoots = relativeRoots.map { directory.appendingPathComponent($0).path }
                if let lexicon = lexiconDirectory, !lexicon.hasPrefix("/") {
                    config.lexiconDirectory = directory.appendingPathComponent(lexicon).path
                }
                return config
            }
            directory = directory.deletingLastPathComponent()
        }
        return self
    }
}

extension AppConfig {
    /// The calendar over this configuration's content folder (no database needed).
    public var calendarService: CalendarService { CalendarService(contentRoot: contentRoots.first ?? "Content") }
}
