public import ChineseText
public import Foundation
public import Search
import Store

/// Search over everything imported, and bulk document import for external material and benchmarks.
///
/// The index is built with the domain terms of `Content/lexicon/terms.txt`; queries are planned with
/// the full lexicon (terms, synonyms, scaffolding), which is re-read when its files change — synonym
/// and scaffolding edits take effect on the next query without reindexing.
public final class SearchService: @unchecked Sendable {
    let database: AppDatabase
    let lexiconDirectory: String?
    private let lock = NSLock()
    private var queryAnalyzer: TextAnalyzer
    private var lexiconStamp: Date?
    private var lastCheck = Date.distantPast

    init(database: AppDatabase, lexiconDirectory: String?) {
        self.database = database
        self.lexiconDirectory = lexiconDirectory
        self.queryAnalyzer = TextAnalyzer(lexicon: Lexicon())
    }

    /// Loads the lexicon and makes sure the index was built with its terms (rebuilding if not). Without
    /// lexicon files, the stored index is used as it was built.
    func prepare() async throws {
        if let lexicon = try loadLexicon() {
            try await database.prepareSearch(lexicon: lexicon.indexLexicon)
            install(lexicon)
        } else if try await database.prepareStoredSearch() == false {
            try await database.prepareSearch(lexicon: Lexicon())
        }
    }

    private func loadLexicon() throws -> Lexicon? {
        guard let lexiconDirectory, FileManager.default.fileExists(atPath: lexiconDirectory) else { return nil }
        return try Lexicon.load(directory: lexiconDirectory)
    }

    @discardableResult
    private func install(_ lexicon: Lexicon) -> TextAnalyzer {
        let analyzer = TextAnalyzer(lexicon: lexicon)
        let stamp = Self.stamp(lexiconDirectory)
        lock.lock()
        queryAnalyzer = analyzer
        lexiconStamp = stamp
        lock.unlock()
        return analyzer
    }

    /// The newest modification time of the lexicon files.
    private static func stamp(_ directory: String?) -> Date? {
        guard let directory else { return nil }
        let names = ["terms.txt", "synonyms.txt", "scaffolding.txt", "related.txt", "generic.txt"]
        return names.compactMap { name in
            try? FileManager.default.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(name))[.modificationDate] as? Date
        }.max()
    }

    /// The analyzer queries are planned with, re-read at most once a second when the files changed.
    var analyzer: TextAnalyzer {
        lock.lock()
        let now = Date()
        let due = now.timeIntervalSince(lastCheck) > 1
        if due { lastCheck = now }
        let current = queryAnalyzer
        let stamp = lexiconStamp
        lock.unlock()
        if due, lexiconDirectory != nil, Self.stamp(lexiconDirectory) != stamp, let lexicon = try? loadLexicon() {
            return install(lexicon)
        }
        return current
    }

    /// Searches the index. With `reuse` (the server's search page and API), an answer given before for
    /// the same query is given again while the index and the lexicon are unchanged; the chat, the CLI
    /// and the benchmarks search afresh.
    ///
    /// Reuse has two levels. The engine keeps answers per index generation (`AnswerCache`), checked in
    /// a read transaction. Before that, this service keeps the answers it gave with the database's data
    /// version at the time: while the version is unchanged nothing was committed anywhere, so the
    /// answer is given without waiting for a reader at all (the hop to a reader queue and back was most
    /// of a popular question's cost under load).
    public func search(_ query: SearchQuery, reuse: Bool = false) async throws -> [SearchHit] {
        let analyzer = analyzer
        guard reuse, let version = database.dataVersion() else { return try await database.search(query, analyzer: analyzer, reuse: reuse) }
        if let hits = given.hits(for: query, analyzer: analyzer, version: version) { return hits }
        let answer = try await database.searchWithGeneration(query, analyzer: analyzer)
        given.remember(answer.hits, for: query, analyzer: analyzer, version: version, generation: answer.generation)
        return answer.hits
    }

    private let given = GivenAnswers()

    /// How a query is understood: its concepts, their synonyms, scaffolding and phrases.
    public func plan(_ text: String) -> QueryPlan { QueryPlan.make(text, analyzer: analyzer) }

    /// Searches synchronously (batch mode only, see `AppDatabase.searchNow`).
    public func searchNow(_ query: SearchQuery) throws -> [SearchHit] {
        try database.searchNow(query, analyzer: analyzer)
    }

    /// The summary of `docs import`.
    public struct DocsImportReport: Equatable, Sendable, Codable {
        public var imported = 0
        public var errors: [String] = []
    }

    /// Imports JSON Lines `{"id","text","title"?,"kind"?,"tags"?}` (other keys ignored) into the index,
    /// idempotent by id. Bad lines are reported as `path:line: message` and skipped.
    public func importDocuments(
        _ data: Data, path: String, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> DocsImportReport {
        var report = DocsImportReport()
        var documents: [SearchDocument] = []
        var seen: [String: Int] = [:]
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let record = try decoder.decode(DocumentLine.self, from: line)
                guard !record.id.isEmpty else { throw DocumentLineError.emptyID }
                if let index = seen[record.id] {
                    documents[index] = record.document
                } else {
                    seen[record.id] = documents.count
                    documents.append(record.document)
                }
            } catch let error as DocumentLineError {
                report.errors.append("\(path):\(lineNumber): \(error.message)")
            } catch DecodingError.keyNotFound(let key, _) {
                report.errors.append("\(path):\(lineNumber): missing field '\(key.stringValue)'")
            } catch DecodingError.typeMismatch(_, let context) {
                report.errors.append("\(path):\(lineNumber): field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
            } catch {
                report.errors.append("\(path):\(lineNumber): not a JSON object")
            }
        }
        let total = documents.count
        // No FTS5 'optimize' afterwards: the resident scorer reads each token's postings once, so the
        // segment count FTS5's automerge leaves barely matters, and merging everything again took 12 %
        // of a 100k import.
        try await database.indexDocuments(documents) { progress($0, total) }
        report.imported = total
        return report
    }

    private enum DocumentLineError: Error {
        case emptyID
        var message: String { "'id' must not be empty" }
    }

    private struct DocumentLine: Decodable {
        var id: String
        var text: String
        var title: String?
        var kind: String?
        var tags: [String]?

        var document: SearchDocument {
            SearchDocument(id: id, kind: kind ?? "doc", title: title ?? "", tags: tags ?? [], body: text)
        }
    }
}

/// Answers the server gave, with the index generation they came from and the data version under which
/// that generation was last seen current. The version is read before the search, so a commit between
/// the two only makes the pair look older than it is: the next request sees a new version and asks the
/// database again.
final class GivenAnswers: @unchecked Sendable {
    static let limit = 2_048
    private let lock = NSLock()
    private var answers: [SearchQuery: (analyzer: TextAnalyzer, generation: String, hits: [SearchHit])] = [:]
    /// The latest data version checked against the index, and the generation current at it.
    private var checked: (version: Int64, generation: String)?

    func hits(for query: SearchQuery, analyzer: TextAnalyzer, version: Int64) -> [SearchHit]? {
        lock.lock()
        defer { lock.unlock() }
        guard let checked, checked.version == version, let found = answers[query], found.analyzer === analyzer,
            found.generation == checked.generation
        else { return nil }
        return found.hits
    }

    func remember(_ hits: [SearchHit], for query: SearchQuery, analyzer: TextAnalyzer, version: Int64, generation: String) {
        lock.lock()
        defer { lock.unlock() }
        if checked?.generation != generation { answers.removeAll(keepingCapacity: true) }
        checked = (version, generation)
        guard query.text.utf8.count <= 1_024 else { return }
        if answers.count >= Self.limit { answers.removeAll(keepingCapacity: true) }
        answers[query] = (analyzer, generation, hits)
    }
}
