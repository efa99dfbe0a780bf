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
    public func search(_ query: SearchQuery, reuse: Bool = false) async throws -> [SearchHit] {
        try await database.search(query, analyzer: analyzer, reuse: reuse)
    }

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
