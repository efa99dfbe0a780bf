import ChineseText
import Foundation

/// Whole answers of one index generation, for callers that ask the same questions again and again (the
/// server's search page and API: a few popular questions make most of the traffic). It lives on the
/// `ResidentIndex`, so any change to the index, which starts a new generation, starts it empty; and an
/// answer counts only for the analyzer it was planned with (a lexicon reload plans queries anew).
///
/// Not used by `search --batch` or the chat: the benchmarks measure the engine, not this table.
final class AnswerCache: @unchecked Sendable {
    /// Answers kept before the table starts over (20 hits of a few hundred bytes each).
    static let limit = 2_048

    private let lock = NSLock()
    private var answers: [SearchQuery: (analyzer: TextAnalyzer, hits: [SearchHit])] = [:]

    func hits(for query: SearchQuery, analyzer: TextAnalyzer) -> [SearchHit]? {
        lock.lock()
        defer { lock.unlock() }
        guard let found = answers[query], found.analyzer === analyzer else { return nil }
        return found.hits
    }

    func remember(_ hits: [SearchHit], for query: SearchQuery, analyzer: TextAnalyzer) {
        guard query.text.utf8.count <= 1_024 else { return }
        lock.lock()
        defer { lock.unlock() }
        if answers.count >= Self.limit { answers.removeAll(keepingCapacity: true) }
        answers[query] = (analyzer, hits)
    }
}
