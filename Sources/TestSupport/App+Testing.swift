public import App
public import Foundation
public import OutreachCore
import Store

extension App {
    /// An app over a fresh in-memory database with the real migrator, a fixed clock and a cheap
    /// bcrypt cost.
    public static func makeForTesting(
        now: Date = Date(timeIntervalSince1970: 1_795_000_000),
        config: AppConfig = AppConfig(bcryptCost: 4, lexiconDirectory: Repository.root.appendingPathComponent("Content/lexicon").path)
    ) async throws -> App {
        let app = App(config: config, database: try AppDatabase.inMemory(), clock: .fixed(now))
        try await app.prepare()
        return app
    }
}

/// The repository's own folders, found from this file's location.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static var content: String { root.appendingPathComponent("Content").path }
    public static var lessons: String { root.appendingPathComponent("Lessons").path }
}
