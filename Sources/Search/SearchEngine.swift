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

        // MATCH expressions are built from the index's own tokens, each quoted: a term of several
        // tokens becomes an AND group (the tables store no positions; exactness is checked later).
        let index = try SearchIndex.indexAnalyzer(db) ?? analyzer
        var candidates: [Int64: Candidate] = [:]
        func collect(_ table: String, _ terms: [String], _ keyPath: WritableKeyPath<Candidate, Double>) throws {
            let groups = terms.compactMap { term -> String? in
                let tokens = table == "searchWord"
                    ? index.words(term).filter { !$0.colocated }.map(\.text) : index.grams(term, forQuery: true).map(\.text)
                let unique = tokens.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                guard !unique.isEmpty else { return nil }
                return unique.count == 1 ? quoted(unique[0]) : "(" + unique.map(quoted).joined(separator: " AND ") + ")"
            }
            guard !groups.isEmpty else { return }
            let match = groups.joined(separator: " OR ")
            let rows = try fetchRanked(table, match: match, filter: filter, limit: listDepth, db)
            guard let best = rows.first?.rank, best < 0 else { return }
            for (position, (rowid, rank)) in rows.enumerated() {
                candidates[rowid, default: Candidate()][keyPath: keyPath] = rank / best
                if position < perListDepth { candidates[rowid]!.leadsAList = true }
            }
        }

        // Terms too common to discriminate (in more than 1 document in 50) are left out of retrieval,
        // MaxScore-style: they cost the most to evaluate and add the least; they still count for
        // coverage. The rarest term is always kept so that every query retrieves something.
        let statistics = try TermStatistics.weights(for: plan, analyzer: analyzer, db)
        let commonCutoff = TermStatistics.commonIDF(db)
        let rarest = statistics.concepts.max() ?? 0
        let retrievable = plan.concepts.indices.filter { index in
            statistics.concepts.count != plan.concepts.count || statistics.concepts[index] >= commonCutoff
                || statistics.concepts[index] == rarest
        }.map { plan.concepts[$0] }
        let wordTerms = retrievable.filter { !($0.isHan && $0.length == 1) }.map(\.text)
        let literal = Set(plan.concepts.map(\.text))
        var synonymTerms: [String] = []
        var weightedExpansions: [(String, Double)] = []
        for concept in retrievable {
            for synonym in concept.synonyms + concept.parts + concept.related
            where !literal.contains(synonym) && !weightedExpansions.contains(where: { $0.0 == synonym }) {
                // Common synonyms and parts would cost the most to retrieve and say the least.
                let idf = try TermStatistics.idf(synonym, analyzer: index, db)
                if idf >= commonCutoff { weightedExpansions.append((synonym, idf)) }
            }
        }
        // The rarest expansions say the most and cost the least: keep at most `maxExpansions` of them.
        synonymTerms = weightedExpansions.sorted { $0.1 > $1.1 }.prefix(maxExpansions).map(\.0)
        let gramTerms = retrievable.map(\.text)
        try collect("searchWord", wordTerms, \.word)
        // Synonyms go to G: a bigram phrase finds them however the index happened to segment them.
        try collect("searchGram", synonymTerms, \.synonym)
        try collect("searchGram", gramTerms, \.gram)

        var phraseRowids: Set<Int64>?
        if !plan.phrases.isEmpty {
            var tokens: [String] = []
            for phrase in plan.phrases {
                for token in index.grams(phrase, forQuery: true).map(\.text) where !tokens.contains(token) { tokens.append(token) }
            }
            let rows = try fetchRanked(
                "searchGram", match: tokens.map(quoted).joined(separator: " AND "), filter: filter,
                limit: phraseCandidateLimit, db)
            phraseRowids = Set(rows.map(\.rowid))
            let best = rows.first?.rank ?? -1
            for (rowid, rank) in rows where candidates[rowid] == nil {
                candidates[rowid] = Candidate(gram: best < 0 ? rank / best : 0)
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
            try collect("searchGram", characters, \.gram)
        }
        guard !candidates.isEmpty else { return [] }

        // Coverage is computed on the best candidates by retrieval score only: it costs a scan of each
        // document's text per term, and a document outside the top few dozen on every list rarely wins.
        var rowids = Array(candidates.keys)
        // The best of every list stays in, so documents found only through a synonym are not crowded
        // out by documents that repeat a common word.
        if phraseRowids == nil && rowids.count > coverageDepth {
            rowids.sort { candidates[$0]!.retrieval != candidates[$1]!.retrieval ? candidates[$0]!.retrieval > candidates[$1]!.retrieval : $0 < $1 }
            rowids = Array(rowids.prefix(coverageDepth)) + rowids.dropFirst(coverageDepth).filter { candidates[$0]!.leadsAList }
        }
        let documents = try fetchDocuments(rowids, db)
        let needles = Needles(plan: plan, weights: statistics)
        var scored: [(document: StoredDocument, score: Double, explanation: SearchHit.Explanation, folded: FoldedFields)] = []
        for document in documents {
            let folded = FoldedFields(document)
            if let phraseRowids {
                guard phraseRowids.contains(document.rowid),
                    plan.phrases.allSatisfy({ folded.contains(FoldedText($0).scalars) })
                else { continue }
            }
            let candidate = candidates[document.rowid] ?? Candidate()
            let explanation = needles.explain(folded, withFields: false)
            var score = candidate.retrieval
            score += 1.2 * explanation.coverage
            if needles.anyInTitle(folded) { score += 0.25 }
            score += kindPrior[document.kind] ?? 0
            if !plan.phrases.isEmpty { score += 0.5 }
            scored.append((document, score, explanation, folded))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.document.rowid < $1.document.rowid }
        return scored.prefix(limit).map { entry in
            SearchHit(
                id: entry.document.id, kind: entry.document.kind, score: (entry.score * 1000).rounded() / 1000,
                title: entry.document.title,
                snippet: Snippet.make(entry.document, folded: entry.folded, needles: needles.all),
                explanation: needles.explain(entry.folded, withFields: true))
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

    private static func fetchRanked(_ table: String, match: String, filter: Filter, limit: Int, _ db: Database) throws -> [(rowid: Int64, rank: Double)] {
        var sql = "SELECT rowid, bm25(\(table), 8.0, 4.0, 4.0, 1.0) AS score FROM \(table) WHERE \(table) MATCH ?"
        var arguments: [any DatabaseValueConvertible] = [match]
        if !filter.clauses.isEmpty {
            sql += " AND rowid IN (SELECT rowid FROM searchDoc WHERE \(filter.clauses.joined(separator: " AND ")))"
            arguments += filter.arguments
        }
        sql += " ORDER BY score LIMIT ?"
        arguments.append(limit)
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)).map {
            ($0[0], $0[1])
        }
    }

    struct StoredDocument {
        var rowid: Int64
        var id: String
        var kind: String
        var title: String
        var summary: String
        var tags: String
        var body: String
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

    /// All four fields, separated by a non-character so no match spans two fields.
    var joined: [UInt32] { title.scalars + [0xFFFF] + summary.scalars + [0xFFFF] + tags.scalars + [0xFFFF] + body.scalars }

    func contains(_ needle: [UInt32]) -> Bool {
        [title, summary, tags, body].contains { ScalarSearch.firstIndex(of: needle, in: $0.scalars) != nil }
    }
}

/// The query terms to look for in candidates.
struct Needles {
    struct Term {
        var text: String
        var scalars: [UInt32]
        var synonyms: [(text: String, scalars: [UInt32])]
        var parts: [(text: String, scalars: [UInt32])]
        var related: [(text: String, scalars: [UInt32])]
    }

    var terms: [Term]
    var weights: [Double]
    var partWeights: [[Double]]
    var phrases: [[UInt32]]

    init(plan: QueryPlan, weights statistics: TermStatistics.Weights) {
        let weights = statistics.concepts
        terms = plan.concepts.map { concept in
            Term(
                text: concept.text, scalars: FoldedText(concept.text).scalars,
                synonyms: concept.synonyms.map { ($0, FoldedText($0).scalars) },
                parts: concept.parts.map { ($0, FoldedText($0).scalars) },
                related: concept.related.map { ($0, FoldedText($0).scalars) })
        }
        self.weights = weights.count == terms.count ? weights : Array(repeating: 1, count: terms.count)
        self.partWeights = statistics.parts.count == terms.count ? statistics.parts : terms.map { $0.parts.map { _ in 1 } }
        phrases = plan.phrases.map { FoldedText($0).scalars }
    }

    /// Every needle (terms, synonyms, phrases) for highlighting.
    var all: [[UInt32]] {
        terms.flatMap { [$0.scalars] + $0.synonyms.map(\.scalars) + $0.parts.map(\.scalars) + $0.related.map(\.scalars) } + phrases
    }

    func anyInTitle(_ fields: FoldedFields) -> Bool {
        terms.contains { ScalarSearch.firstIndex(of: $0.scalars, in: fields.title.scalars) != nil }
    }

    /// Coverage and, with `withFields`, which fields hold the matches (one scan of the joined text per
    /// needle otherwise).
    func explain(_ fields: FoldedFields, withFields: Bool) -> SearchHit.Explanation {
        var matched: [String] = []
        var synonymsUsed: [String] = []
        var fieldNames: Set<String> = []
        var covered = 0.0
        let named: [(String, [UInt32])] =
            withFields
            ? [("title", fields.title.scalars), ("summary", fields.summary.scalars), ("tags", fields.tags.scalars), ("body", fields.body.scalars)]
            : [("all", fields.joined)]
        /// Whether a needle occurs, noting the fields it occurs in.
        func find(_ needle: [UInt32]) -> Bool {
            var found = false
            for (name, field) in named where ScalarSearch.firstIndex(of: needle, in: field) != nil {
                found = true
                fieldNames.insert(name)
            }
            return found
        }
        for (index, term) in terms.enumerated() {
            let weight = weights[index]
            // The literal term counts fully, a synonym 0.8, parts in proportion to their rarity (0.7 at
            // most), related topic words 0.35 for one and 0.5 for two or more.
            if find(term.scalars) {
                matched.append(term.text)
                covered += weight
                continue
            }
            if let synonym = term.synonyms.first(where: { find($0.scalars) }) {
                synonymsUsed.append("\(term.text)→\(synonym.text)")
                covered += 0.8 * weight
                continue
            }
            let partTotal = partWeights[index].reduce(0, +)
            var partCredit = 0.0
            for (partIndex, part) in term.parts.enumerated() where find(part.scalars) {
                matched.append(part.text)
                partCredit += partTotal > 0 ? partWeights[index][partIndex] / partTotal : 0
            }
            if partCredit > 0 {
                covered += 0.7 * min(1, partCredit) * weight
                continue
            }
            let related = Array(term.related.lazy.filter { find($0.scalars) }.prefix(2))
            for found in related { synonymsUsed.append("\(term.text)~\(found.text)") }
            covered += [0, 0.35, 0.5][related.count] * weight
        }
        let order = ["title", "summary", "tags", "body"]
        return SearchHit.Explanation(
            matchedTerms: matched, synonyms: synonymsUsed, fields: withFields ? order.filter(fieldNames.contains) : [],
            coverage: terms.isEmpty ? 1 : covered / max(weights.reduce(0, +), 1e-9))
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
