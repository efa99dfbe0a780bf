public import Foundation

/// The domain dictionary, synonym sets and question scaffolding from `Content/lexicon/`.
///
/// Terms are stored folded (simplified, lower case), so a traditional query and a lexicon entry meet.
public struct Lexicon: Sendable {
    /// Domain terms (also every synonym and scaffolding entry), folded.
    public private(set) var terms: Set<String> = []
    /// Synonym sets, folded; the first entry of each is canonical.
    public private(set) var synonymSets: [[String]] = []
    /// Folded term → index into `synonymSets`.
    public private(set) var synonymIndex: [String: Int] = [:]
    /// Folded scaffolding expressions (怎么办, 吗 …), optional in queries.
    public private(set) var scaffolding: Set<String> = []
    /// Folded entries of `terms.txt` alone.
    public private(set) var domainTerms: Set<String> = []
    /// One-directional related expansions (`自残 > 心理危机, 危机干预`), folded: what texts answering a
    /// need tend to say, used at a lower weight than synonyms.
    public private(set) var related: [String: [String]] = [:]
    /// Folded words that pervade every text of the domain (孩子, 家长, 学校 …): a query's other words
    /// decide relevance, so ranking weighs these little. A synonym of a generic word is generic too.
    public private(set) var generic: Set<String> = []
    let trie: Trie

    public init(
        terms: [String] = [], synonymSets: [[String]] = [], scaffolding: [String] = [], related: [(String, [String])] = [],
        generic: [String] = []
    ) {
        var trie = Trie()
        func fold(_ text: String) -> String { FoldedText(text).string.trimmingCharacters(in: .whitespaces) }
        for term in terms {
            let folded = fold(term)
            guard !folded.isEmpty else { continue }
            self.terms.insert(folded)
            self.domainTerms.insert(folded)
            trie.insert(FoldedText(folded).scalars)
        }
        for set in synonymSets {
            let folded = set.map(fold).filter { !$0.isEmpty }
            guard folded.count >= 2 else { continue }
            let index = self.synonymSets.count
            self.synonymSets.append(folded)
            for term in folded {
                if synonymIndex[term] == nil { synonymIndex[term] = index }
                self.terms.insert(term)
                if term.unicodeScalars.count >= 2 { trie.insert(FoldedText(term).scalars) }
            }
        }
        for entry in scaffolding {
            let folded = fold(entry)
            guard !folded.isEmpty else { continue }
            self.scaffolding.insert(folded)
            if folded.unicodeScalars.count >= 2 { trie.insert(FoldedText(folded).scalars) }
        }
        var relatedMap: [String: [String]] = [:]
        for (term, expansions) in related {
            let key = fold(term)
            guard !key.isEmpty else { continue }
            var values = relatedMap[key] ?? []
            for value in expansions.map(fold) where !value.isEmpty && value != key && !values.contains(value) {
                values.append(value)
            }
            guard !values.isEmpty else { continue }
            relatedMap[key] = values
            if key.unicodeScalars.count >= 2 { trie.insert(FoldedText(key).scalars) }
        }
        self.related = relatedMap
        for word in generic.map(fold) where !word.isEmpty {
            self.generic.insert(word)
            if let index = synonymIndex[word] { self.generic.formUnion(self.synonymSets[index]) }
        }
        self.trie = trie
    }

    /// Loads `terms.txt`, `synonyms.txt`, `scaffolding.txt`, `related.txt` and `generic.txt` from a lexicon folder. Missing files
    /// count as empty; `#` starts a comment.
    public static func load(directory: String) throws(LexiconError) -> Lexicon {
        func lines(_ name: String) throws(LexiconError) -> [String] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .unreadable(path)
            }
            return text.split(separator: "\n").map { line in
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return content.trimmingCharacters(in: .whitespacesAndNewlines)
            }.filter { !$0.isEmpty }
        }
        let synonyms = try lines("synonyms.txt").map { line in
            line.split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let related = try lines("related.txt").compactMap { line -> (String, [String])? in
            let sides = line.split(separator: ">", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2 else { return nil }
            let values = sides[1].split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingCharacters(in: .whitespaces) }
            return (sides[0], values)
        }
        return Lexicon(
            terms: try lines("terms.txt"), synonymSets: synonyms, scaffolding: try lines("scaffolding.txt"), related: related,
            generic: try lines("generic.txt").flatMap { $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }).map(String.init) })
    }

    /// The lexicon documents are indexed with: domain terms only. Synonyms and scaffolding stay on the
    /// query side, so editing them never requires a reindex.
    public var indexLexicon: Lexicon { Lexicon(terms: Array(domainTerms)) }

    /// A digest of the segmentation-relevant content, to notice when the index needs rebuilding.
    public var segmentationDigest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for term in terms.sorted() {
            for byte in term.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x0A
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// The other members of a term's synonym set (folded), or empty.
    public func synonyms(of folded: String) -> [String] {
        guard let index = synonymIndex[folded] else { return [] }
        return synonymSets[index].filter { $0 != folded }
    }
}

/// A lexicon folder that cannot be read.
public enum LexiconError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read lexicon file \(path) (must be UTF-8 text)"
        }
    }
}

/// A character trie over folded scalars for longest-match lookup.
struct Trie: Sendable {
    private var children: [[UInt32: Int32]] = [[:]]
    private var terminal: [Bool] = [false]
    private(set) var maxLength = 0

    mutating func insert(_ scalars: [UInt32]) {
        guard !scalars.isEmpty else { return }
        var node = 0
        for value in scalars {
            if let next = children[node][value] {
                node = Int(next)
            } else {
                children.append([:])
                terminal.append(false)
                let next = children.count - 1
                children[node][value] = Int32(next)
                node = next
            }
        }
        terminal[node] = true
        maxLength = max(maxLength, scalars.count)
    }

    /// Lengths of every term that starts at `start` in `scalars[start..<end]`, shortest first.
    @inline(__always)
    func matches(in scalars: [UInt32], from start: Int, to end: Int, into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        var node = 0
        var index = start
        while index < end, let next = children[node][scalars[index]] {
            node = Int(next)
            index += 1
            if terminal[node] { result.append(index - start) }
        }
    }

    /// Length of the longest term starting at `start`, or 0.
    @inline(__always)
    func longestMatch(in scalars: [UInt32], from start: Int, to end: Int) -> Int {
        var node = 0
        var index = start
        var best = 0
        while index < end, let next = children[node][scalars[index]] {
            node = Int(next)
            index += 1
            if terminal[node] { best = index - start }
        }
        return best
    }
}
