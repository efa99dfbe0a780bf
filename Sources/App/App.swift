public import OutreachCore
public import Store

/// The application core shared by the CLI and the server: use cases over the store, the search
/// engine and the content library. No HTTP and no argument parsing here.
public struct App: Sendable {
    public let config: AppConfig
    public let database: AppDatabase
    public let clock: WallClock

    public let content: ContentService
    public let accounts: AccountService
    public let knowledge: KnowledgeService
    public let search: SearchService
    public let learning: LearningService
    public let calendar: CalendarService
    public let campaigns: CampaignService
    public let lectures: LectureService

    public init(config: AppConfig, database: AppDatabase, clock: WallClock) {
        self.config = config
        self.database = database
        self.clock = clock
        self.accounts = AccountService(database: database, clock: clock, bcryptCost: config.bcryptCost)
        self.knowledge = KnowledgeService(database: database)
        self.search = SearchService(database: database, lexiconDirectory: config.lexiconDirectory)
        self.calendar = CalendarService(contentRoot: config.contentRoots.first ?? "Content")
        self.campaigns = CampaignService(
            database: database, clock: clock, calendar: calendar, contentRoot: config.contentRoots.first ?? "Content")
        self.lectures = LectureService(database: database, clock: clock)
        self.learning = LearningService(database: database, clock: clock, suppressionThreshold: config.suppressionThreshold)
        self.content = ContentService(database: database, clock: clock, search: search, cached: [{ [knowledge] in knowledge.allHotlines.invalidate() }])
    }

    /// Opens the configured database file (migrating it) with the system clock.
    public static func live(config: AppConfig) async throws -> App {
        let database: AppDatabase
        do {
            database = try AppDatabase.open(path: config.databasePath)
        } catch {
            throw AppError.databaseUnavailable(path: config.databasePath, reason: "\(error)")
        }
        let app = App(config: config, database: database, clock: .system)
        try await app.search.prepare()
        return app
    }

    /// Prepares the search index (tests and tools that build an `App` by hand).
    public func prepare() async throws {
        try await search.prepare()
    }
}

/// Errors of the application core that are not a domain module's.
public enum AppError: Error, Equatable, Sendable, CustomStringConvertible {
    case databaseUnavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case .databaseUnavailable(let path, let reason): "cannot open database \(path): \(reason)"
        }
    }
}
