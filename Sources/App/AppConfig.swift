/// Typed configuration with development defaults, built once by the executable from flags and the
/// environment (`XINQIAO_DB`, `XINQIAO_CONTENT`, `XINQIAO_LESSONS`).
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

    public init(
        databasePath: String = "data/xinqiao.sqlite", contentRoots: [String] = ["Content", "Lessons"],
        host: String = "127.0.0.1", port: Int = 8080, suppressionThreshold: Int = 10, bcryptCost: UInt8 = 12
    ) {
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
        var roots = config.contentRoots
        if let path = environment["XINQIAO_CONTENT"], !path.isEmpty { roots[0] = path }
        if let path = environment["XINQIAO_LESSONS"], !path.isEmpty { roots[1] = path }
        config.contentRoots = roots
        return config
    }
}
