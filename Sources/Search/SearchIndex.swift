public import ChineseText
public import Foundation
public import GRDB

/// The write side of search: schema, the lexicon snapshot, and document upserts.
///
/// Two FTS5 tables share the rowids of `searchDoc` (external content): `searchWord` (table W, words
/// with colocated sub-words) and `searchGram` (table G, bigrams with colocated unigrams). Colocated
/// tokens do not count towards BM25 document length, and keeping the two analyses in separate tables
/// keeps phrase positions exact in each.
public enum SearchIndex {
    /// Registers the tokenizers on a connection (called from `Configuration.prepareDatabase`).
    public static func registerTokenizers(_ db: Database) {
        db.add(tokenizer: WordTokenizer.self)
        db.add(tokenizer: GramTokenizer.self)
    }

    /// Part of the stored digest: bumping it rebuilds every index whose table layout changed.
    static let schemaVersion = "s5"

    /// Column weights for BM25: title, summary, tags, body.
    static let bm25Weights = "bm25(8.0, 4.0, 4.0, 1.0)"

    /// Creates the base table (a migration calls this once).
    public static func createBaseTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE searchDoc (
                  rowid INTEGER PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  kind TEXT NOT NULL,
                  title TEXT NOT NULL,
                  summary TEXT NOT NULL,
                  tags TEXT NOT NULL,
                  body TEXT NOT NULL,
                  stages TEXT NOT NULL,
                  grades TEXT NOT NULL);
                CREATE INDEX searchDoc_kind ON searchDoc(kind);
                CREATE TABLE searchMeta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
    }

    /// Whether the index is ready for `lexicon` as it is (nothing to write): the same digest, the tables,
    /// the vocabulary views and the instance id. Registers the analyzer; reads only.
    public static func isPrepared(_ db: Database, lexicon: Lexicon) throws -> Bool {
        let digest = AnalyzerRegistry.shared.register(TextAnalyzer(lexicon: lexicon)) + schemaVersion
        return try String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'digest'") == digest
            && vocabulariesExist(db)
    }

    /// Whether the tables, vocabulary views and instance id all exist.
    public static func vocabulariesExist(_ db: Database) throws -> Bool {
        try db.tableExists("searchWord") && db.tableExists("searchWordInstance") && db.tableExists("searchGramInstance")
            && String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'instance'") != nil
    }

    /// Makes sure the FTS tables exist and were built with `lexicon`; rebuilds them when the lexicon
    /// changed. Returns the digest the index uses.
    @discardableResult
    public static func prepare(_ db: Database, lexicon: Lexicon) throws -> String {
        let analyzer = TextAnalyzer(lexicon: lexicon)
        let digest = AnalyzerRegistry.shared.register(analyzer) + schemaVersion
        let stored = try String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'digest'")
        if stored == digest, try db.tableExists("searchWord") {
            try createVocabularies(db)
            return digest
        }
        // Dropping an FTS5 table constructs its tokenizer with the arguments it was created with: when
        // those name a lexicon (or schema) this process does not know, any analyzer serves to drop it.
        if let stored, AnalyzerRegistry.shared.analyzer(digest: stored) == nil {
            AnalyzerRegistry.shared.register(TextAnalyzer(lexicon: Lexicon()), as: stored)
        }
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS searchGramVocab; DROP TABLE IF EXISTS searchWordInstance;
                DROP TABLE IF EXISTS searchGramInstance; DROP TABLE IF EXISTS searchWord; DROP TABLE IF EXISTS searchGram
                """)
        // W keeps which columns a token is in (for field weights); G keeps only which documents hold a
        // gram: positions are never needed because phrase exactness is checked on the folded text, and
        // position-free doclists are several times smaller to read.
        for (table, tokenizer, detail) in [("searchWord", "xq_word", "column"), ("searchGram", "xq_gram", "column")] {
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE \(table) USING fts5(
                      title, summary, tags, body,
                      content='searchDoc', content_rowid='rowid', detail='\(detail)',
                      tokenize='\(tokenizer) \(digest)')
                    """)
            try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES('rank', ?)", arguments: [bm25Weights])
            try db.execute(sql: "INSERT INTO \(table)(\(table)) VALUES('rebuild')")
        }
        try createVocabularies(db)
        try ResidentIndex.bumpGeneration(db)
        let snapshot = try JSONEncoder().encode(
            LexiconSnapshot(terms: lexicon.terms.sorted(), synonymSets: lexicon.synonymSets, scaffolding: lexicon.scaffolding.sorted()))
        try db.execute(
            sql: "INSERT OR REPLACE INTO searchMeta (key, value) VALUES ('digest', ?), ('lexicon', ?)",
            arguments: [digest, String(decoding: snapshot, as: UTF8.self)])
        return digest
    }

    /// The vocabulary views the read side uses: `instance`, for postings (read once per token into the
    /// resident index), and a random instance id that tells databases
    /// apart in the resident cache.
    public static func createVocabularies(_ db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS searchGramVocab")
        for table in ["searchWord", "searchGram"] where try !db.tableExists("\(table)Instance") {
            try db.execute(sql: "CREATE VIRTUAL TABLE \(table)Instance USING fts5vocab(\(table), 'instance')")
        }
        try db.execute(
            sql: "INSERT OR IGNORE INTO searchMeta (key, value) VALUES ('instance', ?)", arguments: [UUID().uuidString])
    }

    /// Registers the analyzer the stored index was built with (from its snapshot), so any process can
    /// read the index whatever its own lexicon files say. Returns nil when no index exists yet.
    public static func registerStoredAnalyzer(_ db: Database) throws -> String? {
        guard let digest = try String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'digest'") else {
            return nil
        }
        if AnalyzerRegistry.shared.analyzer(digest: digest) != nil { return digest }
        guard digest.hasSuffix(schemaVersion) else { return nil }
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM searchMeta WHERE key = 'lexicon'"),
            let snapshot = try? JSONDecoder().decode(LexiconSnapshot.self, from: Data(json.utf8))
        else { return nil }
        let lexicon = Lexicon(terms: snapshot.terms, synonymSets: snapshot.synonymSets, scaffolding: snapshot.scaffolding)
        let analyzer = TextAnalyzer(lexicon: lexicon)
        guard lexicon.segmentationDigest + schemaVersion == digest else { return nil }
        AnalyzerRegistry.shared.register(analyzer, as: digest)
        return digest
    }

    struct LexiconSnapshot: Codable {
        var terms: [String]
        var synonymSets: [[String]]
        var scaffolding: [String]
    }

    // MARK: - Writes

    /// Inserts or replaces documents by id (call inside a write transaction).
    public static func upsert(_ documents: [SearchDocument], _ db: Database) throws {
        guard !documents.isEmpty else { return }
        try ResidentIndex.bumpGeneration(db)
        let select = try db.cachedStatement(sql: "SELECT rowid, title, summary, tags, body FROM searchDoc WHERE id = ?")
        let insertDoc = try db.cachedStatement(
            sql: "INSERT INTO searchDoc (id, kind, title, summary, tags, body, stages, grades) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        let updateDoc = try db.cachedStatement(
            sql: "UPDATE searchDoc SET kind = ?, title = ?, summary = ?, tags = ?, body = ?, stages = ?, grades = ? WHERE rowid = ?")
        let insertWord = try db.cachedStatement(sql: "INSERT INTO searchWord(rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)")
        let insertGram = try db.cachedStatement(sql: "INSERT INTO searchGram(rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)")
        let deleteWord = try db.cachedStatement(
            sql: "INSERT INTO searchWord(searchWord, rowid, title, summary, tags, body) VALUES ('delete', ?, ?, ?, ?, ?)")
        let deleteGram = try db.cachedStatement(
            sql: "INSERT INTO searchGram(searchGram, rowid, title, summary, tags, body) VALUES ('delete', ?, ?, ?, ?, ?)")
        for document in documents {
            let tags = document.tags.joined(separator: " ")
            let stages = document.stages.isEmpty ? "" : "," + document.stages.joined(separator: ",") + ","
            let grades = document.grades.isEmpty ? "" : "," + document.grades.map(String.init).joined(separator: ",") + ","
            let rowid: Int64
            if let old = try Row.fetchOne(select, arguments: [document.id]) {
                rowid = old["rowid"]
                let oldValues: StatementArguments = [rowid, old["title"], old["summary"], old["tags"], old["body"]]
                if old["title"] == document.title && old["summary"] == document.summary && old["tags"] == tags
                    && old["body"] == document.body
                {
                    try updateDoc.execute(arguments: [
                        document.kind, document.title, document.summary, tags, document.body, stages, grades, rowid,
                    ])
                    continue
                }
                try deleteWord.execute(arguments: oldValues)
                try deleteGram.execute(arguments: oldValues)
                try updateDoc.execute(arguments: [
                    document.kind, document.title, document.summary, tags, document.body, stages, grades, rowid,
                ])
            } else {
                try insertDoc.execute(arguments: [
                    document.id, document.kind, document.title, document.summary, tags, document.body, stages, grades,
                ])
                rowid = db.lastInsertedRowID
            }
            let values: StatementArguments = [rowid, document.title, document.summary, tags, document.body]
            try insertWord.execute(arguments: values)
            try insertGram.execute(arguments: values)
        }
    }

    /// Removes documents by id (call inside a write transaction).
    public static func delete(ids: [String], _ db: Database) throws {
        guard !ids.isEmpty else { return }
        try ResidentIndex.bumpGeneration(db)
        for id in ids {
            guard let old = try Row.fetchOne(db, sql: "SELECT rowid, title, summary, tags, body FROM searchDoc WHERE id = ?", arguments: [id])
            else { continue }
            let values: StatementArguments = [old["rowid"], old["title"], old["summary"], old["tags"], old["body"]]
            try db.execute(sql: "INSERT INTO searchWord(searchWord, rowid, title, summary, tags, body) VALUES ('delete', ?, ?, ?, ?, ?)", arguments: values)
            try db.execute(sql: "INSERT INTO searchGram(searchGram, rowid, title, summary, tags, body) VALUES ('delete', ?, ?, ?, ?, ?)", arguments: values)
            try db.execute(sql: "DELETE FROM searchDoc WHERE rowid = ?", arguments: [old["rowid"]])
        }
    }

    /// Number of indexed documents.
    public static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM searchDoc") ?? 0
    }
}
