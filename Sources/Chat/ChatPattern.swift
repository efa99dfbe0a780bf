public import Foundation
import ChineseText

/// A rule pattern over normalised chat text: parts separated by `…` (the next part must start within
/// a few characters of the previous one) or `+` (the next part follows at once), each part a set of
/// alternatives separated by `|`: `孩子|女儿+上课|学习` is 孩子上课, 女儿学习 … but not 有孩子的课.
///
/// `不想活` is a literal; `吞|吃…药` matches 吞了半瓶药 and 吃了一把药. Patterns are normalised the same
/// way as the text (folded to simplified, lower case, only letters and digits kept), so 兒子 and 儿子,
/// ＡＢ and ab, and 不 想 活 all match alike.
public struct ChatPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written in the rules file.
    public let source: String
    let parts: [[[Unicode.Scalar]]]
    /// Whether part `i` must follow part `i - 1` at once (`+`) rather than within the gap (`…`).
    let adjacent: [Bool]
    /// First scalars of the first part's alternatives: most positions are rejected with one lookup.
    let heads: Set<Unicode.Scalar>

    /// Parses a pattern; nil when a part or alternative is empty after normalisation.
    public init?(_ source: String) {
        self.source = source
        var parts: [[[Unicode.Scalar]]] = []
        var adjacent: [Bool] = []
        for (gapIndex, gapPart) in source.components(separatedBy: "…").enumerated() {
            for (joinIndex, part) in gapPart.components(separatedBy: "+").enumerated() {
                let alternatives = part.split(separator: "|", omittingEmptySubsequences: false).map { ChatText.normalize(String($0)) }
                guard !alternatives.isEmpty, alternatives.allSatisfy({ !$0.isEmpty }) else { return nil }
                parts.append(alternatives)
                adjacent.append(joinIndex > 0 || gapIndex == 0)
            }
        }
        guard !parts.isEmpty else { return nil }
        self.parts = parts
        self.adjacent = adjacent
        self.heads = Set(parts[0].compactMap(\.first))
    }

    public var description: String { source }

    public static func == (lhs: ChatPattern, rhs: ChatPattern) -> Bool { lhs.source == rhs.source && lhs.parts == rhs.parts }

    /// The first match in `text` (normalised), as a range of scalar positions, or nil.
    public func firstMatch(in text: [Unicode.Scalar], maxGap: Int) -> Range<Int>? {
        for start in text.indices where heads.contains(text[start]) {
            if let end = match(text, from: start, part: 0, maxGap: maxGap, anchored: true) { return start..<end }
        }
        return nil
    }

    /// Every non-overlapping match, left to right.
    public func matches(in text: [Unicode.Scalar], maxGap: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        while start < text.count {
            if heads.contains(text[start]), let end = match(text, from: start, part: 0, maxGap: maxGap, anchored: true) {
                result.append(start..<end)
                start = max(end, start + 1)
            } else {
                start += 1
            }
        }
        return result
    }

    /// Whether the pattern occurs in `text`.
    public func occurs(in text: [Unicode.Scalar], maxGap: Int) -> Bool { firstMatch(in: text, maxGap: maxGap) != nil }

    private func match(_ text: [Unicode.Scalar], from position: Int, part: Int, maxGap: Int, anchored: Bool) -> Int? {
        if part == parts.count { return position }
        let lastStart = anchored || adjacent[part] ? position : min(text.count - 1, position + maxGap)
        guard position <= lastStart else { return nil }
        for start in position...lastStart {
            for alternative in parts[part] where Self.hasPrefix(text, alternative, at: start) {
                if let end = match(text, from: start + alternative.count, part: part + 1, maxGap: maxGap, anchored: false) {
                    return end
                }
            }
        }
        return nil
    }

    private static func hasPrefix(_ text: [Unicode.Scalar], _ word: [Unicode.Scalar], at start: Int) -> Bool {
        guard start >= 0, start + word.count <= text.count else { return false }
        for offset in word.indices where text[start + offset] != word[offset] { return false }
        return true
    }
}

/// Normalisation shared by patterns and utterances.
public enum ChatText {
    /// Folds (traditional → simplified, full width → ASCII, lower case) and keeps only letters, digits
    /// and ideographs: spaces, punctuation and emoji are dropped, so "不 想 活" and "不想活！！" match 不想活.
    public static func normalize(_ text: String) -> [Unicode.Scalar] {
        let folded = FoldedText(text)
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(folded.scalars.count)
        for value in folded.scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let properties = scalar.properties
            if properties.isEmojiPresentation { continue }
            if properties.isAlphabetic || properties.numericType != nil || properties.isIdeographic {
                result.append(scalar)
            }
        }
        return result
    }

    /// `normalize`, and where a clause ended in the dropped text: `breaks` holds each index of the result that
    /// follows whitespace, clause punctuation (，。！？；、…) or an emoji. Negations reach no further than that.
    public static func normalizeMarkingBreaks(_ text: String) -> (scalars: [Unicode.Scalar], breaks: Set<Int>) {
        let folded = FoldedText(text)
        var result: [Unicode.Scalar] = []
        var breaks = Set<Int>()
        result.reserveCapacity(folded.scalars.count)
        for value in folded.scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let properties = scalar.properties
            if properties.isEmojiPresentation {
                breaks.insert(result.count)
                continue
            }
            if properties.isAlphabetic || properties.numericType != nil || properties.isIdeographic {
                result.append(scalar)
            } else if properties.isWhitespace || clauseEnds.contains(scalar) {
                breaks.insert(result.count)
            }
        }
        return (result, breaks)
    }

    /// Punctuation that ends a clause (after folding full width to ASCII); quotes and brackets do not.
    static let clauseEnds: Set<Unicode.Scalar> = [",", ".", "!", "?", ";", ":", "。", "、", "…", "~", "～", "，", "！", "？", "；", "："]

    /// The scalars as a string.
    public static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
