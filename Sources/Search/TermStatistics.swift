import ChineseText
import Foundation
import GRDB

/// Inverse document frequencies of query concepts, from the FTS5 vocabulary of table G.
///
/// Coverage weighs each concept by how rare it is, so a question that shares only 孩子 with a document
/// does not look as good as one that shares 医保. Document frequencies are cached per index and size.
enum TermStatistics {
    private static let cache = DocumentFrequencyCache()

    static func weights(for plan: QueryPlan, analyzer: TextAnalyzer, _ db: Database) throws -> [Double] {
        guard !plan.concepts.isEmpty else { return [] }
        let total = Double(try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM searchDoc") ?? 0)
        guard total > 0 else { return plan.concepts.map { _ in 1 } }
        return try plan.concepts.map { concept in
            // The rarest gram of the concept bounds its document frequency from above.
            let grams = analyzer.grams(concept.text, forQuery: true).map(\.text)
            var frequency = total
            for gram in grams {
                frequency = min(frequency, Double(try documentFrequency(gram, total: Int64(total), db)))
            }
            return log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        }
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
