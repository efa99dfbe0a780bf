public import Foundation
public import GRDB
import Search

/// The one owner of XinQiao's SQLite database: migrations, configuration and every read and write.
///
/// Production opens a `DatabasePool` (WAL, foreign keys on, `synchronous=FULL`, so a commit the user
/// was told about survives `kill -9` and power loss); tests open an in-memory `DatabaseQueue` with the
/// same migrator. Other modules never see GRDB types except through this struct's initialisers.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Tells whether anything committed since the last look without waiting for a reader (files only).
    let changes: ChangeProbe?

    /// Wraps a writer and migrates it to the latest schema.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        self.changes = nil
        try Self.migrator.migrate(writer)
    }

    private init(_ writer: any DatabaseWriter, changes: ChangeProbe?) throws {
        self.writer = writer
        self.changes = changes
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file at `path`, creating its folder too.
    public static func open(path: String) throws -> AppDatabase {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let pool = try DatabasePool(path: path, configuration: makeConfiguration())
        return try AppDatabase(pool, changes: try? ChangeProbe(path: path))
    }

    /// An empty in-memory database with the production schema.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// The configuration shared by every connection: the place to register SQL functions and the
    /// search tokenizers.
    public static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Several CLI processes may write at once (imports, registrations): wait instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Search reads many FTS5 segment pages: a 64 MiB page cache and memory-mapped reads avoid
            // copying them through pread on every query.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            SearchIndex.registerTokenizers(db)
        }
        return configuration
    }

    /// Runs `PRAGMA integrity_check` and returns its first line (`ok` when healthy).
    public func integrityCheck() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}

extension AppDatabase {
    /// The journal mode SQLite reports (`wal` for files opened with `open(path:)`).
    public func journalMode() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
