public import ChineseText
import Foundation
import GRDB
public import Search

extension AppDatabase {
    // MARK: - Writes

    /// Makes the index use `lexicon`, rebuilding it when the lexicon's terms changed.
    /// Reads first: the write lock is taken only when something must change, so many CLI processes
    /// starting at once (200 parents registering) do not queue behind each other here.
    public func prepareSearch(lexicon: Lexicon) async throws {
        if try await writer.read({ db in try SearchIndex.isPrepared(db, lexicon: lexicon) }) { return }
        try await writer.write { db in _ = try SearchIndex.prepare(db, lexicon: lexicon) }
    }

    /// Makes the stored index readable with the lexicon it was built with (no lexicon files needed).
    /// Returns false when there is no index yet.
    @discardableResult
    public func prepareStoredSearch() async throws -> Bool {
        let ready = try await writer.read { db in
            try SearchIndex.registerStoredAnalyzer(db) != nil && SearchIndex.vocabulariesExist(db)
        }
        if ready { return true }
        return try await writer.write { db in
            guard try SearchIndex.registerStoredAnalyzer(db) != nil else { return false }
            try SearchIndex.createVocabularies(db)
            return true
        }
    }

    /// Upserts search documents in transactions of `batchSize`; `progress` gets the count done.
    public func indexDocuments(_ documents: [SearchDocument], batchSize: Int = 2_000, progress: @Sendable (Int) -> Void = { _ in }) async throws {
        var done = 0
        while done < documents.count {
            let batch = Array(documents[done..<min(documents.count, done + batchSize)])
            try await writer.write { db in try SearchIndex.upsert(batch, db) }
            done += batch.count
            progress(done)
        }
    }

    // MARK: - Reads

    /// Runs a search with `analyzer` planning the query (its synonyms and scaffolding); with `reuse`, an
    /// answer given before in the same index generation is given again.
    public func search(_ query: SearchQuery, analyzer: TextAnalyzer, reuse: Bool = false) async throws -> [SearchHit] {
        try await writer.read { db in try SearchEngine.search(query, analyzer: analyzer, reuse: reuse, db) }
    }

    /// The database's data version, read without waiting for a reader: it changes whenever anything is
    /// committed (nil for an in-memory database). A search answer given at one version stands while the
    /// version is the same.
    public func dataVersion() -> Int64? { changes?.version() }

    /// Runs a search with reuse and names the index generation it answered from.
    public func searchWithGeneration(_ query: SearchQuery, analyzer: TextAnalyzer) async throws -> (hits: [SearchHit], generation: String) {
        try await writer.read { db in
            (try SearchEngine.search(query, analyzer: analyzer, reuse: true, db), try SearchEngine.generation(db))
        }
    }

    /// Runs a search synchronously (the batch command's hot loop, the only reader of its process). Not
    /// in a server: a task that blocks waiting for a reader holds one of the few task threads, and two
    /// of them deadlocked the search page under load.
    public func searchNow(_ query: SearchQuery, analyzer: TextAnalyzer) throws -> [SearchHit] {
        try writer.read { db in try SearchEngine.search(query, analyzer: analyzer, db) }
    }

    /// Number of indexed documents.
    public func searchDocumentCount() async throws -> Int {
        try await writer.read { db in try SearchIndex.count(db) }
    }
}
