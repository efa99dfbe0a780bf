/// Splits a letter's SMS text into messages of at most 70 characters, the length of one Chinese
/// (UCS-2) SMS.
///
/// Length is counted in `Character`s (user-perceived characters), the way Chinese carriers and SMS
/// gateways count 短信字数: every 汉字, letter, digit and punctuation mark is one. A `Character` is never
/// split, so a segment never ends inside a character. A text of more than 70 characters becomes several
/// messages, each starting with a `(1/3)` style prefix that counts within the 70. Breaks fall after
/// sentence punctuation (。！？；…) where there is one in the second half of a message, then after a
/// clause mark (，、：), and only then anywhere — but never inside a run of digits or Latin letters, so a
/// hotline number such as 12356 stays whole.
public enum SMSSegmenter {
    /// Characters in one SMS.
    public static let limit = 70

    /// The messages to send: the text itself when it fits, otherwise prefixed pieces. Empty for an
    /// empty text.
    public static func segments(_ text: String, limit: Int = SMSSegmenter.limit) -> [String] {
        let parts = pieces(text, limit: limit)
        guard parts.count > 1 else { return parts }
        return parts.enumerated().map { prefix($0.offset + 1, of: parts.count) + $0.element }
    }

    /// The pieces of `text` without prefixes; joined, they give back `text` exactly.
    public static func pieces(_ text: String, limit: Int = SMSSegmenter.limit) -> [String] {
        let characters = Array(text)
        if characters.isEmpty { return [] }
        if characters.count <= limit { return [text] }
        // The prefix width depends on the number of pieces: try one digit, then two, and so on. The
        // count can only grow as prefixes widen, so the first width that holds the count is right.
        var digits = 1
        while true {
            let parts = split(characters, limit: limit, countDigits: digits)
            if String(parts.count).count <= digits || digits >= 6 { return parts.map { String($0) } }
            digits += 1
        }
    }

    /// `(i/n)`, the prefix of the `i`th of `n` messages.
    public static func prefix(_ index: Int, of count: Int) -> String { "(\(index)/\(count))" }

    // MARK: - Splitting

    static let sentenceEnds: Set<Character> = ["。", "！", "？", "；", "…", "!", "?", ";", "\n"]
    static let clauseEnds: Set<Character> = ["，", "、", "：", ",", ":", " "]
    /// Closing marks that stay with the sentence before them (。” stays whole).
    static let closers: Set<Character> = ["”", "’", "」", "』", "）", ")", "】", "》", "〉"]

    private static func split(_ characters: [Character], limit: Int, countDigits: Int) -> [ArraySlice<Character>] {
        var parts: [ArraySlice<Character>] = []
        var start = 0
        while start < characters.count {
            let index = parts.count + 1
            // "(" + index + "/" + count + ")"
            let budget = max(1, limit - (3 + String(index).count + countDigits))
            if characters.count - start <= budget {
                parts.append(characters[start...])
                break
            }
            let end = breakPoint(characters, from: start, budget: budget)
            parts.append(characters[start..<end])
            start = end
        }
        return parts
    }

    /// Where the piece starting at `start` ends (exclusive), at most `budget` characters on.
    private static func breakPoint(_ characters: [Character], from start: Int, budget: Int) -> Int {
        let last = start + budget
        let half = start + max(1, budget / 2)
        for rule in [isSentenceBreak, isClauseBreak] {
            if let end = stride(from: last, through: half, by: -1).first(where: { rule(characters, start, $0) }) { return end }
        }
        for rule in [isSentenceBreak, isClauseBreak] {
            if let end = stride(from: half - 1, to: start, by: -1).first(where: { rule(characters, start, $0) }) { return end }
        }
        // No punctuation: cut at the budget, moved back to the start of a digit or Latin word it would split.
        // (A word longer than half a message is cut anyway.)
        var end = last
        while end > start + 1, isWordCharacter(characters[end - 1]), isWordCharacter(characters[end]) { end -= 1 }
        return end - start < budget / 2 ? last : end
    }

    /// A break after a sentence end (and any closing marks after it), not inside a run of them.
    private static func isSentenceBreak(_ characters: [Character], _ start: Int, _ end: Int) -> Bool {
        guard end > start, end < characters.count else { return false }
        let next = characters[end]
        if sentenceEnds.contains(next) && next != "\n" || closers.contains(next) { return false }
        var mark = end - 1
        while mark > start, closers.contains(characters[mark]) { mark -= 1 }
        return sentenceEnds.contains(characters[mark])
    }

    private static func isClauseBreak(_ characters: [Character], _ start: Int, _ end: Int) -> Bool {
        guard end > start, end < characters.count else { return false }
        let next = characters[end]
        guard clauseEnds.contains(characters[end - 1]) else { return false }
        return !clauseEnds.contains(next) && !sentenceEnds.contains(next) && !closers.contains(next)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
