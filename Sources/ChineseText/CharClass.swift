/// How the analyzer treats a (folded) scalar.
public enum CharClass: UInt8, Sendable {
    /// A CJK ideograph: segmented into words and bigrams.
    case han
    /// A letter or digit of any other script: runs become one token.
    case alnum
    /// Space, punctuation, symbols, emoji: separators.
    case other

    @inline(__always)
    public static func of(_ value: UInt32) -> CharClass {
        if value < 0x80 {
            if (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) { return .alnum }
            return .other
        }
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2FA1F).contains(value)
            || (0xF900...0xFAFF).contains(value) || value == 0x3007
        {
            return .han
        }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let category = scalar.properties.generalCategory
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
            return .alnum
        default:
            return .other
        }
    }
}
