import GRDB

/// A read-only connection of its own that answers one question in microseconds, on the calling thread
/// and without waiting for the pool: has anything been committed to the file, by this process or any
/// other, since it was last asked? (`PRAGMA data_version` changes whenever another connection commits.)
///
/// The server's search page uses it to give a reused answer without a trip to a reader: the answer
/// stands while the version does (see `SearchService`). The connection never writes and never waits
/// long, so holding a task thread for it cannot starve the readers.
final class ChangeProbe: Sendable {
    private let connection: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The file's data version as this connection sees it, or nil when it cannot be read.
    func version() -> Int64? {
        try? connection.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") }
    }
}
