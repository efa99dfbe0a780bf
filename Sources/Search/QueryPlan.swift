public import ChineseText
import Foundation

/// A parsed query: the terms that matter, the optional scaffolding, and quoted phrases.
public struct QueryPlan: Equatable, Sendable {
    /// A term the ranking counts for coverage.
    public struct Concept: Equatable, Sendable {
        /// Folded text.
        public var text: String
        /// Folded synonyms from the lexicon (other members of its synonym set).
        public var synonyms: [String]
        /// Whether the concept is only Han characters.
        public var isHan: Bool
        /// Length in characters.
        public var length: Int
    }

    public var concepts: [Concept]
    /// Scaffolding words found (怎么办, 吗 …): they never decide whether a document matches.
    public var optional: [String]
    /// Folded quoted phrases: every result must contain each one exactly.
    public var phrases: [String]

    /// Single characters that carry no topic on their own.
    static let stopCharacters: Set<String> = [
        "的", "了", "吗", "呢", "吧", "啊", "呀", "和", "与", "及", "是", "在", "也", "都", "就", "还", "又", "很", "把",
        "被", "让", "给", "对", "跟", "等", "着", "过", "个", "这", "那", "哪", "么", "我", "你", "他", "她", "它", "们",
        "有", "会", "要", "能", "去", "来", "说", "想", "做", "得", "地", "啥", "咋", "嘛", "哦", "吃", "一", "不", "没",
    ]

    /// Plans a query with the analyzer's current lexicon (synonyms and scaffolding reload without
    /// touching the index).
    public static func make(_ raw: String, analyzer: TextAnalyzer) -> QueryPlan {
        let text = String(raw.prefix(SearchQuery.maxLength))
        var phrases: [String] = []
        var rest = ""
        var current = ""
        var inQuote = false
        let openers: Set<Character> = ["\"", "“", "”", "「", "」", "『", "』"]
        for character in text {
            if openers.contains(character) {
                if inQuote {
                    let folded = FoldedText(current).string.trimmingCharacters(in: .whitespaces)
                    if folded.unicodeScalars.contains(where: { CharClass.isToken($0.value) }) { phrases.append(folded) }
                    current = ""
                } else {
                    rest.append(" ")
                }
                inQuote.toggle()
            } else if inQuote {
                current.append(character)
            } else {
                rest.append(character)
            }
        }
        if inQuote { rest += " " + current }  // an unclosed quote is ordinary text

        let lexicon = analyzer.lexicon
        var concepts: [Concept] = []
        var optional: [String] = []
        var pendingSingles = ""
        func flushSingles() {
            if pendingSingles.unicodeScalars.count >= 1 { concepts.append(concept(pendingSingles, lexicon)) }
            pendingSingles = ""
        }
        for token in analyzer.words(rest) where !token.colocated {
            let isHan = token.text.unicodeScalars.allSatisfy { CharClass.of($0.value) == .han }
            if lexicon.scaffolding.contains(token.text) {
                flushSingles()
                optional.append(token.text)
            } else if isHan && token.text.unicodeScalars.count == 1 {
                if stopCharacters.contains(token.text) {
                    flushSingles()
                    optional.append(token.text)
                } else {
                    pendingSingles += token.text
                }
            } else {
                flushSingles()
                concepts.append(concept(token.text, lexicon))
            }
        }
        flushSingles()
        // Deduplicate, keep order.
        var seen: Set<String> = []
        concepts = concepts.filter { seen.insert($0.text).inserted }
        if concepts.isEmpty && phrases.isEmpty {
            concepts = optional.filter { seen.insert($0).inserted }.map { concept($0, lexicon) }
            optional = []
        }
        return QueryPlan(concepts: concepts, optional: optional, phrases: phrases)
    }

    private static func concept(_ text: String, _ lexicon: Lexicon) -> Concept {
        let isHan = text.unicodeScalars.allSatisfy { CharClass.of($0.value) == .han }
        return Concept(
            text: text, synonyms: lexicon.synonyms(of: text), isHan: isHan, length: text.unicodeScalars.count)
    }

    /// Whether nothing is left to search for.
    public var isEmpty: Bool { concepts.isEmpty && phrases.isEmpty }
}

extension CharClass {
    static func isToken(_ value: UInt32) -> Bool { of(FoldTable.shared.fold(value)) != .other }
}
