import ChineseText
import GRDB

/// A query plan resolved against one index generation: every needle with its postings and coverage
/// weight, and the retrieval lists as prepared rank queries.
///
/// All of it depends only on the plan and the index, never on the documents a search returns, so the
/// resident index keeps it per query text for as long as the index is unchanged: answering a query
/// again is then ranking, coverage and snippets over arrays, with no string lookups.
final class ResolvedQuery: Sendable {
    let plan: QueryPlan
    let needles: Needles
    /// Literal words on W.
    let words: ResidentIndex.RankQuery
    /// The rarest synonyms, parts and related words, as bigram phrases on G.
    let expansions: ResidentIndex.RankQuery
    /// The retrievable concepts as bigram phrases on G.
    let grams: ResidentIndex.RankQuery
    /// The bigrams of every quoted phrase, all required (nil without phrases).
    let phrases: ResidentIndex.RankQuery?
    /// Where the domain's generic words that are also its terms are (孩子, 学生, 学校, 心理 …, not
    /// 问题 or 方法, which any text uses; see `inDomain`).
    let domain: [Postings]

    /// Terms too common to discriminate (in more than 1 document in 50) are left out of retrieval,
    /// MaxScore-style: they cost the most to evaluate and add the least; they still count for
    /// coverage. The rarest term is always kept so that every query retrieves something.
    init(plan: QueryPlan, domain domainWords: [String], resident: ResidentIndex, analyzer index: TextAnalyzer, _ db: Database) throws {
        self.plan = plan
        // Every needle (concept, synonym, part, related word) is resolved once, here.
        var needles = try Needles(plan: plan, weights: .init(concepts: [], parts: [])) { try resident.term($0, analyzer: index, db) }
        let statistics = TermStatistics.weights(for: plan, needles: needles, total: resident.documentCount)
        needles.weigh(statistics)
        self.needles = needles
        domain = try domainWords.map { try resident.term($0, analyzer: index, db).presence }.filter { $0.count > 0 }
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
        let expansionTerms = weightedExpansions.sorted { $0.1 > $1.1 }.prefix(SearchEngine.maxExpansions).map(\.0)
        words = try Self.prepare(.word, wordTerms, factors: conceptFactors, resident, index, db)
        // Synonyms go to G: a bigram phrase finds them however the index happened to segment them.
        expansions = try Self.prepare(.gram, expansionTerms, factors: [:], resident, index, db)
        grams = try Self.prepare(.gram, retrievable.map(\.text), factors: conceptFactors, resident, index, db)
        if plan.phrases.isEmpty {
            phrases = nil
        } else {
            var phraseTokens: [String] = []
            for phrase in plan.phrases {
                for token in try Self.tokens(phrase, .gram, resident, index, db) where !phraseTokens.contains(token) {
                    phraseTokens.append(token)
                }
            }
            phrases = try resident.prepare(groups: [phraseTokens], in: .gram, db)
        }
    }

    /// A term's tokens in `table`; a term of several tokens is an AND group (the postings hold no
    /// positions; exactness is checked later on the text).
    static func tokens(
        _ term: String, _ table: ResidentIndex.Table, _ resident: ResidentIndex, _ index: TextAnalyzer, _ db: Database
    ) throws -> [String] {
        table == .word ? resident.words(term, analyzer: index) : try resident.term(term, analyzer: index, db).grams
    }

    /// The OR of `terms` in `table`, each weighted by its factor (1 when it has none).
    static func prepare(
        _ table: ResidentIndex.Table, _ terms: [String], factors: [String: Float], _ resident: ResidentIndex, _ index: TextAnalyzer,
        _ db: Database
    ) throws -> ResidentIndex.RankQuery {
        var groups: [[String]] = []
        var weights: [Float] = []
        for term in terms {
            let group = try tokens(term, table, resident, index, db)
            guard !group.isEmpty else { continue }
            groups.append(group)
            weights.append(factors[term] ?? 1)
        }
        return try resident.prepare(groups: groups, weights: weights, in: table, db)
    }
}

// MARK: - Reads per candidate

extension ResolvedQuery {
    /// Whether a document holds one of the domain's generic terms at least. Texts of the domain all
    /// do (they are about children, students, schools, psychology, education); a text that holds none
    /// matched the question's everyday words in another sense (崩溃 of a database, 免费 software, 报警
    /// of a daemon). Always true when the lexicon names no generic terms.
    func inDomain(_ document: UInt32) -> Bool {
        domain.isEmpty || domain.contains { $0.fields(of: document) != 0 }
    }

    /// Coverage and the title feature read from a candidate's folded text, checking only the fields
    /// its postings allow (quoted phrases, and terms whose bigrams do not chain).
    func textFeatures(_ folded: FoldedFields, _ document: UInt32) -> (coverage: Double, inTitle: Bool) {
        let presence = needles.presence(in: folded, only: needles.presence(in: document))
        return (needles.coverage(presence), needles.anyInTitle(presence))
    }

    /// The explanation of a hit (the postings say which needles may be in it, the text says for sure),
    /// and the scalars its snippet highlights.
    func explanation(_ folded: FoldedFields, _ document: UInt32) -> (explanation: SearchHit.Explanation, highlights: [[UInt32]]) {
        let evaluated = needles.evaluate(withFields: true, needles.presence(in: folded, only: needles.presence(in: document)))
        return (evaluated.explanation, evaluated.found.map { needles.infos[$0].scalars } + needles.phrases)
    }

    /// The scalars a hit's snippet highlights: the needles that decided its ranking, and the phrases.
    func highlights(_ document: UInt32) -> [[UInt32]] {
        needles.found { needles.fields(of: $0, in: document) }.map { needles.infos[$0].scalars } + needles.phrases
    }
}
