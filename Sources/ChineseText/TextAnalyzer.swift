import Foundation
import ICUCore

/// One token: a span of folded scalars, with byte offsets into the original UTF-8 text.
public struct Token: Equatable, Sendable, CustomStringConvertible {
    /// Folded text of the token.
    public var text: String
    /// Start and end byte offsets in the original text.
    public var start: Int
    public var end: Int
    /// Whether the token shares the position of the previous one (sub-words, unigrams).
    public var colocated: Bool

    public init(text: String, start: Int, end: Int, colocated: Bool) {
        self.text = text
        self.start = start
        self.end = end
        self.colocated = colocated
    }

    public var description: String { colocated ? "+\(text)" : text }
}

/// The analysis shared by indexing and querying: fold, then segment into words (domain lexicon first,
/// longest match, then ICU word break, with sub-words colocated) or into character bigrams.
///
/// Thread-safe: ICU break iterators are pooled, one per concurrent caller.
public final class TextAnalyzer: @unchecked Sendable {
    public let lexicon: Lexicon
    private let table: FoldTable
    private let lock = NSLock()
    private var breakers: [WordBreaker] = []

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        self.table = .shared
    }

    /// What a visitor receives: a token's scalar span in the folded text and whether it is colocated.
    public typealias Visitor = (_ start: Int, _ end: Int, _ colocated: Bool) -> Void

    // MARK: - Words (table W)

    /// Visits word tokens in order: lexicon words and ICU words, each followed by its colocated
    /// sub-words (lexicon terms and ICU words inside words of 3+ characters); other-script letter and
    /// digit runs as single tokens.
    public func visitWords(_ text: FoldedText, _ visit: Visitor) {
        let scalars = text.scalars
        var index = 0
        let count = scalars.count
        var matches: [Int] = []
        while index < count {
            let kind = CharClass.of(scalars[index])
            var end = index + 1
            while end < count && CharClass.of(scalars[end]) == kind { end += 1 }
            switch kind {
            case .han: segmentHan(scalars, index, end, &matches, visit)
            case .alnum: visit(index, min(end, index + 64), false)
            case .other: break
            }
            index = end
        }
    }

    private func segmentHan(_ scalars: [UInt32], _ start: Int, _ end: Int, _ matches: inout [Int], _ visit: Visitor) {
        let trie = lexicon.trie
        var index = start
        var gapStart = -1
        while index < end {
            let length = trie.longestMatch(in: scalars, from: index, to: end)
            if length >= 2 {
                if gapStart >= 0 {
                    segmentGap(scalars, gapStart, index, &matches, visit)
                    gapStart = -1
                }
                emitWord(scalars, index, index + length, fromLexicon: true, &matches, visit)
                index += length
            } else {
                if gapStart < 0 { gapStart = index }
                index += 1
            }
        }
        if gapStart >= 0 { segmentGap(scalars, gapStart, end, &matches, visit) }
    }

    /// ICU word break over a stretch the lexicon does not cover.
    private func segmentGap(_ scalars: [UInt32], _ start: Int, _ end: Int, _ matches: inout [Int], _ visit: Visitor) {
        if end - start == 1 {
            visit(start, end, false)
            return
        }
        for (wordStart, wordEnd) in icuWords(scalars, start, end) {
            emitWord(scalars, wordStart, wordEnd, fromLexicon: false, &matches, visit)
        }
    }

    private func emitWord(
        _ scalars: [UInt32], _ start: Int, _ end: Int, fromLexicon: Bool, _ matches: inout [Int], _ visit: Visitor
    ) {
        visit(start, end, false)
        let length = end - start
        guard length >= 3 else { return }
        var seen: Set<Int> = []  // (start << 8 | length) of emitted sub-words
        for position in start..<end {
            lexicon.trie.matches(in: scalars, from: position, to: end, into: &matches)
            for match in matches where match >= 2 && match < length {
                if seen.insert((position - start) << 8 | match).inserted { visit(position, position + match, true) }
            }
        }
        if fromLexicon && length >= 3 {
            for (wordStart, wordEnd) in icuWords(scalars, start, end) where wordEnd - wordStart >= 2 && wordEnd - wordStart < length {
                if seen.insert((wordStart - start) << 8 | (wordEnd - wordStart)).inserted { visit(wordStart, wordEnd, true) }
            }
        }
    }

    /// ICU word boundaries inside `scalars[start..<end]` (all Han), as scalar spans.
    private func icuWords(_ scalars: [UInt32], _ start: Int, _ end: Int) -> [(Int, Int)] {
        var units: [UInt16] = []
        units.reserveCapacity(end - start)
        for index in start..<end {
            let value = scalars[index]
            guard value < 0x10000 else {
                // Supplementary ideographs are rare: treat each as a word of its own.
                return (start..<end).map { ($0, $0 + 1) }
            }
            units.append(UInt16(value))
        }
        let breaker = checkoutBreaker()
        defer { checkin(breaker) }
        guard let breaker, let segments = try? breaker.segments(units) else {
            return (start..<end).map { ($0, $0 + 1) }
        }
        return segments.map { (start + $0.start, start + $0.end) }
    }

    private func checkoutBreaker() -> WordBreaker? {
        lock.lock()
        if let breaker = breakers.popLast() {
            lock.unlock()
            return breaker
        }
        lock.unlock()
        return try? WordBreaker(locale: "zh")
    }

    private func checkin(_ breaker: WordBreaker?) {
        guard let breaker else { return }
        lock.lock()
        if breakers.count < 16 { breakers.append(breaker) }
        lock.unlock()
    }

    // MARK: - Grams (table G)

    /// Visits character bigrams of Han runs; in documents each character's unigram is colocated with
    /// the bigram that starts at it (so one-character queries match), in queries only bigrams are
    /// emitted (a one-character run gives its unigram). Runs of other letters and digits are treated alike.
    public func visitGrams(_ text: FoldedText, forQuery: Bool, _ visit: Visitor) {
        let scalars = text.scalars
        var index = 0
        let count = scalars.count
        while index < count {
            let kind = CharClass.of(scalars[index])
            var end = index + 1
            while end < count && CharClass.of(scalars[end]) == kind { end += 1 }
            switch kind {
            case .han, .alnum:
                // Letters and digits get character grams too, so a quoted phrase inside a Latin word
                // ("dh" in ADHD) is found exactly as a LIKE substring search would find it.
                if end - index == 1 {
                    visit(index, end, false)
                } else {
                    for position in index..<(end - 1) {
                        visit(position, position + 2, false)
                        if !forQuery { visit(position, position + 1, true) }
                    }
                    if !forQuery { visit(end - 1, end, false) }
                }
            case .other: break
            }
            index = end
        }
    }

    // MARK: - Convenience

    /// Word tokens of a string (tests, query planning).
    public func words(_ string: String) -> [Token] {
        let folded = FoldedText(string)
        var tokens: [Token] = []
        visitWords(folded) { start, end, colocated in tokens.append(Self.token(folded, start, end, colocated)) }
        return tokens
    }

    /// Gram tokens of a string.
    public func grams(_ string: String, forQuery: Bool = false) -> [Token] {
        let folded = FoldedText(string)
        var tokens: [Token] = []
        visitGrams(folded, forQuery: forQuery) { start, end, colocated in
            tokens.append(Self.token(folded, start, end, colocated))
        }
        return tokens
    }

    static func token(_ folded: FoldedText, _ start: Int, _ end: Int, _ colocated: Bool) -> Token {
        var text = String.UnicodeScalarView()
        for index in start..<end { text.append(Unicode.Scalar(folded.scalars[index]) ?? "\u{FFFD}") }
        return Token(
            text: String(text), start: Int(folded.offsets[start]), end: Int(folded.offsets[end]), colocated: colocated)
    }

    /// Writes the UTF-8 of folded scalars `start..<end` into `buffer` (reused by the FTS5 tokenizer).
    @inline(__always)
    public static func utf8(_ scalars: [UInt32], _ start: Int, _ end: Int, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        for index in start..<end {
            let value = scalars[index]
            if value < 0x80 {
                buffer.append(UInt8(value))
            } else if value < 0x800 {
                buffer.append(UInt8(0xC0 | (value >> 6)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            } else if value < 0x10000 {
                buffer.append(UInt8(0xE0 | (value >> 12)))
                buffer.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            } else {
                buffer.append(UInt8(0xF0 | (value >> 18)))
                buffer.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                buffer.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
    }
}
