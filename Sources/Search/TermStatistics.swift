import ChineseText
import Foundation
import GRDB

/// Inverse document frequencies of query concepts, from the FTS5 vocabulary of table G.
///
/// Coverage weighs each concept by how rare it is, so a question that shares only 孩子 with a document
/// does not look as good as one that shares 医保. Document frequencies are cached per index and size.
enum TermStatistics {
    private static let cache = DocumentFrequencyCache()

    /// IDF of each concept, and of each of its parts.
    struct Weights {
        var concepts: [Double]
        var parts: [[Double]]
    }

    static func weights(for plan: QueryPlan, analyzer: TextAnalyzer, _ db: Database) throws -> Weights {
        guard !plan.concepts.isEmpty else { return Weights(concepts: [], parts: []) }
        let total = try documentCount(db)
        guard total > 0 else {
            return Weights(concepts: plan.concepts.map { _ in 1 }, parts: plan.concepts.map { $0.parts.map { _ in 1 } })
        }
        return Weights(
            concepts: try plan.concepts.map { try idf($0.text, analyzer: analyzer, total: total, db) },
            parts: try plan.concepts.map { try $0.parts.map { try idf($0, analyzer: analyzer, total: total, db) } })
    }

    /// The IDF of a term found in 1 document in 50: terms below it are "common".
    static func commonIDF(_ db: Database) -> Double {
        let total = Double((try? documentCount(db)) ?? 0)
        guard total >= 200 else { return 0 }
        let frequency = total / 50
        return log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    }

    /// IDF of one term: its rarest gram bounds its document frequency from above.
    static func idf(_ text: String, analyzer: TextAnalyzer, _ db: Database) throws -> Double {
        try idf(text, analyzer: analyzer, total: try documentCount(db), db)
    }

    private static func idf(_ text: String, analyzer: TextAnalyzer, total: Int64, _ db: Database) throws -> Double {
        guard total > 0 else { return 0 }
        var frequency = Double(total)
        for gram in analyzer.grams(text, forQuery: true).map(\.text) {
            frequency = min(frequency, Double(try documentFrequency(gram, total: total, db)))
        }
        return log(1 + (Double(total) - frequency + 0.5) / (frequency + 0.5))
    }

    /// The number of indexed documents (the largest rowid: a b-tree seek, not a count).
    private static func documentCount(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(rowid) FROM searchDoc")) ?? 0
    }

    private static func documentFrequency(_ gram: String, total: Int64, _ db: Database) throws -> Int64 {
        let key = "\(db.configuration.label ?? "")|\(total)|\(gram)"
        if let cached = cache.get(key) { return cached }
        let value = try Int64.fetchOne(db, sql: "SELECT doc FROM searchGramVocab WHERE term = ?", arguments: [gram]) ?? 0
        cache.set(key, value)
        return value
    }
}

final class DocumentFrequencyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int64] = [:]

    func get(_ key: String) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    func set(_ key: String, _ value: Int64) {
        lock.lock()
        if values.count > 100_000 { values.removeAll() }
        values[key] = value
        lock.unlock()
    }
}
