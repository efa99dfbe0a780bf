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
        /// Shorter words inside a long concept (走医保 → 医保): partial matches when the whole is absent.
        public var parts: [String] = []
        /// Related topic words from the lexicon (自残 → 心理危机 …), weaker than synonyms.
        public var related: [String] = []
        /// Whether the concept is only Han characters.
        public var isHan: Bool
        /// Length in characters.
        public var length: Int
        /// Whether the concept is a generic word of the domain (see `Lexicon.generic`).
        public var generic = false
        /// Whether the lexicon knows the concept (a domain term, a synonym, a related-words key): words
        /// it does not know (专门, 晚上) are ordinary language and weigh less.
        public var known = true
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
        "上", "里", "谁",
    ]

    /// At most this many heads of expansions per concept (see `make`): the first ones come from synonyms, which say
    /// the same thing; later ones come from looser related words and mostly add noise. Over the 160 judged queries
    /// read so far, 2 scored 0.006 above 6 (0 cost 0.02: the heads are needed, just few of them).
    static let maxHeads = 2

    /// Degree words between 得 and its complement (睡得太晚 → 睡得晚): dropped before segmentation, so the
    /// lexicon meets the plain phrase however a parent intensifies it.
    static let degreeAfterDe = ["越来越", "特别", "非常", "有点", "比较", "太", "很", "挺", "好"]

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
        if rest.contains("得") {
            for degree in degreeAfterDe { rest = rest.replacingOccurrences(of: "得" + degree, with: "得") }
        }

        let lexicon = analyzer.lexicon
        var concepts: [Concept] = []
        var optional: [String] = []
        // Single characters next to each other (no space or punctuation between) form one concept,
        // matched as a bigram phrase: 压|堂 → 压堂, C|证 → c证.
        var pendingSingles = ""
        var pendingEnd = -1
        func flushSingles() {
            if !pendingSingles.isEmpty { concepts.append(concept(pendingSingles, lexicon)) }
            pendingSingles = ""
            pendingEnd = -1
        }
        let restBytes = Array(rest.utf8)
        var lastGenericEnd = -1
        let units = shortUnits(rest, lexicon)
        var skipUntil = -1
        var previousAlnumEnd = -1
        for token in analyzer.words(rest) {
            if token.start < skipUntil { continue }
            if let end = units[token.start], token.end < end,
                let text = String(validating: restBytes[token.start..<end], as: UTF8.self)
            {
                // A short run of Han characters typed as one unit (between spaces or punctuation), as
                // staff type keywords (跟岗培训): one concept, its words as parts.
                flushSingles()
                let folded = FoldedText(text).string
                var unit = concept(folded, lexicon)
                unit.parts = analyzer.words(text).filter {
                    !$0.colocated && $0.text != folded && !stopCharacters.contains($0.text) && !lexicon.scaffolding.contains($0.text)
                }.map(\.text)
                concepts.append(unit)
                skipUntil = end
                lastGenericEnd = -1
                previousAlnumEnd = -1
                continue
            }
            if token.colocated {
                // A sub-word of the concept just added.
                if pendingSingles.isEmpty, let last = concepts.indices.last, token.text != concepts[last].text,
                    !concepts[last].parts.contains(token.text), !stopCharacters.contains(token.text)
                {
                    concepts[last].parts.append(token.text)
                }
                continue
            }
            let isAlnum = token.text.unicodeScalars.allSatisfy { CharClass.of($0.value) == .alnum }
            // Numbers and codes joined by one connector (5·25, 1:800, 3-6) stay one concept.
            if isAlnum, previousAlnumEnd >= 0, token.start > previousAlnumEnd, token.start - previousAlnumEnd <= 3,
                pendingSingles.isEmpty, let last = concepts.indices.last,
                let between = String(validating: restBytes[previousAlnumEnd..<token.start], as: UTF8.self),
                between.count == 1, "·.-:/：・—~～".contains(between)
            {
                concepts[last] = concept(concepts[last].text + FoldedText(between).string + token.text, lexicon)
                previousAlnumEnd = token.end
                continue
            }
            previousAlnumEnd = isAlnum ? token.end : -1
            let scalarCount = token.text.unicodeScalars.count
            let isHan = token.text.unicodeScalars.allSatisfy { CharClass.of($0.value) == .han }
            let isShortSingle = scalarCount == 1 && (isHan || !isAlnum || (isAlnum && token.text.first?.isLetter == true))
            if lexicon.scaffolding.contains(token.text) {
                flushSingles()
                optional.append(token.text)
            } else if isHan && scalarCount == 1 && stopCharacters.contains(token.text) {
                flushSingles()
                optional.append(token.text)
            } else if isShortSingle {
                if pendingEnd != token.start { flushSingles() }
                pendingSingles += token.text
                pendingEnd = token.end
            } else {
                flushSingles()
                // Generic words written together name something specific (心理+老师 → 心理老师): they
                // become one concept, matched as a whole, with the words as its parts.
                let next = concept(token.text, lexicon)
                if next.generic, let last = concepts.indices.last, concepts[last].generic, lastGenericEnd == token.start,
                    concepts[last].isHan == next.isHan
                {
                    var compound = concept(concepts[last].text + next.text, lexicon)
                    compound.generic = false
                    compound.parts = [concepts[last].text, next.text]
                    concepts[last] = compound
                    lastGenericEnd = -1
                } else {
                    concepts.append(next)
                    lastGenericEnd = next.generic ? token.end : -1
                }
            }
        }
        flushSingles()
        // Related expansions of a concept, of its synonyms and of its parts.
        for index in concepts.indices {
            var related: [String] = []
            for key in [concepts[index].text] + concepts[index].synonyms + concepts[index].parts {
                for value in lexicon.related[key] ?? [] where !related.contains(value) && value != concepts[index].text {
                    related.append(value)
                }
            }
            // The heads of the expansions come last: documents often name the general concept a
            // compound expansion is built on (睡眠不足 → 睡眠, 自杀意念 → 自杀, 网络沉迷 → 沉迷), so
            // the domain words inside synonyms and related words are weak related words too.
            var heads: [String] = []
            for expansion in concepts[index].synonyms + related {
                for token in analyzer.words(expansion) where heads.count < maxHeads {
                    let head = token.text
                    guard head != expansion, head.unicodeScalars.count >= 2, lexicon.terms.contains(head),
                        !isGenericCompound(head, lexicon), !lexicon.scaffolding.contains(head), head != concepts[index].text,
                        !related.contains(head), !heads.contains(head), !concepts[index].synonyms.contains(head),
                        !concepts[index].parts.contains(head)
                    else { continue }
                    heads.append(head)
                }
            }
            concepts[index].related = related + heads
        }
        // Deduplicate, keep order.
        var seen: Set<String> = []
        concepts = concepts.filter { seen.insert($0.text).inserted }
        if concepts.isEmpty && phrases.isEmpty {
            concepts = optional.filter { seen.insert($0).inserted }.map { concept($0, lexicon) }
            optional = []
        }
        return QueryPlan(concepts: concepts, optional: optional, phrases: phrases)
    }

    /// Runs of 2–4 Han characters standing alone (between spaces, punctuation or the ends), that are
    /// not one known word or scaffolding: start byte → end byte in `text`.
    static func shortUnits(_ text: String, _ lexicon: Lexicon) -> [Int: Int] {
        let scalars = Array(text.unicodeScalars)
        let classes = scalars.map { CharClass.of(FoldTable.shared.fold($0.value)) }
        var offsets = [0]
        for scalar in scalars {
            let value = scalar.value
            offsets.append(offsets[offsets.count - 1] + (value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4))
        }
        var units: [Int: Int] = [:]
        var start = 0
        while start < scalars.count {
            guard classes[start] == .han else {
                start += 1
                continue
            }
            var end = start
            while end < scalars.count && classes[end] == .han { end += 1 }
            let alone = (start == 0 || classes[start - 1] == .other) && (end == scalars.count || classes[end] == .other)
            if alone && (2...4).contains(end - start) {
                let folded = FoldedText(String(String.UnicodeScalarView(scalars[start..<end]))).string
                if !lexicon.terms.contains(folded) && !lexicon.scaffolding.contains(folded) { units[offsets[start]] = offsets[end] }
            }
            start = end
        }
        return units
    }

    /// Whether `text` is made only of generic words of the domain (心理 + 健康): it says as little as they do.
    static func isGenericCompound(_ text: String, _ lexicon: Lexicon) -> Bool {
        let characters = Array(text)
        // reachable[i]: the first i characters split into generic words.
        var reachable = [true] + Array(repeating: false, count: characters.count)
        for end in 1...max(characters.count, 1) where end <= characters.count {
            for start in 0..<end where reachable[start] && lexicon.generic.contains(String(characters[start..<end])) {
                reachable[end] = true
                break
            }
        }
        return reachable[characters.count]
    }

    /// A teacher the way parents say it (…老师) and the way documents write it (…教师).
    static let teacherRegister = (spoken: "老师", written: "教师")

    private static func concept(_ text: String, _ lexicon: Lexicon) -> Concept {
        let isHan = text.unicodeScalars.allSatisfy { CharClass.of($0.value) == .han }
        var synonyms = lexicon.synonyms(of: text)
        // 任课老师 → 任课教师, 心理老师 → 心理教师: policy texts say 教师 where parents say 老师.
        if text.count > 2, text.hasSuffix(teacherRegister.spoken) {
            let written = String(text.dropLast(2)) + teacherRegister.written
            if !synonyms.contains(written) { synonyms.append(written) }
        }
        return Concept(
            text: text, synonyms: synonyms, isHan: isHan, length: text.unicodeScalars.count,
            generic: lexicon.generic.contains(text),
            known: lexicon.terms.contains(text) || lexicon.related[text] != nil || text.unicodeScalars.contains { CharClass.of($0.value) == .alnum })
    }

    /// Whether nothing is left to search for.
    public var isEmpty: Bool { concepts.isEmpty && phrases.isEmpty }
}

extension CharClass {
    static func isToken(_ value: UInt32) -> Bool { of(FoldTable.shared.fold(value)) != .other }
}
