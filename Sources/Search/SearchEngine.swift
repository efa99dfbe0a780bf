public import ChineseText
import Foundation
public import GRDB

/// The read side of search: candidate retrieval from tables W and G, fusion, coverage, snippets.
///
/// Retrieval runs up to three ORs over the resident index (FTS5's postings, scored with its BM25):
/// literal words on W, the rarest expansions (synonyms, parts, related words) as bigram phrases on G,
/// and the concepts as bigram phrases on G (which also finds sub-word and one-character matches).
/// Scores are normalised per list and fused with fixed weights (literal > synonym > bigram), then a
/// coverage feature — the share of the query's terms a document holds, read from the postings or, where
/// bigrams cannot tell, its folded text — rewards documents that answer the whole question rather than
/// repeat one word. Quoted phrases are exact: a result's folded text must contain each. The plan and its
/// resolution against the index are cached (`PlanCache`, `ResolvedQuery`), so a repeated question only
/// ranks, covers and cuts snippets.
public enum SearchEngine {
    static let listDepth = 60
    static let phraseCandidateLimit = 5_000

    /// Runs a query. Call inside a read transaction. With `reuse`, an answer given before for the same
    /// query in the same index generation is given again (`AnswerCache`; the server's pages and API).
    public static func search(_ query: SearchQuery, analyzer: TextAnalyzer, reuse: Bool = false, _ db: Database) throws -> [SearchHit] {
        let limit = min(max(query.limit, 0), SearchQuery.maxLimit)
        guard limit > 0 else { return [] }
        let resident = try ResidentIndex.current(db)
        if reuse, let hits = resident.answers.hits(for: query, analyzer: analyzer) { return hits }
        let hits = try run(query, limit: limit, analyzer: analyzer, resident, db)
        if reuse { resident.answers.remember(hits, for: query, analyzer: analyzer) }
        return hits
    }

    /// The name of the index generation a read transaction sees (instance, lexicon digest, generation):
    /// an answer given in one generation is the answer for as long as the name is the same.
    public static func generation(_ db: Database) throws -> String { try ResidentIndex.current(db).key }

    private static func run(_ query: SearchQuery, limit: Int, analyzer: TextAnalyzer, _ resident: ResidentIndex, _ db: Database) throws -> [SearchHit] {
        let plan = PlanCache.shared.plan(query.text, analyzer: analyzer)
        guard !plan.isEmpty else { return [] }
        let filter = Filter(query)
        let allowed = try filter.allowedRows(db)

        // The plan is resolved against the index once per generation (needles, postings, weights).
        let resolved = try resident.resolve(query.text, plan: plan, analyzer: analyzer, db)
        let scratch = resident.takeScratch()
        defer { resident.returnScratch(scratch) }
        var candidates = Candidates(scratch: scratch)
        func collect(_ rows: [(rowid: Int64, score: Double)], _ keyPath: WritableKeyPath<Candidate, Double>) {
            guard let best = rows.first?.score, best > 0 else { return }
            for (position, (rowid, score)) in rows.enumerated() {
                let index = candidates.insert(rowid)
                candidates.values[index][keyPath: keyPath] = score / best
                if position < perListDepth { candidates.values[index].leadsAList = true }
            }
        }
        collect(resident.rank(resolved.words, limit: listDepth, allowed: allowed), \.word)
        collect(resident.rank(resolved.expansions, limit: listDepth, allowed: allowed), \.synonym)
        collect(resident.rank(resolved.grams, limit: listDepth, allowed: allowed), \.gram)

        var phraseRowids: Set<Int64>?
        if let phrases = resolved.phrases {
            let rows = resident.rank(phrases, limit: phraseCandidateLimit, allowed: allowed)
            phraseRowids = Set(rows.map(\.rowid))
            let best = rows.first?.score ?? 0
            for (rowid, score) in rows where candidates.index(of: rowid) == nil {
                _ = candidates.insert(rowid, Candidate(gram: best > 0 ? score / best : 0))
            }
        }
        if candidates.isEmpty && phraseRowids == nil {
            // Nothing matched any term: back off to single characters rather than answer with nothing.
            var characters: [String] = []
            for concept in plan.concepts {
                for scalar in concept.text.unicodeScalars where CharClass.of(scalar.value) == .han {
                    let character = String(scalar)
                    if !characters.contains(character) { characters.append(character) }
                }
            }
            let index = AnalyzerRegistry.shared.analyzer(digest: resident.digest) ?? analyzer
            let backoff = try ResolvedQuery.prepare(.gram, characters, factors: [:], resident, index, db)
            collect(resident.rank(backoff, limit: listDepth, allowed: allowed), \.gram)
        }
        guard !candidates.isEmpty else { return [] }

        // Coverage is computed on the best candidates by retrieval score only: a document outside the
        // top few dozen on every list rarely wins.
        var rowids = candidates.rowids
        // The best of every list stays in, so documents found only through a synonym are not crowded
        // out by documents that repeat a common word. (Only which rows are in matters: the ranking
        // below orders them completely.)
        if phraseRowids == nil && rowids.count > coverageDepth {
            var byRetrieval = zip(candidates.rowids, candidates.values).map { (rowid: $0, retrieval: $1.retrieval, leads: $1.leadsAList) }
            partitionFirst(coverageDepth, of: &byRetrieval) { $0.retrieval != $1.retrieval ? $0.retrieval > $1.retrieval : $0.rowid < $1.rowid }
            rowids = byRetrieval.prefix(coverageDepth).map(\.rowid) + byRetrieval.dropFirst(coverageDepth).filter(\.leads).map(\.rowid)
        }
        func score(_ rowid: Int64, coverage: Double, inTitle: Bool, kind: String) -> Double {
            var score = candidates.index(of: rowid).map { candidates.values[$0] }?.retrieval ?? Candidate().retrieval
            // Retrieval is trusted in proportion to how much of the question a document answers, up to
            // `trustedCoverage`: a document that is the best match of one word and holds nothing else
            // of the question does not outrank one that answers more of it in other words.
            score *= untrustedShare + (1 - untrustedShare) * min(1, coverage / trustedCoverage)
            score += coverageWeight * coverage
            if !resolved.inDomain(UInt32(truncatingIfNeeded: rowid)) { score -= outOfDomainPenalty }
            if inTitle { score += 0.25 }
            score += kindPrior[kind] ?? 0
            if !plan.phrases.isEmpty { score += 0.5 }
            return score
        }
        var ranked: [(rowid: Int64, score: Double)] = []
        ranked.reserveCapacity(rowids.count)
        if phraseRowids != nil || resolved.needles.needsText {
            // Quoted phrases are exact, and so are needles whose bigrams say little about them (5·25,
            // a code mixing letters and characters): check each candidate's folded text, where the
            // postings allow a match at all.
            for rowid in rowids {
                guard let shown = try resident.document(rowid, db) else { continue }
                let folded = shown.folded
                if let phraseRowids {
                    guard phraseRowids.contains(rowid), resolved.needles.phrases.allSatisfy({ folded.contains($0) }) else { continue }
                }
                let features = resolved.textFeatures(folded, UInt32(truncatingIfNeeded: rowid))
                ranked.append((rowid, score(rowid, coverage: features.coverage, inTitle: features.inTitle, kind: shown.document.kind)))
            }
        } else {
            // Whether a candidate holds a needle is read from the postings of the needle's bigrams
            // (all present, in one field), which needs no document text.
            for rowid in rowids {
                let features = resolved.needles.rankingFeatures(in: UInt32(truncatingIfNeeded: rowid))
                ranked.append((rowid, score(rowid, coverage: features.coverage, inTitle: features.inTitle, kind: resident.kind(of: rowid))))
            }
        }
        let order: ((rowid: Int64, score: Double), (rowid: Int64, score: Double)) -> Bool = {
            $0.score != $1.score ? $0.score > $1.score : $0.rowid < $1.rowid
        }
        partitionFirst(limit, of: &ranked, by: order)
        let top = ranked.prefix(limit).sorted(by: order)
        var hits: [SearchHit] = []
        hits.reserveCapacity(top.count)
        for entry in top {
            guard let shown = try resident.document(entry.rowid, db) else { continue }
            let document = shown.document
            let document32 = UInt32(truncatingIfNeeded: entry.rowid)
            let snippet: String
            var explanation = SearchHit.Explanation(matchedTerms: [], synonyms: [], fields: [], coverage: 0)
            if query.explain {
                // The postings say which needles may be in the document; the text says for sure.
                let evaluated = resolved.explanation(shown.folded, document32)
                explanation = evaluated.explanation
                snippet = Snippet.make(document, folded: shown.folded, needles: evaluated.highlights)
            } else {
                // Only the snippet's field is searched, and only for the needles that decided the ranking.
                snippet = Snippet.render(shown.snippetText, folded: shown.snippetFolded, needles: resolved.highlights(document32))
            }
            hits.append(
                SearchHit(
                    id: document.id, kind: document.kind, score: (entry.score * 1000).rounded() / 1000,
                    title: document.title, snippet: snippet, explanation: explanation))
        }
        return hits
    }

    /// Quotes a term for MATCH: FTS5 then runs our tokenizer over it and never parses user syntax.
    static func quoted(_ term: String) -> String { "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static let coverageDepth = 60

    /// How much the share of the question a document answers (0…1) counts against the fused
    /// retrieval score (at most 1.6): a document that holds every concept, some through synonyms or
    /// related words, beats one that repeats the one literal word the index happens to hold.
    static let coverageWeight = 2.0

    /// The coverage from which a document's retrieval score counts in full; below it the score is
    /// scaled down linearly, to `untrustedShare` at no coverage. On the held-out queries (odd half,
    /// checked on the even half) 0.4–0.6 with shares of 0.2–0.3 score within 0.01; shares of 0–0.1
    /// cost dev recall.
    static let trustedCoverage = 0.5
    static let untrustedShare = 0.3

    /// Subtracted from a document that holds none of the domain's generic words (see
    /// `ResolvedQuery.inDomain`): about half of what full coverage adds, so such a text still answers
    /// a question nothing else answers.
    static let outOfDomainPenalty = 1.0

    /// Parents are best served by answers written for them: FAQ and articles first, quiz questions last.
    static let kindPrior: [String: Double] = [
        "faq": 0.15, "article": 0.12, "lesson": 0.08, "letter": 0.03, "hotline": 0.05, "question": -0.1,
    ]

    static let perListDepth = 20

    /// Moves the first `k` elements in the order `areInIncreasingOrder` (a strict total order) to the
    /// front, in no particular order, and leaves the rest after them: the same elements a full sort
    /// would put first, in linear time (quickselect, median-of-three pivots).
    static func partitionFirst<T>(_ k: Int, of items: inout [T], by areInIncreasingOrder: (T, T) -> Bool) {
        guard k > 0, k < items.count else { return }
        let target = k - 1
        items.withUnsafeMutableBufferPointer { items in
            var low = 0
            var high = items.count - 1
            while low < high {
                let middle = low + (high - low) / 2
                // The median of the first, middle and last elements.
                if areInIncreasingOrder(items[middle], items[low]) { items.swapAt(middle, low) }
                if areInIncreasingOrder(items[high], items[low]) { items.swapAt(high, low) }
                if areInIncreasingOrder(items[high], items[middle]) { items.swapAt(high, middle) }
                let pivot = items[middle]
                var left = low
                var right = high
                while left <= right {
                    while areInIncreasingOrder(items[left], pivot) { left += 1 }
                    while areInIncreasingOrder(pivot, items[right]) { right -= 1 }
                    if left <= right {
                        items.swapAt(left, right)
                        left += 1
                        right -= 1
                    }
                }
                // Now items[low...right] ≤ pivot ≤ items[left...high], and anything between equals it.
                if target <= right {
                    high = right
                } else if target >= left {
                    low = left
                } else {
                    break
                }
            }
        }
    }

    /// The candidates of one search in the order found, looked up by rowid through the scratch's dense
    /// slots rather than hashed (rank returns only rows below the index's rowid bound).
    struct Candidates {
        private(set) var rowids: [Int64] = []
        var values: [Candidate] = []
        let scratch: ResidentIndex.Scratch

        init(scratch: ResidentIndex.Scratch) {
            self.scratch = scratch
            rowids.reserveCapacity(3 * SearchEngine.listDepth)
            values.reserveCapacity(3 * SearchEngine.listDepth)
        }

        var isEmpty: Bool { rowids.isEmpty }

        func index(of rowid: Int64) -> Int? {
            let slot = scratch.slots[Int(rowid)]
            return slot > 0 ? Int(slot) - 1 : nil
        }

        /// The index of `rowid`'s candidate, added as `candidate` when it is new.
        mutating func insert(_ rowid: Int64, _ candidate: Candidate = Candidate()) -> Int {
            if let index = index(of: rowid) { return index }
            rowids.append(rowid)
            values.append(candidate)
            scratch.slots[Int(rowid)] = Int32(rowids.count)
            scratch.slotted.append(UInt32(truncatingIfNeeded: rowid))
            return rowids.count - 1
        }
    }
    static let maxExpansions = 12

    struct Candidate {
        var word = 0.0
        var synonym = 0.0
        var gram = 0.0
        /// Whether the document is among the first `perListDepth` of some list.
        var leadsAList = false

        /// The fused retrieval score: literal words first, then synonyms and parts, then grams. Each
        /// list is normalised to its best document, so a list of literal words that holds only part of
        /// the question (its everyday words are in no text) still scores 1 at its top: coverage, which
        /// weighs every concept, decides more than any one list (see `coverageWeight`).
        /// Grams weigh least: they also match inside unrelated words, and coverage already rewards a document that
        /// holds the question's terms. Over the 160 judged queries read so far (dev and two held-out sets) a gram
        /// weight of 0.3 scored 0.005 above 0.5, and 0.0–0.2 no better than 0.3.
        var retrieval: Double { 0.7 * word + 0.3 * gram + 0.6 * synonym }
    }

    struct Filter {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []

        /// The rows the filter lets through, nil when there is no filter.
        func allowedRows(_ db: Database) throws -> Set<UInt32>? {
            guard !clauses.isEmpty else { return nil }
            let sql = "SELECT rowid FROM searchDoc WHERE " + clauses.joined(separator: " AND ")
            return Set(try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { UInt32(truncatingIfNeeded: $0) })
        }

        init(_ query: SearchQuery) {
            if let kind = query.kind {
                clauses.append("kind = ?")
                arguments.append(kind)
            }
            if let stage = query.stage {
                clauses.append("(stages = '' OR stages LIKE ?)")
                arguments.append("%,\(stage),%")
            }
            if let grade = query.grade {
                clauses.append("(grades = '' OR grades LIKE ?)")
                arguments.append("%,\(grade),%")
            }
            if let tag = query.tag {
                clauses.append("(' ' || tags || ' ') LIKE ?")
                arguments.append("% \(tag) %")
            }
        }
    }

    struct StoredDocument: Sendable {
        var rowid: Int64
        var id: String
        var kind: String
        var title: String
        var summary: String
        var tags: String
        var body: String
    }

    static func fetchDocument(_ rowid: Int64, _ db: Database) throws -> StoredDocument? {
        let statement = try db.cachedStatement(sql: "SELECT rowid, id, kind, title, summary, tags, body FROM searchDoc WHERE rowid = ?")
        // A cursor's row reads the statement in place (`fetchOne` would copy the row and its column names).
        let cursor = try Row.fetchCursor(statement, arguments: [rowid])
        guard let row = try cursor.next() else { return nil }
        return StoredDocument(rowid: row[0], id: row[1], kind: row[2], title: row[3], summary: row[4], tags: row[5], body: row[6])
    }
}

/// A document's fields, folded once for coverage, explanation and snippets.
struct FoldedFields {
    var title: FoldedText
    var summary: FoldedText
    var tags: FoldedText
    var body: FoldedText

    init(_ document: SearchEngine.StoredDocument) {
        title = FoldedText(document.title)
        summary = FoldedText(document.summary)
        tags = FoldedText(document.tags)
        body = FoldedText(document.body)
    }

    func contains(_ needle: [UInt32]) -> Bool {
        [title, summary, tags, body].contains { ScalarSearch.firstIndex(of: needle, in: $0.scalars) != nil }
    }
}

/// The query terms to look for in candidates: each distinct needle (a term, synonym, part, related
/// word) once, referred to by index.
struct Needles {
    struct Term {
        var text: String
        var literal: Int
        var synonyms: [Int]
        var parts: [Int]
        var related: [Int]
    }

    /// Which fields hold a needle: bit 0 title, 1 summary, 2 tags, 3 body; 0 when absent.
    typealias Presence = (Int) -> UInt8

    var texts: [String] = []
    var infos: [ResidentIndex.Term] = []
    var terms: [Term] = []
    var weights: [Double] { didSet { weightTotal = weights.reduce(0, +) } }
    var partWeights: [[Double]] { didSet { partTotals = partWeights.map { $0.reduce(0, +) } } }
    /// The sums of `weights` and of each term's `partWeights`, kept with them.
    private(set) var weightTotal = 0.0
    private(set) var partTotals: [Double] = []
    var phrases: [[UInt32]]
    /// Whether a query term is more than one run of letters, digits or Han characters (5·25, "c证"
    /// aside): its bigrams do not chain, so only the text can say whether a document holds it.
    let needsText: Bool
    /// The terms laid out for `rankingFeatures`, which runs for every candidate of every search.
    private var layout: Layout

    init(plan: QueryPlan, weights statistics: TermStatistics.Weights, resolve: (String) throws -> ResidentIndex.Term) throws {
        var positions: [String: Int] = [:]
        var texts: [String] = []
        var infos: [ResidentIndex.Term] = []
        func add(_ text: String) throws -> Int {
            if let known = positions[text] { return known }
            positions[text] = texts.count
            texts.append(text)
            infos.append(try resolve(text))
            return texts.count - 1
        }
        let terms = try plan.concepts.map { concept in
            Term(
                text: concept.text, literal: try add(concept.text), synonyms: try concept.synonyms.map(add),
                parts: try concept.parts.map(add), related: try concept.related.map(add))
        }
        self.terms = terms
        self.texts = texts
        self.infos = infos
        let weights = statistics.concepts
        self.weights = weights.count == terms.count ? weights : Array(repeating: 1, count: terms.count)
        let partWeights = statistics.parts.count == terms.count ? statistics.parts : terms.map { $0.parts.map { _ in 1 } }
        self.partWeights = partWeights
        weightTotal = self.weights.reduce(0, +)
        partTotals = partWeights.map { $0.reduce(0, +) }
        phrases = plan.phrases.map { FoldedText($0).scalars }
        needsText = terms.contains { term in
            let classes = infos[term.literal].scalars.map(CharClass.of)
            return zip(classes, classes.dropFirst()).contains { $0 != $1 } || classes.contains(.other)
        }
        layout = Layout(terms: terms, infos: infos, partWeights: partWeights)
    }

    /// The terms as flat arrays of integers: each term's synonyms, parts and related words are ranges
    /// of `needles`, the part weights line up with them, and each needle's presence postings are held
    /// unretained (`infos` owns them), so the ranking loop copies and reference-counts nothing.
    struct Layout: Sendable {
        struct Bounds {
            var literal: Int32
            var synonyms: Int32
            var parts: Int32
            var related: Int32
            var end: Int32
            /// The offset of the term's row in `relatedCredit`: 3 when no document holds the term or
            /// any of its synonyms (睡得晚, 打电话咨询: everyday wording the texts never use), so that
            /// its related words are all that can stand for it and count more; 0 otherwise.
            var relatedRow: Int32 = 0
        }
        var bounds: [Bounds] = []
        var needles: [Int32] = []
        /// The weight of the part at the same position of `needles` (0 elsewhere).
        var partWeights: [Double] = []
        var presences: [Unmanaged<Postings>]

        init(terms: [Term], infos: [ResidentIndex.Term], partWeights termPartWeights: [[Double]]) {
            presences = infos.map { Unmanaged.passUnretained($0.presence) }
            for (index, term) in terms.enumerated() {
                var bounds = Bounds(literal: Int32(term.literal), synonyms: Int32(needles.count), parts: 0, related: 0, end: 0)
                needles += term.synonyms.map(Int32.init)
                partWeights += term.synonyms.map { _ in 0 }
                bounds.parts = Int32(needles.count)
                needles += term.parts.map(Int32.init)
                partWeights += term.parts.indices.map { index < termPartWeights.count ? termPartWeights[index][$0] : 0 }
                bounds.related = Int32(needles.count)
                needles += term.related.map(Int32.init)
                partWeights += term.related.map { _ in 0 }
                bounds.end = Int32(needles.count)
                let absent = ([term.literal] + term.synonyms).allSatisfy { infos[$0].frequency == 0 }
                bounds.relatedRow = absent && !term.related.isEmpty ? 3 : 0
                self.bounds.append(bounds)
            }
        }
    }

    /// Sets the coverage weights of the concepts and their parts.
    mutating func weigh(_ statistics: TermStatistics.Weights) {
        weights = statistics.concepts.count == terms.count ? statistics.concepts : Array(repeating: 1, count: terms.count)
        partWeights = statistics.parts.count == terms.count ? statistics.parts : terms.map { $0.parts.map { _ in 1 } }
        layout = Layout(terms: terms, infos: infos, partWeights: partWeights)
    }

    var scalars: [[UInt32]] { infos.map(\.scalars) }

    /// Presence read from a document's folded text, checking only the fields `only` allows.
    func presence(in fields: FoldedFields, only possible: @escaping Presence = { _ in 0x0F }) -> Presence {
        let named = [fields.title.scalars, fields.summary.scalars, fields.tags.scalars, fields.body.scalars]
        return { needle in
            let allowed = possible(needle)
            var mask: UInt8 = 0
            for (bit, field) in named.enumerated()
            where allowed & (1 << UInt8(bit)) != 0 && ScalarSearch.firstIndex(of: infos[needle].scalars, in: field) != nil {
                mask |= 1 << UInt8(bit)
            }
            return mask
        }
    }

    /// Presence read from the postings of each needle's bigrams: all present, in one field at least.
    func presence(in document: UInt32) -> Presence {
        { needle in fields(of: needle, in: document) }
    }

    /// The fields where the postings of all the needle's bigrams meet in `document` (0: absent).
    @inline(__always)
    func fields(of needle: Int, in document: UInt32) -> UInt8 {
        infos[needle].presence.fields(of: document)
    }

    func anyInTitle(_ presence: Presence) -> Bool {
        terms.contains { presence($0.literal) & 1 != 0 }
    }

    /// What ranking reads from the postings for a candidate: its coverage, and whether a term's literal
    /// text is in its title (`coverage` and `anyInTitle` at once, by the same rules, each needle looked
    /// up once in its presence postings).
    func rankingFeatures(in document: UInt32) -> (coverage: Double, inTitle: Bool) {
        guard !terms.isEmpty else { return (1, false) }
        return layout.bounds.withUnsafeBufferPointer { bounds in
            layout.needles.withUnsafeBufferPointer { needles in
                layout.partWeights.withUnsafeBufferPointer { partWeights in
                    layout.presences.withUnsafeBufferPointer { presences in
                        weights.withUnsafeBufferPointer { weights in
                            partTotals.withUnsafeBufferPointer { partTotals in
                                @inline(__always) func present(_ needle: Int32) -> UInt8 {
                                    presences[Int(needle)]._withUnsafeGuaranteedRef { $0.fields(of: document) }
                                }
                                var inTitle = false
                                var covered = 0.0
                                for index in 0..<bounds.count {
                                    let term = bounds[index]
                                    let weight = weights[index]
                                    let literal = present(term.literal)
                                    if literal != 0 {
                                        if literal & 1 != 0 { inTitle = true }
                                        covered += weight
                                        continue
                                    }
                                    var position = Int(term.synonyms)
                                    while position < Int(term.parts) && present(needles[position]) == 0 { position += 1 }
                                    if position < Int(term.parts) {
                                        covered += Self.synonymCredit * weight
                                        continue
                                    }
                                    let partTotal = partTotals[index]
                                    var partCredit = 0.0
                                    for position in Int(term.parts)..<Int(term.related) where present(needles[position]) != 0 {
                                        partCredit += partTotal > 0 ? partWeights[position] / partTotal : 0
                                    }
                                    var related = 0
                                    for position in Int(term.related)..<Int(term.end) where present(needles[position]) != 0 {
                                        related += 1
                                        if related == 2 { break }
                                    }
                                    let credit = max(0.7 * min(1, partCredit), Self.relatedCredit[Int(term.relatedRow) + related])
                                    covered += credit * weight
                                }
                                return (covered / max(weightTotal, 1e-9), inTitle)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Credit for a term found only through a synonym (a full match counts 1). Between 0.8 and 1 the judged sets
    /// move by less than 0.005; 0.65 costs 0.01.
    static let synonymCredit = 0.9

    /// Credit for none, one, and two or more related words found; the second row when they stand in
    /// for a term no document holds (see `Layout.Bounds.relatedRow`).
    private static let relatedCredit = [0, 0.35, 0.5, 0, 0.6, 0.75]

    /// The coverage alone (what ranking needs for every candidate): the same rules as `evaluate`,
    /// without building the explanation's strings.
    func coverage(_ presence: (Int) -> UInt8) -> Double {
        guard !terms.isEmpty else { return 1 }
        var covered = 0.0
        for (index, term) in terms.enumerated() {
            let weight = weights[index]
            if presence(term.literal) != 0 {
                covered += weight
                continue
            }
            if term.synonyms.contains(where: { presence($0) != 0 }) {
                covered += Self.synonymCredit * weight
                continue
            }
            let partTotal = partTotals[index]
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where presence(part) != 0 {
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            var related = 0
            for needle in term.related where presence(needle) != 0 {
                related += 1
                if related == 2 { break }
            }
            covered += max(0.7 * min(1, partCredit), Self.relatedCredit[Int(layout.bounds[index].relatedRow) + related]) * weight
        }
        return covered / max(weightTotal, 1e-9)
    }

    /// The needles `evaluate` finds (those a snippet highlights), without building the explanation.
    func found(_ presence: (Int) -> UInt8) -> [Int] {
        var found: [Int] = []
        for (index, term) in terms.enumerated() {
            if presence(term.literal) != 0 {
                found.append(term.literal)
                continue
            }
            if let synonym = term.synonyms.first(where: { presence($0) != 0 }) {
                found.append(synonym)
                continue
            }
            let partTotal = partTotals[index]
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where presence(part) != 0 {
                found.append(part)
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            var related = 0
            for needle in term.related where presence(needle) != 0 {
                found.append(needle)
                related += 1
                if related == 2 { break }
            }
        }
        return found
    }

    /// Coverage and, with `withFields`, which fields hold the matches.
    func explain(withFields: Bool, _ presence: Presence) -> SearchHit.Explanation {
        evaluate(withFields: withFields, presence).explanation
    }

    /// The explanation, and the needles found on the way (those a snippet highlights).
    func evaluate(withFields: Bool, _ presence: Presence) -> (explanation: SearchHit.Explanation, found: [Int]) {
        var foundNeedles: [Int] = []
        var matched: [String] = []
        var synonymsUsed: [String] = []
        var fieldMask: UInt8 = 0
        var covered = 0.0
        func find(_ needle: Int) -> Bool {
            let mask = presence(needle)
            fieldMask |= mask
            if mask != 0 { foundNeedles.append(needle) }
            return mask != 0
        }
        for (index, term) in terms.enumerated() {
            let weight = weights[index]
            // The literal term counts fully, a synonym 0.8; else the better of its parts, in proportion
            // to their rarity (0.7 at most), and related topic words, 0.35 for one and 0.5 for two or
            // more (0.6 and 0.75 when they stand in for a term no document holds): 咨询 inside
            // 打电话咨询 says less than 热线 does.
            if find(term.literal) {
                matched.append(term.text)
                covered += weight
                continue
            }
            if let synonym = term.synonyms.first(where: find) {
                synonymsUsed.append("\(term.text)→\(texts[synonym])")
                covered += Self.synonymCredit * weight
                continue
            }
            let partTotal = partWeights[index].reduce(0, +)
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where find(part) {
                matched.append(texts[part])
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            var related: [Int] = []
            for needle in term.related where find(needle) {
                related.append(needle)
                if related.count == 2 { break }
            }
            for found in related { synonymsUsed.append("\(term.text)~\(texts[found])") }
            let relatedCredit = Self.relatedCredit[Int(layout.bounds[index].relatedRow) + related.count]
            covered += max(0.7 * min(1, partCredit), relatedCredit) * weight
        }
        let order = ["title", "summary", "tags", "body"]
        let explanation = SearchHit.Explanation(
            matchedTerms: matched, synonyms: synonymsUsed,
            fields: withFields ? order.indices.filter { fieldMask & (1 << UInt8($0)) != 0 }.map { order[$0] } : [],
            coverage: terms.isEmpty ? 1 : covered / max(weights.reduce(0, +), 1e-9))
        return (explanation, foundNeedles)
    }
}

/// Substring search over folded scalars.
enum ScalarSearch {
    static func firstIndex(of needle: [UInt32], in haystack: [UInt32], from start: Int = 0) -> Int? {
        needle.withUnsafeBufferPointer { needle in
            haystack.withUnsafeBufferPointer { haystack in firstIndex(of: needle, in: haystack, from: start) }
        }
    }

    static func firstIndex(of needle: UnsafeBufferPointer<UInt32>, in haystack: UnsafeBufferPointer<UInt32>, from start: Int = 0) -> Int? {
        let n = needle.count
        let h = haystack.count
        guard n > 0, h - start >= n else { return nil }
        let first = needle[0]
        var index = start
        let last = h - n
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < n && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == n { return index }
            }
            index += 1
        }
        return nil
    }
}
