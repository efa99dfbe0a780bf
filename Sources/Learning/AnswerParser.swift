import Foundation

/// Understands answers typed as `A`, `a`, `1`, `选B`, `AC`, `对`, or the option's text; letters and
/// numbers refer to the order the options were shown in.
public enum AnswerParser {
    public static let letters = Array("ABCDEF")

    public static func label(_ index: Int) -> String { String(letters[index]) }

    public static func parse(_ input: String, options: [Question.Option], multiple: Bool) -> [String]? {
        // Full-width letters and digits (Ａ, ２) typed on a Chinese keyboard count as their ASCII twins.
        var text = input.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).uppercased()
        while let last = text.last, "。.！!～~".contains(last) { text.removeLast() }
        for prefix in ["我选", "选项", "选", "答案是", "答案"] where text.hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)) }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if let exact = options.first(where: { $0.text.uppercased() == text }) { return [exact.id] }
        if ["对", "正确", "是", "√"].contains(text), options.contains(where: { $0.id == "T" }) { return ["T"] }
        if ["错", "错误", "不对", "否", "×"].contains(text), options.contains(where: { $0.id == "F" }) { return ["F"] }
        var chosen: [String] = []
        for character in text where !" ,、，".contains(character) {
            let index: Int
            if let number = character.wholeNumberValue {
                index = number - 1
            } else if let position = letters.firstIndex(of: character) {
                index = position
            } else {
                return nil
            }
            guard options.indices.contains(index) else { return nil }
            if !chosen.contains(options[index].id) { chosen.append(options[index].id) }
        }
        guard !chosen.isEmpty, multiple || chosen.count == 1 else { return nil }
        return chosen
    }
}
