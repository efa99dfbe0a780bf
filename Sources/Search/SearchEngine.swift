public import ChineseText
import Foundation
public import GRDB

/// The read side of search: candidate retrieval from tables W and G, fusion, coverage, snippets.
///
/// Retrieval runs up to three FTS5 queries, each an OR of quoted terms (FTS5 never sees user syntax):
/// literal words on W, lexicon synonyms on W, and the Han terms as bigram phrases on G (which also
/// finds sub-word and one-character matches). Scores are normalised per list and fused with fixed
/// weights (literal > bigram > synonym), then a coverage feature — the share of the query's terms a
/// document contains, checked on its folded text — rewards documents that answer the whole question
/// rather than repeat one word. Quoted phrases are exact: a result's folded text must contain each.
public enum SearchEngine {
    static let listDepth = 60
    static let phraseCandidateLimit = 5_000

    /// Runs a query. Call inside a read transaction.
    public static func search(_ query: SearchQuery, analyzer: TextAnalyzer, _ db: Database) throws -> [SearchHit] {
        let limit = min(max(query.limit, 0), SearchQuery.maxLimit)
        guard limit > 0 else { return [] }
        let plan = QueryPlan.make(query.text, analyzer: analyzer)
        guard !plan.isEmpty else { return [] }
        let filter = Filter(query)
        let allowed = try filter.allowedRows(db)

        // Terms are turned into the index's own tokens; a term of several tokens is an AND group (the
        // postings hold no positions; exactness is checked later on the text).
        let resident = try ResidentIndex.current(db)
        let index = AnalyzerRegistry.shared.analyzer(digest: resident.digest) ?? analyzer
        var candidates: [Int64: Candidate] = [:]
        func tokens(_ term: String, _ table: ResidentIndex.Table) throws -> [String] {
            table == .word ? resident.words(term, analyzer: index) : try resident.term(term, analyzer: index, db).grams
        }
        func collect(
            _ table: ResidentIndex.Table, _ terms: [String], _ keyPath: WritableKeyPath<Candidate, Double>, factors: [String: Float] = [:]
        ) throws {
            var groups: [[String]] = []
            var weights: [Float] = []
            for term in terms {
                let group = try tokens(term, table)
                guard !group.isEmpty else { continue }
                groups.append(group)
                weights.append(factors[term] ?? 1)
            }
            let rows = try resident.rank(groups: groups, weights: weights, in: table, limit: listDepth, allowed: allowed, db)
            guard let best = rows.first?.score, best > 0 else { return }
            for (position, (rowid, score)) in rows.enumerated() {
                candidates[rowid, default: Candidate()][keyPath: keyPath] = score / best
                if position < perListDepth { candidates[rowid]!.leadsAList = true }
            }
        }

        // Terms too common to discriminate (in more than 1 document in 50) are left out of retrieval,
        // MaxScore-style: they cost the most to evaluate and add the least; they still count for
        // coverage. The rarest term is always kept so that every query retrieves something.
        // Every needle (concept, synonym, part, related word) is resolved once, here.
        var needles = try Needles(plan: plan, weights: .init(concepts: [], parts: [])) { try resident.term($0, analyzer: index, db) }
        let statistics = TermStatistics.weights(for: plan, needles: needles, total: resident.documentCount)
        needles.weigh(statistics)
        let commonCutoff = TermStatistics.commonIDF(resident)
        let rarest = statistics.rarity.max() ?? 0
        let retrievableIndices = plan.concepts.indices.filter { index in
            statistics.rarity.count != plan.concepts.count || statistics.rarity[index] >= commonCutoff
                || statistics.rarity[index] == rarest
        }
        let retrievable = retrievableIndices.map { plan.concepts[$0] }
        // Generic words of the domain and words the lexicon does not know retrieve at a lower weight
        // (see `TermStatistics.factor`); generic words bring no expansions.
        let conceptFactors = Dictionary(
            plan.concepts.map { ($0.text, Float(TermStatistics.factor($0))) }, uniquingKeysWith: { first, _ in first })
        let wordTerms = retrievable.filter { !($0.isHan && $0.length == 1) }.map(\.text)
        let literal = Set(needles.terms.map(\.literal))
        var weightedExpansions: [(String, Double)] = []
        var expanded: Set<Int> = []
        for conceptIndex in retrievableIndices where !plan.concepts[conceptIndex].generic {
            let term = needles.terms[conceptIndex]
            for needle in term.synonyms + term.parts + term.related where !literal.contains(needle) && expanded.insert(needle).inserted {
                // Common synonyms and parts would cost the most to retrieve and say the least; one that
                // no document can hold (a bigram of it is in none) would only take the place of another.
                let frequency = needles.infos[needle].frequency
                guard frequency > 0 else { continue }
                let idf = TermStatistics.idf(frequency: Double(frequency), total: Double(resident.documentCount))
                if idf >= commonCutoff { weightedExpansions.append((needles.texts[needle], idf)) }
            }
        }
        // The rarest expansions say the most and cost the least: keep at most `maxExpansions` of them.
        let synonymTerms = weightedExpansions.sorted { $0.1 > $1.1 }.prefix(maxExpansions).map(\.0)
        try collect(.word, wordTerms, \.word, factors: conceptFactors)
        // Synonyms go to G: a bigram phrase finds them however the index happened to segment them.
        try collect(.gram, synonymTerms, \.synonym)
        try collect(.gram, retrievable.map(\.text), \.gram, factors: conceptFactors)

        var phraseRowids: Set<Int64>?
        if !plan.phrases.isEmpty {
            var phraseTokens: [String] = []
            for phrase in plan.phrases {
                for token in try tokens(phrase, .gram) where !phraseTokens.contains(token) { phraseTokens.append(token) }
            }
            let rows = try resident.rank(
                groups: [phraseTokens], in: .gram, limit: phraseCandidateLimit, allowed: allowed, db)
            phraseRowids = Set(rows.map(\.rowid))
            let best = rows.first?.score ?? 0
            for (rowid, score) in rows where candidates[rowid] == nil {
                candidates[rowid] = Candidate(gram: best > 0 ? score / best : 0)
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
            try collect(.gram, characters, \.gram)
        }
        guard !candidates.isEmpty else { return [] }

        // Coverage is computed on the best candidates by retrieval score only: a document outside the
        // top few dozen on every list rarely wins.
        var rowids = Array(candidates.keys)
        // The best of every list stays in, so documents found only through a synonym are not crowded
        // out by documents that repeat a common word.
        if phraseRowids == nil && rowids.count > coverageDepth {
            let byRetrieval = candidates.map { (rowid: $0.key, retrieval: $0.value.retrieval, leads: $0.value.leadsAList) }
                .sorted { $0.retrieval != $1.retrieval ? $0.retrieval > $1.retrieval : $0.rowid < $1.rowid }
            rowids = byRetrieval.prefix(coverageDepth).map(\.rowid) + byRetrieval.dropFirst(coverageDepth).filter(\.leads).map(\.rowid)
        }
        func score(_ rowid: Int64, coverage: Double, inTitle: Bool, kind: String) -> Double {
            var score = (candidates[rowid] ?? Candidate()).retrieval
            score += 1.2 * coverage
            if inTitle { score += 0.25 }
            score += kindPrior[kind] ?? 0
            if !plan.phrases.isEmpty { score += 0.5 }
            return score
        }
        var ranked: [(rowid: Int64, score: Double)] = []
        if phraseRowids != nil || needles.needsText {
            // Quoted phrases are exact, and so are needles whose bigrams say little about them (5·25,
            // a code mixing letters and characters): check each candidate's folded text, where the
            // postings allow a match at all.
            for document in try fetchDocuments(rowids, db) {
                let folded = FoldedFields(document)
                if let phraseRowids {
                    guard phraseRowids.contains(document.rowid), plan.phrases.allSatisfy({ folded.contains(FoldedText($0).scalars) })
                    else { continue }
                }
                let presence = needles.presence(in: folded, only: needles.presence(in: UInt32(truncatingIfNeeded: document.rowid)))
                let coverage = needles.coverage(presence)
                ranked.append((document.rowid, score(document.rowid, coverage: coverage, inTitle: needles.anyInTitle(presence), kind: document.kind)))
            }
        } else {
            // Whether a candidate holds a needle is read from the postings of the needle's bigrams
            // (all present, in one field), which needs no document text.
            for rowid in rowids {
                let presence = needles.presence(in: UInt32(truncatingIfNeeded: rowid))
                let coverage = needles.coverage(presence)
                ranked.append((rowid, score(rowid, coverage: coverage, inTitle: needles.anyInTitle(presence), kind: resident.kind(of: rowid))))
            }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.rowid < $1.rowid }
        let top = Array(ranked.prefix(limit))
        let documents = try top.map { try resident.document($0.rowid, db) }
        return zip(top, documents).compactMap { entry, shown in
            guard let shown else { return nil }
            let document = shown.document
            let possible = needles.presence(in: UInt32(truncatingIfNeeded: entry.rowid))
            let snippet: String
            var explanation = SearchHit.Explanation(matchedTerms: [], synonyms: [], fields: [], coverage: 0)
            if query.explain {
                // The postings say which needles may be in the document; the text says for sure.
                let folded = FoldedFields(document)
                let evaluated = needles.evaluate(withFields: true, needles.presence(in: folded, only: possible))
                explanation = evaluated.explanation
                snippet = Snippet.make(
                    document, folded: folded, needles: evaluated.found.map { needles.infos[$0].scalars } + needles.phrases)
            } else {
                // Only the snippet's field is folded, and only the needles that decided the ranking are sought.
                let found = needles.evaluate(withFields: false, possible).found
                snippet = Snippet.render(
                    shown.snippetText, folded: shown.snippetFolded, needles: found.map { needles.infos[$0].scalars } + needles.phrases)
            }
            return SearchHit(
                id: document.id, kind: document.kind, score: (entry.score * 1000).rounded() / 1000,
                title: document.title, snippet: snippet, explanation: explanation)
        }
    }

    /// Quotes a term for MATCH: FTS5 then runs our tokenizer over it and never parses user syntax.
    static func quoted(_ term: String) -> String { "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static let coverageDepth = 60

    /// Parents are best served by answers written for them: FAQ and articles first, quiz questions last.
    static let kindPrior: [String: Double] = [
        "faq": 0.15, "article": 0.12, "lesson": 0.08, "letter": 0.03, "hotline": 0.05, "question": -0.1,
    ]

    static let perListDepth = 20
    static let maxExpansions = 12

    struct Candidate {
        var word = 0.0
        var synonym = 0.0
        var gram = 0.0
        /// Whether the document is among the first `perListDepth` of some list.
        var leadsAList = false

        /// The fused retrieval score: literal words first, then grams, then synonyms and parts.
        var retrieval: Double { 1.0 * word + 0.5 * gram + 0.45 * synonym }
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

    private static func fetchDocuments(_ rowids: [Int64], _ db: Database) throws -> [StoredDocument] {
        var result: [StoredDocument] = []
        result.reserveCapacity(rowids.count)
        let list = rowids.map(String.init).joined(separator: ",")
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, id, kind, title, summary, tags, body FROM searchDoc WHERE rowid IN (\(list))")
        while let row = try rows.next() {
            result.append(
                StoredDocument(
                    rowid: row[0], id: row[1], kind: row[2], title: row[3], summary: row[4], tags: row[5], body: row[6]))
        }
        return result
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
    var weights: [Double]
    var partWeights: [[Double]]
    var phrases: [[UInt32]]

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
        terms = try plan.concepts.map { concept in
            Term(
                text: concept.text, literal: try add(concept.text), synonyms: try concept.synonyms.map(add),
                parts: try concept.parts.map(add), related: try concept.related.map(add))
        }
        self.texts = texts
        self.infos = infos
        let weights = statistics.concepts
        self.weights = weights.count == terms.count ? weights : Array(repeating: 1, count: terms.count)
        self.partWeights = statistics.parts.count == terms.count ? statistics.parts : terms.map { $0.parts.map { _ in 1 } }
        phrases = plan.phrases.map { FoldedText($0).scalars }
    }

    /// Sets the coverage weights of the concepts and their parts.
    mutating func weigh(_ statistics: TermStatistics.Weights) {
        weights = statistics.concepts.count == terms.count ? statistics.concepts : Array(repeating: 1, count: terms.count)
        partWeights = statistics.parts.count == terms.count ? statistics.parts : terms.map { $0.parts.map { _ in 1 } }
    }

    var scalars: [[UInt32]] { infos.map(\.scalars) }

    /// Whether a query term is more than one run of letters, digits or Han characters (5·25, "c证"
    /// aside): its bigrams do not chain, so only the text can say whether a document holds it.
    var needsText: Bool {
        terms.contains { term in
            let classes = infos[term.literal].scalars.map(CharClass.of)
            return zip(classes, classes.dropFirst()).contains { $0 != $1 } || classes.contains(.other)
        }
    }

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
        { needle in
            let postings = infos[needle].postings
            guard !postings.isEmpty else { return 0 }
            var mask: UInt8 = 0x0F
            for list in postings {
                mask &= list.fields(of: document)
                if mask == 0 { return 0 }
            }
            return mask
        }
    }

    func anyInTitle(_ presence: Presence) -> Bool {
        terms.contains { presence($0.literal) & 1 != 0 }
    }

    /// The coverage alone (what ranking needs for every candidate): the same rules as `evaluate`,
    /// without building the explanation's strings.
    func coverage(_ presence: Presence) -> Double {
        guard !terms.isEmpty else { return 1 }
        var covered = 0.0
        for (index, term) in terms.enumerated() {
            let weight = weights[index]
            if presence(term.literal) != 0 {
                covered += weight
                continue
            }
            if term.synonyms.contains(where: { presence($0) != 0 }) {
                covered += 0.8 * weight
                continue
            }
            let partTotal = partWeights[index].reduce(0, +)
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where presence(part) != 0 {
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            if partCredit > 0 {
                covered += 0.7 * min(1, partCredit) * weight
                continue
            }
            var related = 0
            for needle in term.related where presence(needle) != 0 {
                related += 1
                if related == 2 { break }
            }
            covered += [0, 0.35, 0.5][related] * weight
        }
        return covered / max(weights.reduce(0, +), 1e-9)
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
            // The literal term counts fully, a synonym 0.8, parts in proportion to their rarity (0.7 at
            // most), related topic words 0.35 for one and 0.5 for two or more.
            if find(term.literal) {
                matched.append(term.text)
                covered += weight
                continue
            }
            if let synonym = term.synonyms.first(where: find) {
                synonymsUsed.append("\(term.text)→\(texts[synonym])")
                covered += 0.8 * weight
                continue
            }
            let partTotal = partWeights[index].reduce(0, +)
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where find(part) {
                matched.append(texts[part])
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            if partCredit > 0 {
                covered += 0.7 * min(1, partCredit) * weight
                continue
            }
            var related: [Int] = []
            for needle in term.related where find(needle) {
                related.append(needle)
                if related.count == 2 { break }
            }
            for found in related { synonymsUsed.append("\(term.text)~\(texts[found])") }
            covered += [0, 0.35, 0.5][related.count] * weight
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
        let n = needle.count
        let h = haystack.count
        guard n > 0, h - start >= n, let first = needle.first else { return nil }
        var index = start
        let last = h - n
        while index <= last {
            if haystack[index] == first {
                var matched = true
                var offset = 1
                while offset < n {
                    if haystack[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

