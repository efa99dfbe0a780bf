import ChineseText
import Foundation
import GRDB
import GRDBSQLite

/// One token's postings in one table: documents in rowid order, the column-weighted frequency in each
/// (title 8, summary 4, tags 4, body 1, as BM25 weighs them) and which fields hold it.
final class Postings: Sendable {
    let documents: [UInt32]
    let frequencies: [Float]
    /// Bit 0 title, 1 summary, 2 tags, 3 body.
    let fields: [UInt8]

    init(documents: [UInt32], frequencies: [Float], fields: [UInt8]) {
        self.documents = documents
        self.frequencies = frequencies
        self.fields = fields
    }

    static let empty = Postings(documents: [], frequencies: [], fields: [])

    var count: Int { documents.count }

    /// The fields holding the token in `document`, 0 when it is absent (branch-free binary search).
    @inline(__always)
    func fields(of document: UInt32) -> UInt8 {
        documents.withUnsafeBufferPointer { documents in
            var count = documents.count
            guard count > 0 else { return 0 }
            var base = 0
            while count > 1 {
                let half = count >> 1
                base = documents[base + half] <= document ? base + half : base
                count -= half
            }
            return documents[base] == document ? fields.withUnsafeBufferPointer { $0[base] } : 0
        }
    }
}

/// The read side's working set: document lengths and the postings of tokens queried so far, read from
/// the FTS5 tables once and kept in memory while the index is unchanged.
///
/// FTS5 stays the durable index (transactions, incremental updates, crash safety); scoring runs here,
/// over arrays, because evaluating an OR of a dozen terms through FTS5's `bm25()` and its cursors costs
/// a millisecond where arithmetic over cached postings costs microseconds. Every write to the index
/// bumps a generation number in `searchMeta`, and a new generation starts from an empty cache, so an
/// edited document is searchable at once. The BM25 here is FTS5's own formula (k1 1.2, b 0.75, column
/// weights, colocated tokens not counted in the length), so both paths rank alike.
final class ResidentIndex: @unchecked Sendable {
    enum Table: Int {
        case word = 0
        case gram = 1

        var name: String { self == .word ? "searchWord" : "searchGram" }
    }

    /// Column weights in column order: title, summary, tags, body.
    static let columnWeights: [Float] = [8, 4, 4, 1]
    /// Postings kept before the cache starts over (about 9 bytes each).
    static let cacheLimit = 40_000_000

    let key: String
    /// The lexicon digest the index was built with (its tokenizer argument).
    let digest: String
    /// Documents in the index.
    let documentCount: Int
    /// One past the largest rowid.
    let rowidBound: Int
    /// Token counts (colocated tokens excluded) per table, indexed by rowid.
    private let lengths: [[Float]]
    private let averageLengths: [Float]
    /// Each row's kind, as an index into `kindNames`.
    private let kindCodes: [UInt8]
    private let kindNames: [String]

    private let lock = NSLock()
    private var cache: [[ByteKey: Postings]] = [[:], [:]]
    private var cachedPostings = 0
    private var scratchPool: [Scratch] = []
    /// Whole answers of this generation (only for callers that ask for them, see `AnswerCache`).
    let answers = AnswerCache()

    private init(key: String, _ db: Database) throws {
        self.key = key
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        digest = parts.count >= 3 ? String(parts[parts.count - 2]) : ""
        var lengths: [[Float]] = []
        var averages: [Float] = []
        var count = 0
        let bound = Int(try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM searchDoc") ?? 0) + 1
        for table in [Table.word, .gram] {
            var sizes = [Float](repeating: 0, count: bound)
            var total = 0.0
            var rows = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, sz FROM \(table.name)_docsize")
            while let row = try cursor.next() {
                let rowid: Int64 = row[0]
                guard rowid >= 0, rowid < bound else { continue }
                let blob: Data? = row[1]
                let size = Self.sumOfVarints(blob ?? Data())
                sizes[Int(rowid)] = Float(size)
                total += Double(size)
                rows += 1
            }
            lengths.append(sizes)
            averages.append(rows > 0 ? Float(max(total / Double(rows), 1e-9)) : 1)
            count = rows
        }
        self.lengths = lengths
        self.averageLengths = averages
        var codes = [UInt8](repeating: 0, count: bound)
        var names = [""]
        var known: [String: UInt8] = ["": 0]
        let kinds = try Row.fetchCursor(db, sql: "SELECT rowid, kind FROM searchDoc")
        while let row = try kinds.next() {
            let rowid: Int64 = row[0]
            let kind: String = row[1]
            guard rowid >= 0, rowid < bound else { continue }
            if let code = known[kind] {
                codes[Int(rowid)] = code
            } else if names.count < 255 {
                known[kind] = UInt8(names.count)
                codes[Int(rowid)] = UInt8(names.count)
                names.append(kind)
            }
        }
        self.kindCodes = codes
        self.kindNames = names
        self.documentCount = count
        self.rowidBound = bound
    }

    /// Sums the varints of an FTS5 docsize record (one per column).
    static func sumOfVarints(_ data: Data) -> Int {
        var total = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var index = 0
            while index < bytes.count {
                var value = 0
                var read = 0
                while index < bytes.count {
                    let byte = Int(bytes[index])
                    index += 1
                    read += 1
                    if read == 9 {
                        value = (value << 8) | byte
                        break
                    }
                    value = (value << 7) | (byte & 0x7F)
                    if byte & 0x80 == 0 { break }
                }
                total += value
            }
        }
        return total
    }

    /// The kind of a row ("" when unknown).
    func kind(of rowid: Int64) -> String {
        rowid >= 0 && rowid < kindCodes.count ? kindNames[Int(kindCodes[Int(rowid)])] : ""
    }

    // MARK: - Registry

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [(key: String, index: ResidentIndex)] = []

    /// What a connection last read: the data version of its snapshot, and the index the stamp named.
    private final class ConnectionStamp {
        weak var connection: Database?
        let version: UInt32
        weak var index: ResidentIndex?

        init(_ connection: Database, version: UInt32, index: ResidentIndex) {
            self.connection = connection
            self.version = version
            self.index = index
        }
    }

    nonisolated(unsafe) private static var stamps: [ObjectIdentifier: ConnectionStamp] = [:]

    /// The data version of the connection's snapshot, when it is inside a read transaction with no
    /// writes of its own. SQLite changes it whenever the file's content changes, by this connection or
    /// any other; while it is unchanged the stamp read last on this connection still holds, so a search
    /// that finds everything resident runs no statement of its own.
    private static func readVersion(_ db: Database) -> UInt32? {
        guard let connection = db.sqliteConnection, sqlite3_txn_state(connection, "main") == SQLITE_TXN_READ else { return nil }
        var version: UInt32 = 0
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK else { return nil }
        return version
    }

    /// The resident index for the database's current generation (call inside a read transaction).
    static func current(_ db: Database) throws -> ResidentIndex {
        let version = readVersion(db)
        if let version {
            registryLock.lock()
            if let stamp = stamps[ObjectIdentifier(db)], stamp.connection === db, stamp.version == version, let index = stamp.index {
                registryLock.unlock()
                return index
            }
            registryLock.unlock()
        }
        let index = try stamped(db)
        if let version {
            registryLock.lock()
            stamps = stamps.filter { $0.value.connection != nil && $0.value.index != nil }
            stamps[ObjectIdentifier(db)] = ConnectionStamp(db, version: version, index: index)
            registryLock.unlock()
        }
        return index
    }

    /// The resident index named by the stamp in `searchMeta`.
    private static func stamped(_ db: Database) throws -> ResidentIndex {
        // One string: instance id, digest and generation (a rebuild for a new lexicon also bumps it).
        let stamp = try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce((SELECT value FROM searchMeta WHERE key = 'instance'), '')
                      || '|' || coalesce((SELECT value FROM searchMeta WHERE key = 'digest'), '')
                      || '|' || coalesce((SELECT value FROM searchMeta WHERE key = 'generation'), '0')
                    """)) ?? "||0"
        // Without an instance id (an index older than it) the connection stands in for the database.
        let key = stamp.hasPrefix("|") ? db.description + stamp : stamp
        registryLock.lock()
        if let found = registry.first(where: { $0.key == key }) {
            registryLock.unlock()
            return found.index
        }
        registryLock.unlock()
        let index = try ResidentIndex(key: key, db)
        registryLock.lock()
        defer { registryLock.unlock() }
        if let found = registry.first(where: { $0.key == key }) { return found.index }
        registry.append((key, index))
        // A few databases at once (tests, a server and its tools); older generations are dropped.
        let instance = key.split(separator: "|").first ?? ""
        registry.removeAll { $0.key != key && $0.key.split(separator: "|").first == instance }
        if registry.count > 8 { registry.removeFirst(registry.count - 8) }
        return index
    }

    /// Marks the index changed: the next read starts a new generation (call inside the write).
    static func bumpGeneration(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO searchMeta (key, value) VALUES ('generation', '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
                """)
    }

    // MARK: - Terms

    /// What the read side needs of a query term, computed once per index generation: its folded
    /// scalars, its bigram tokens and their postings (rarest first), and so its document frequency
    /// bound (that of its rarest bigram).
    final class Term: Sendable {
        let scalars: [UInt32]
        let grams: [String]
        let postings: [Postings]
        let frequency: Int
        /// The documents holding every bigram, with the fields holding all of them (none empty), and
        /// no frequencies: whether a document may hold the term is one lookup here.
        let presence: Postings

        init(scalars: [UInt32], grams: [String], postings: [Postings], frequency: Int) {
            self.scalars = scalars
            self.grams = grams
            self.postings = postings
            self.frequency = frequency
            presence = Self.intersection(postings)
        }

        /// The documents in every list, and the fields where all lists meet (0 leaves a document out).
        static func intersection(_ lists: [Postings]) -> Postings {
            guard lists.count > 1 else { return lists.first ?? .empty }
            let ordered = lists.sorted { $0.count < $1.count }
            var documents: [UInt32] = []
            var fields: [UInt8] = []
            var cursors = [Int](repeating: 0, count: ordered.count)
            for (position, document) in ordered[0].documents.enumerated() {
                var mask: UInt8 = 0x0F & ordered[0].fields[position]
                for list in 1..<ordered.count where mask != 0 {
                    mask &= ResidentIndex.gallop(ordered[list].documents, to: document, from: &cursors[list])
                        ? ordered[list].fields[cursors[list]] : 0
                }
                if mask != 0 {
                    documents.append(document)
                    fields.append(mask)
                }
            }
            return Postings(documents: documents, frequencies: [], fields: fields)
        }
    }

    private var terms: [ByteKey: Term] = [:]
    private var wordTokens: [ByteKey: [String]] = [:]

    /// The term's gram analysis and postings under the index's analyzer.
    func term(_ text: String, analyzer: TextAnalyzer, _ db: Database) throws -> Term {
        lock.lock()
        let key = ByteKey(text)
        if let found = terms[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        var grams: [String] = []
        for gram in analyzer.grams(text, forQuery: true) where !grams.contains(gram.text) { grams.append(gram.text) }
        let postings = try grams.map { try self.postings($0, in: .gram, db) }.sorted { $0.count < $1.count }
        let term = Term(
            scalars: FoldedText(text).scalars, grams: grams, postings: postings,
            frequency: postings.first?.count ?? documentCount)
        lock.lock()
        if terms.count > 200_000 { terms.removeAll() }
        terms[key] = term
        lock.unlock()
        return term
    }

    /// The term's word tokens (colocated sub-words left out) under the index's analyzer.
    func words(_ text: String, analyzer: TextAnalyzer) -> [String] {
        lock.lock()
        let key = ByteKey(text)
        if let found = wordTokens[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        var tokens: [String] = []
        for token in analyzer.words(text) where !token.colocated && !tokens.contains(token.text) { tokens.append(token.text) }
        lock.lock()
        if wordTokens.count > 200_000 { wordTokens.removeAll() }
        wordTokens[key] = tokens
        lock.unlock()
        return tokens
    }

    // MARK: - Queries

    private var resolved: [ByteKey: (analyzer: TextAnalyzer, query: ResolvedQuery)] = [:]
    /// Resolved queries kept (a few kilobytes each) before the table starts over.
    static let resolvedLimit = 4_096

    /// The plan of `text` (made by `analyzer`) resolved against this generation, once per text.
    func resolve(_ text: String, plan: QueryPlan, analyzer: TextAnalyzer, _ db: Database) throws -> ResolvedQuery {
        let key = ByteKey(text)
        lock.lock()
        if let found = resolved[key], found.analyzer === analyzer {
            lock.unlock()
            return found.query
        }
        lock.unlock()
        // The index is read with the analyzer it was built with, whatever lexicon plans the query.
        let index = AnalyzerRegistry.shared.analyzer(digest: digest) ?? analyzer
        // The domain's generic words that are its terms too mark the texts of the domain (`inDomain`).
        let domain = analyzer.lexicon.generic.intersection(analyzer.lexicon.domainTerms).sorted()
        let query = try ResolvedQuery(plan: plan, domain: domain, resident: self, analyzer: index, db)
        lock.lock()
        if resolved.count >= Self.resolvedLimit { resolved.removeAll() }
        resolved[key] = (analyzer, query)
        lock.unlock()
        return query
    }

    // MARK: - Documents

    /// A document read from the store with its fields folded once: the text checks of coverage and
    /// phrases, explanations and snippets all work on the folded fields.
    final class ShownDocument: Sendable {
        let document: SearchEngine.StoredDocument
        let folded: FoldedFields
        /// The snippet's field (body, or summary when the body is empty), as written and folded.
        let snippetText: String
        var snippetFolded: FoldedText { document.body.isEmpty ? folded.summary : folded.body }

        init(_ document: SearchEngine.StoredDocument) {
            self.document = document
            folded = FoldedFields(document)
            snippetText = document.body.isEmpty ? document.summary : document.body
        }
    }

    private var shown: [Int64: ShownDocument] = [:]
    static let shownLimit = 20_000

    /// A document to show or to check on its text, read once per generation: the same answers come up
    /// again and again, as a search engine's document store cache knows.
    func document(_ rowid: Int64, _ db: Database) throws -> ShownDocument? {
        lock.lock()
        if let found = shown[rowid] {
            lock.unlock()
            return found
        }
        lock.unlock()
        guard let document = try SearchEngine.fetchDocument(rowid, db) else { return nil }
        let entry = ShownDocument(document)
        lock.lock()
        if shown.count >= Self.shownLimit { shown.removeAll(keepingCapacity: true) }
        shown[rowid] = entry
        lock.unlock()
        return entry
    }

    // MARK: - Postings

    /// The postings of `token` in `table`, read through the table's `instance` vocabulary on first use.
    func postings(_ token: String, in table: Table, _ db: Database) throws -> Postings {
        lock.lock()
        let key = ByteKey(token)
        if let found = cache[table.rawValue][key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        var documents: [UInt32] = []
        var frequencies: [Float] = []
        var fields: [UInt8] = []
        let statement = try db.cachedStatement(sql: "SELECT doc, col FROM \(table.name)Instance WHERE term = ?")
        let cursor = try Row.fetchCursor(statement, arguments: [token])
        var sorted = true
        while let row = try cursor.next() {
            let rowid: Int64 = row[0]
            guard rowid >= 0, rowid < Int64(UInt32.max) else { continue }
            let document = UInt32(rowid)
            let name: String? = row[1]
            let column = Self.columnIndex(name ?? "")
            if let last = documents.last, last == document {
                frequencies[frequencies.count - 1] += Self.columnWeights[column]
                fields[fields.count - 1] |= 1 << UInt8(column)
            } else {
                if let last = documents.last, last > document { sorted = false }
                documents.append(document)
                frequencies.append(Self.columnWeights[column])
                fields.append(1 << UInt8(column))
            }
        }
        var postings = Postings(documents: documents, frequencies: frequencies, fields: fields)
        if !sorted { postings = Self.merged(postings) }
        lock.lock()
        if cachedPostings + postings.count > Self.cacheLimit {
            cache = [[:], [:]]
            cachedPostings = 0
        }
        cache[table.rawValue][key] = postings
        cachedPostings += postings.count
        lock.unlock()
        return postings
    }

    private static func columnIndex(_ name: String) -> Int {
        switch name {
        case "title": 0
        case "summary": 1
        case "tags": 2
        default: 3
        }
    }

    /// Sorts postings by document and merges repeated documents.
    private static func merged(_ postings: Postings) -> Postings {
        let order = postings.documents.indices.sorted { postings.documents[$0] < postings.documents[$1] }
        var documents: [UInt32] = []
        var frequencies: [Float] = []
        var fields: [UInt8] = []
        for index in order {
            if documents.last == postings.documents[index] {
                frequencies[frequencies.count - 1] += postings.frequencies[index]
                fields[fields.count - 1] |= postings.fields[index]
            } else {
                documents.append(postings.documents[index])
                frequencies.append(postings.frequencies[index])
                fields.append(postings.fields[index])
            }
        }
        return Postings(documents: documents, frequencies: frequencies, fields: fields)
    }

    /// FTS5's IDF: log((N − n + 0.5) / (n + 0.5)), at least 1e-6.
    func idf(documentFrequency n: Int) -> Float {
        let value = log((Double(documentCount) - Double(n) + 0.5) / (Double(n) + 0.5))
        return value > 0 ? Float(value) : 1e-6
    }

    // MARK: - Ranking

    /// Per-query accumulators over all rowids, reset through the list of touched rows after use. The
    /// buffers are allocated once, so the ranking loops write through them without copy-on-write or
    /// exclusivity checks.
    final class Scratch {
        let scores: UnsafeMutableBufferPointer<Float>
        /// 1 for a document matching some group.
        let matched: UnsafeMutableBufferPointer<UInt8>
        var touched: [UInt32] = []
        /// A search's candidates by row: 1 + the candidate's index, 0 for none (see `SearchEngine`).
        let slots: UnsafeMutableBufferPointer<Int32>
        var slotted: [UInt32] = []

        init(bound: Int) {
            scores = .allocate(capacity: bound)
            scores.initialize(repeating: 0)
            matched = .allocate(capacity: bound)
            matched.initialize(repeating: 0)
            slots = .allocate(capacity: bound)
            slots.initialize(repeating: 0)
        }

        deinit {
            scores.deallocate()
            matched.deallocate()
            slots.deallocate()
        }

        func reset() {
            for row in touched {
                scores[Int(row)] = 0
                matched[Int(row)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            for row in slotted { slots[Int(row)] = 0 }
            slotted.removeAll(keepingCapacity: true)
        }
    }

    /// Per-query arrays over all rowids, from a pool; give them back with `returnScratch`.
    func takeScratch() -> Scratch {
        lock.lock()
        let scratch = scratchPool.popLast()
        lock.unlock()
        return scratch ?? Scratch(bound: rowidBound)
    }

    func returnScratch(_ scratch: Scratch) {
        scratch.reset()
        lock.lock()
        if scratchPool.count < 8 { scratchPool.append(scratch) }
        lock.unlock()
    }

    /// An OR of AND groups resolved against the index once (see `rank`): the distinct tokens (at most
    /// 64, one mask bit each) in first-seen order with their postings, each token's BM25 weight (IDF
    /// times the summed weights of the groups naming it), and each group as a mask over the tokens,
    /// its members rarest first. A search keeps these with its resolved query, so answering it again
    /// touches no string.
    struct RankQuery: Sendable {
        let table: Table
        var lists: [Postings] = []
        var weights: [Float] = []
        var groupMasks: [UInt64] = []
        /// Each group's tokens by ascending document count (the first drives the intersection).
        var groupMembers: [[Int]] = []

        init(table: Table) { self.table = table }

        var isEmpty: Bool { groupMasks.isEmpty }
    }

    /// Resolves `groups` (with optional per-group `weights`) in `table` into a `RankQuery`.
    func prepare(groups: [[String]], weights: [Float]? = nil, in table: Table, _ db: Database) throws -> RankQuery {
        var tokens: [String] = []
        // Token → its index, with `String`'s own equality (canonical equivalence), hashed not scanned.
        var indices: [String: Int] = [:]
        var multiplicity: [Float] = []
        var query = RankQuery(table: table)
        for (groupIndex, group) in groups.enumerated() {
            let groupWeight = weights?[groupIndex] ?? 1
            var mask: UInt64 = 0
            var complete = true
            for token in group {
                if let index = indices[token] {
                    multiplicity[index] += groupWeight
                    mask |= 1 << UInt64(index)
                } else if tokens.count < 64 {
                    mask |= 1 << UInt64(tokens.count)
                    indices[token] = tokens.count
                    tokens.append(token)
                    multiplicity.append(groupWeight)
                } else {
                    complete = false
                }
            }
            if complete && mask != 0 { query.groupMasks.append(mask) }
        }
        guard !query.groupMasks.isEmpty else { return query }
        let lists = try tokens.map { try postings($0, in: table, db) }
        query.lists = lists
        query.weights = lists.indices.map { idf(documentFrequency: lists[$0].count) * multiplicity[$0] }
        query.groupMembers = query.groupMasks.map { mask in
            (0..<tokens.count).filter { mask & (1 << UInt64($0)) != 0 }.sorted { lists[$0].count < lists[$1].count }
        }
        return query
    }

    /// Ranks the documents matching any group (a group matches when the document holds all its
    /// tokens) by the BM25 sum over every group's tokens, as FTS5's `bm25()` scores `g1 OR g2 …` where
    /// each group is `"t1" AND "t2" …`. Returns at most `limit` rows, best first, scores positive.
    /// A group's `weight` scales its tokens' contributions (1 for all is FTS5's ranking).
    func rank(
        groups: [[String]], weights: [Float]? = nil, in table: Table, limit: Int, allowed: Set<UInt32>?, _ db: Database
    ) throws -> [(rowid: Int64, score: Double)] {
        guard limit > 0 else { return [] }
        return rank(try prepare(groups: groups, weights: weights, in: table, db), limit: limit, allowed: allowed)
    }

    /// Ranks a prepared query (see `rank(groups:…)`); reads nothing from the database.
    func rank(_ query: RankQuery, limit: Int, allowed: Set<UInt32>?) -> [(rowid: Int64, score: Double)] {
        guard !query.groupMasks.isEmpty, limit > 0 else { return [] }
        let lists = query.lists
        let scratch = takeScratch()
        defer { returnScratch(scratch) }
        let matched = scratch.matched
        let scores = scratch.scores
        // The touched list is taken out of the scratch while it grows (and put back for the reset).
        var touched: [UInt32] = []
        swap(&touched, &scratch.touched)
        defer { swap(&touched, &scratch.touched) }

        // 1. The matching documents: each group's rarest token drives, the others are probed with a
        //    galloping cursor, so a common bigram inside a rare term is never walked in full.
        var cursors: [Int] = []
        for members in query.groupMembers {
            guard let driver = members.first, lists[driver].count > 0 else { continue }
            cursors.removeAll(keepingCapacity: true)
            cursors.append(contentsOf: repeatElement(0, count: members.count))
            for document in lists[driver].documents {
                let row = Int(document)
                guard row < matched.count else { continue }
                var inAll = true
                for member in 1..<members.count {
                    let found = Self.gallop(lists[members[member]].documents, to: document, from: &cursors[member])
                    if !found {
                        inAll = false
                        break
                    }
                }
                if inAll && matched[row] == 0 {
                    matched[row] = 1
                    touched.append(document)
                }
            }
        }
        guard !touched.isEmpty else { return [] }

        // 2. BM25 over every token for the matching documents: a short list is walked, a long one is
        //    probed per matching document (which needs them in order).
        let k1: Float = 1.2
        let b: Float = 0.75
        let lengthsOfTable = lengths[query.table.rawValue]
        let average = averageLengths[query.table.rawValue]
        let walkLimit = touched.count * 8
        if lists.contains(where: { $0.count > walkLimit }) { touched.sort() }
        lengthsOfTable.withUnsafeBufferPointer { lengths in
            for (index, list) in lists.enumerated() where list.count > 0 {
                let weight = query.weights[index]
                @inline(__always) func add(_ row: Int, _ frequency: Float) {
                    let norm = k1 * (1 - b + b * lengths[row] / average)
                    scores[row] += weight * frequency * (k1 + 1) / (frequency + norm)
                }
                list.documents.withUnsafeBufferPointer { documents in
                    list.frequencies.withUnsafeBufferPointer { frequencies in
                        if documents.count <= walkLimit {
                            for position in 0..<documents.count {
                                let row = Int(documents[position])
                                if row < matched.count && matched[row] != 0 { add(row, frequencies[position]) }
                            }
                        } else {
                            var cursor = 0
                            for document in touched {
                                if Self.gallop(list.documents, to: document, from: &cursor) {
                                    add(Int(document), frequencies[cursor])
                                }
                            }
                        }
                    }
                }
            }
        }
        var heap = TopK(capacity: limit)
        for row in touched {
            if let allowed, !allowed.contains(row) { continue }
            heap.offer(row: row, score: scores[Int(row)])
        }
        return heap.sorted().map { (Int64($0.row), Double($0.score)) }
    }

    /// Advances `cursor` in the sorted `documents` to the first entry ≥ `target` (exponential, then
    /// binary search) and says whether that entry is `target`.
    @inline(__always)
    static func gallop(_ documents: [UInt32], to target: UInt32, from cursor: inout Int) -> Bool {
        documents.withUnsafeBufferPointer { documents in
            let count = documents.count
            var low = cursor
            guard low < count else { return false }
            if documents[low] >= target { return documents[low] == target }
            var step = 1
            var high = low + 1
            while high < count && documents[high] < target {
                low = high
                step <<= 1
                high = low + step
            }
            high = min(high, count)
            // documents[low] < target, and documents[high] ≥ target or high == count.
            var left = low + 1
            var right = high
            while left < right {
                let middle = (left + right) >> 1
                if documents[middle] < target { left = middle + 1 } else { right = middle }
            }
            cursor = left
            return left < count && documents[left] == target
        }
    }
}

/// The best `capacity` rows by score (ties: lower rowid first), kept in a min-heap.
///
/// Each entry is one integer ordered as the ranking is: the score's bits (mapped so that integer order
/// is float order) above the complement of the row, so comparing two entries is one comparison.
struct TopK {
    let capacity: Int
    private var heap: [UInt64] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(min(capacity, 1024))
    }

    /// The entry's key: greater means better (higher score, then lower row).
    @inline(__always)
    static func key(row: UInt32, score: Float) -> UInt64 {
        // -0 and +0 are equal scores; IEEE bits are ordered by magnitude, negative ones reversed.
        let bits = (score == 0 ? Float(0) : score).bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(ordered) << 32 | UInt64(~row)
    }

    mutating func offer(row: UInt32, score: Float) {
        let entry = Self.key(row: row, score: score)
        if heap.count < capacity {
            heap.append(entry)
            heap.withUnsafeMutableBufferPointer { heap in
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard heap[child] < heap[parent] else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            }
        } else if let minimum = heap.first, minimum < entry {
            heap.withUnsafeMutableBufferPointer { heap in
                heap[0] = entry
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    let right = left + 1
                    var smallest = parent
                    if left < heap.count && heap[left] < heap[smallest] { smallest = left }
                    if right < heap.count && heap[right] < heap[smallest] { smallest = right }
                    guard smallest != parent else { break }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
        }
    }

    /// The rows best first, with their scores.
    func sorted() -> [(row: UInt32, score: Float)] {
        heap.sorted().reversed().map { key in
            let ordered = UInt32(truncatingIfNeeded: key >> 32)
            let bits = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
            return (row: ~UInt32(truncatingIfNeeded: key), score: Float(bitPattern: bits))
        }
    }
}

/// A dictionary key over a string's UTF-8 bytes: hashing and comparing bytes skips the Unicode
/// normalisation `String` does for every hash, and the texts here are already folded (NFKC). The
/// string itself is kept (its bytes are contiguous), so making a key allocates nothing.
struct ByteKey: Hashable {
    private let string: String

    init(_ string: String) {
        var contiguous = string
        contiguous.makeContiguousUTF8()
        self.string = contiguous
    }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (left: ByteKey, right: ByteKey) -> Bool {
        var left = left.string
        var right = right.string
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }
}
