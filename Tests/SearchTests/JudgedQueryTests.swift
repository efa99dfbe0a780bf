import App
import Foundation
import Search
import Testing
import TestSupport

/// The shared corpus's seed passages (`../shared/corpus/seed-passages.jsonl`), when present on this machine.
enum SeedCorpus {
    static let passages = FileManager.default.contents(
        atPath: Repository.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/seed-passages.jsonl").path)
}

/// Ranking quality on the judged query sets, over the 144 seed passages (`../shared/corpus`, when present on this
/// machine): nDCG@10 (grades 1–2) and Recall@10 as `scripts/eval-search.py` computes them. The sets were written
/// blind to the engine; all but the fifth and sixth have since been read (see the script's notes), so their floors
/// guard against regressions, and the fifth's and sixth's — each measured once, never read — are the estimate for
/// unseen queries. The benchmark's setting AB adds 8,330 man-page distractors (BENCHMARKS.md).
@Suite(.enabled(if: SeedCorpus.passages != nil)) struct JudgedQueryTests {

    struct Judged {
        var query: String
        var relevant: [String: Int]
    }

    static func judged(_ url: URL) throws -> [Judged] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Judged(query: try #require(object["query"] as? String), relevant: try #require(object["relevant"] as? [String: Int]))
        }
    }

    static func ndcg(_ relevant: [String: Int], _ ids: [String]) -> Double {
        let gain = { (grade: Int) in Double((1 << grade) - 1) }
        let dcg = ids.prefix(10).enumerated().reduce(0.0) { $0 + gain(relevant[$1.element] ?? 0) / log2(Double($1.offset + 2)) }
        let ideal = relevant.values.sorted(by: >).prefix(10).enumerated().reduce(0.0) { $0 + gain($1.element) / log2(Double($1.offset + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// (file, nDCG@10 floor, R@10 floor): the scores measured on 2026-11-30 on the seed passages, rounded down.
    static let sets: [(String, Double, Double)] = [
        ("../shared/corpus/queries-dev.jsonl", 0.85, 0.85),
        ("queries-heldout.jsonl", 0.84, 0.83),
        ("queries-heldout2.jsonl", 0.75, 0.76),
        ("queries-heldout3.jsonl", 0.84, 0.82),
        ("queries-heldout4.jsonl", 0.76, 0.81),
        // Never read, measured once each with the final system: the estimate (here 0.771 / 0.775 and 0.763 / 0.798; on
        // setting AB 0.765 / 0.764 and 0.745 / 0.783, together 0.755 / 0.774), held at the target or just above it.
        ("queries-heldout5.jsonl", 0.75, 0.75),
        ("queries-heldout6.jsonl", 0.76, 0.79),
    ]

    @Test(arguments: sets.map(\.0)) func judgedSetStaysAtItsFloor(_ name: String) async throws {
        // Given the seed passages imported
        let app = try await App.makeForTesting()
        let passages = try #require(SeedCorpus.passages)
        let report = try await app.search.importDocuments(passages, path: "seed-passages.jsonl")
        #expect(report.errors.isEmpty && report.imported == 144)
        let (_, ndcgFloor, recallFloor) = try #require(Self.sets.first { $0.0 == name })
        let url = name.hasPrefix("../")
            ? Repository.root.appendingPathComponent(name).standardizedFileURL
            : Repository.root.appendingPathComponent("Tests/SearchTests/Fixtures/\(name)")
        let queries = try Self.judged(url)
        // When every query is searched (top 10)
        var ndcgSum = 0.0
        var recallSum = 0.0
        for judged in queries {
            let ids = try await app.search.search(SearchQuery(text: judged.query, limit: 10)).map(\.id)
            ndcgSum += Self.ndcg(judged.relevant, ids)
            recallSum += Double(ids.filter { judged.relevant[$0] != nil }.count) / Double(judged.relevant.count)
        }
        let ndcg = ndcgSum / Double(queries.count)
        let recall = recallSum / Double(queries.count)
        print("\(name): nDCG@10 \(ndcg), R@10 \(recall) over \(queries.count) queries")
        // Then the set scores at least its floor
        #expect(ndcg >= ndcgFloor && recall >= recallFloor, "\(name): nDCG@10 \(ndcg) < \(ndcgFloor) or R@10 \(recall) < \(recallFloor)")
    }
}
