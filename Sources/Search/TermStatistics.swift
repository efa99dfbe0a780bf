import ChineseText
import Foundation
import GRDB

/// Inverse document frequencies of query concepts, from the postings of table G.
///
/// Coverage weighs each concept by how rare it is, so a question that shares only 孩子 with a document
/// does not look as good as one that shares 医保. A term's document frequency is bounded from above by
/// its rarest bigram's, read from the resident index (cached per index generation).
enum TermStatistics {
    /// IDF of each concept, and of each of its parts.
    struct Weights {
        /// Coverage weights: rarity times the concept's factor.
        var concepts: [Double]
        /// Plain rarity (IDF) of each concept.
        var rarity: [Double] = []
        var parts: [[Double]]
    }

    /// The weights from the needles' document frequencies (each resolved once per query).
    static func weights(for plan: QueryPlan, needles: Needles, total: Int) -> Weights {
        guard !plan.concepts.isEmpty else { return Weights(concepts: [], parts: []) }
        guard total > 0 else {
            return Weights(concepts: plan.concepts.map { _ in 1 }, parts: plan.concepts.map { $0.parts.map { _ in 1 } })
        }
        func idf(_ needle: Int) -> Double { Self.idf(frequency: Double(needles.infos[needle].frequency), total: Double(total)) }
        // A generic word of the domain counts a quarter of its rarity: in a mixed collection (the
        // domain's texts among unrelated ones) 孩子 looks rare, yet it never tells two answers apart.
        let rarity = needles.terms.map { idf($0.literal) }
        return Weights(
            concepts: zip(plan.concepts, rarity).map { $1 * factor($0) }, rarity: rarity,
            parts: needles.terms.map { $0.parts.map(idf) })
    }

    /// The IDF of a term found in 1 document in 50: terms below it are "common".
    static func commonIDF(_ resident: ResidentIndex) -> Double {
        let total = Double(resident.documentCount)
        guard total >= 200 else { return 0 }
        return idf(frequency: total / 50, total: total)
    }

    static let genericFactor = 0.25
    static let unknownFactor = 0.5

    /// How much a concept's rarity counts: a quarter for generic words, half for words the lexicon
    /// does not know.
    static func factor(_ concept: QueryPlan.Concept) -> Double {
        concept.generic ? genericFactor : concept.known ? 1 : unknownFactor
    }

    static func idf(frequency: Double, total: Double) -> Double {
        log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    }
}
