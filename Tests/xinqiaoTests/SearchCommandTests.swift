import Foundation
import Testing
import TestSupport

/// `xinqiao docs import` and `xinqiao search --batch`, the benchmark's interface, as a real process.
@Suite(.serialized) struct SearchCommandTests {
    private func importedDatabase() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let corpus = directory.appendingPathComponent("docs.jsonl")
        let lines = [
            #"{"id":"p1","doc":"a.txt","text":"孩子有厌学情绪时，家长先倾听，不急着讲道理。"}"#,
            #"{"id":"p2","text":"初中生每天睡眠应达到9小时。","title":"睡眠时间"}"#,
            #"{"id":"p3","text":"心理援助热线12356全天开通。","kind":"faq","tags":["热线"]}"#,
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: corpus)
        let db = directory.appendingPathComponent("x.sqlite").path
        let result = try Executable.run(["docs", "import", "--db", db, corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        return db
    }

    @Test func batchAnswersEveryLineWithOneJSONLine() throws {
        // Given three imported passages
        let db = try importedDatabase()
        // When a batch of queries, including empty, syntax-only and emoji lines, is piped in
        let queries = ["厌学", "", "\" * ^ : ( ) NEAR AND OR NOT -", "😀😀", "睡眠 多少小时", "12356"]
        let result = try Executable.run(["search", "--batch", "--json", "--limit", "5", "--db", db], stdin: queries.joined(separator: "\n") + "\n")
        // Then each gets exactly one JSON line in order, with the documented keys
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == queries.count)
        var hitsByQuery: [String: [String]] = [:]
        for (line, query) in zip(lines, queries) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["query"] as? String == query)
            #expect(object["took_us"] is Int)
            let hits = try #require(object["hits"] as? [[String: Any]])
            for hit in hits {
                #expect(hit["id"] is String && hit["score"] is Double && hit["title"] is String && hit["snippet"] is String)
            }
            hitsByQuery[query] = hits.compactMap { $0["id"] as? String }
        }
        #expect(hitsByQuery["厌学"]?.first == "p1")
        #expect(hitsByQuery["睡眠 多少小时"]?.first == "p2")
        #expect(hitsByQuery["12356"] == ["p3"])
        #expect(hitsByQuery[""] == [])
    }

    @Test func batchFlushesEachAnswerBeforeTheNextQuery() throws {
        // Given a batch process whose input stays open
        let db = try importedDatabase()
        let session = try Executable.Session(["search", "--batch", "--json", "--db", db])
        // When one query is written, then its answer arrives while the input is still open
        session.write(Data("厌学\n".utf8))
        let line = session.readLine()
        #expect(line.hasPrefix(#"{"query":"厌学""#), "\(line)")
        #expect(line.contains(#""id":"p1""#))
        #expect(try session.finish().status == 0)
    }
}
