import ChineseText
import Foundation

/// Query plans by query text, per analyzer.
///
/// Planning a question (ICU word break, lexicon lookups, synonym and related expansions) costs more
/// than answering the planned query from the resident index, and a search box sees the same questions
/// again and again. A plan depends only on the text and the analyzer's lexicon, so a cached plan never
/// goes stale; an analyzer reloaded with a new lexicon is another analyzer, with plans of its own.
final class PlanCache: @unchecked Sendable {
    static let shared = PlanCache()
    /// Plans kept per analyzer before its table starts over.
    static let limit = 4_096
    /// Analyzers with plans kept (a process has one or two; tests make many).
    static let analyzerLimit = 4

    private let lock = NSLock()
    /// Holding the analyzer keeps its identity from being reused by another.
    private var tables: [(analyzer: TextAnalyzer, plans: [ByteKey: QueryPlan])] = []

    /// The plan of `text` under `analyzer`, made on first use.
    func plan(_ text: String, analyzer: TextAnalyzer) -> QueryPlan {
        let key = ByteKey(text)
        lock.lock()
        if let table = tables.first(where: { $0.analyzer === analyzer }), let plan = table.plans[key] {
            lock.unlock()
            return plan
        }
        lock.unlock()
        let plan = QueryPlan.make(text, analyzer: analyzer)
        lock.lock()
        defer { lock.unlock() }
        if let index = tables.firstIndex(where: { $0.analyzer === analyzer }) {
            if tables[index].plans.count >= Self.limit { tables[index].plans.removeAll() }
            tables[index].plans[key] = plan
        } else {
            tables.append((analyzer, [key: plan]))
            if tables.count > Self.analyzerLimit { tables.removeFirst() }
        }
        return plan
    }
}
